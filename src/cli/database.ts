// Which PostgreSQL a command talks to: DATABASE_URL, else the libpq PG* variables, else the embedded
// PostgreSQL 16 (started for the command, or reused when the service already runs it).

import type { Config } from '../config.js';
import { embeddedUrls } from '../embedded/credentials.js';
import { withDatabase } from '../store/bootstrap.js';

export interface DatabaseTarget {
  /** The application connection (role uns_meta_app in the embedded setup). */
  url: string;
  /** A connection allowed to migrate (admin or superuser), when known. */
  adminUrl: string | null;
  /** The replication connection of CDC (PG_REPL_URL; the embedded role uns_meta_cdc; else the app URL). */
  replUrl: string;
  embedded: boolean;
  close(): Promise<void>;
}

export function libpqUrl(c: Config): string | null {
  if (!c.PGHOST) return null;
  const u = new URL('postgres://localhost');
  u.hostname = c.PGHOST;
  if (c.PGPORT) u.port = String(c.PGPORT);
  if (c.PGUSER) u.username = encodeURIComponent(c.PGUSER);
  if (c.PGPASSWORD) u.password = encodeURIComponent(c.PGPASSWORD);
  u.pathname = '/' + encodeURIComponent(c.PGDATABASE ?? 'uns_metadata');
  const params: Array<[string, string | undefined]> = [
    ['sslmode', c.PGSSLMODE],
    ['sslrootcert', c.PGSSLROOTCERT],
    ['sslcert', c.PGSSLCERT],
    ['sslkey', c.PGSSLKEY],
  ];
  for (const [k, v] of params) if (v) u.searchParams.set(k, v);
  return u.toString();
}

export function isEmbedded(c: Config): boolean {
  return !c.DATABASE_URL && !c.PGHOST;
}

/** The URL without starting anything (for `db url`). */
export function configuredUrl(c: Config): { url: string; embedded: boolean } {
  if (c.DATABASE_URL) return { url: c.DATABASE_URL, embedded: false };
  const libpq = libpqUrl(c);
  if (libpq) return { url: libpq, embedded: false };
  return { url: embeddedUrls(c.EMBEDDED_PG_DIR, c.EMBEDDED_PG_PORT).appUrl, embedded: true };
}

export async function openDatabase(c: Config, log?: (line: string) => void): Promise<DatabaseTarget> {
  if (!isEmbedded(c)) {
    const url = configuredUrl(c).url;
    return {
      url,
      adminUrl: c.DATABASE_ADMIN_URL ?? null,
      replUrl: c.PG_REPL_URL ?? url,
      embedded: false,
      close: async () => undefined,
    };
  }
  // Loaded on demand: the embedded server's package installs process exit hooks on import.
  const { startEmbeddedPostgres } = await import('../embedded/postgres.js');
  const pg = await startEmbeddedPostgres({ dataDir: c.EMBEDDED_PG_DIR, port: c.EMBEDDED_PG_PORT, log });
  return {
    url: pg.appUrl,
    adminUrl: withDatabase(pg.adminUrl, 'uns_metadata'),
    replUrl: c.PG_REPL_URL ?? pg.replUrl,
    embedded: true,
    close: () => pg.stop(),
  };
}
