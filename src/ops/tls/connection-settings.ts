// Where the checked database connection goes and with which TLS files: read from the pool's own
// connection string (what it really uses) or, without one, from the configured connection (DATABASE_URL,
// then the PG* variables). Also parses OPS_TLS_ENDPOINTS. Pure: no network, no file reads.

import type { Pool } from '../../db.js';

/** The configured connection: DATABASE_URL, else the PG* variables; read when the pool does not say. */
export interface DbConnectionSettings {
  url: string | undefined;
  host: string | undefined;
  port: number | undefined;
  sslmode: string | undefined;
  sslcert: string | undefined;
  sslkey: string | undefined;
  sslrootcert: string | undefined;
}

/** What the TLS checks and doctor flow B read. */
export interface TlsSettings {
  database: DbConnectionSettings;
  /** OPS_TLS_ENDPOINTS as given: parsed when checked, so a bad entry is reported by the check. */
  endpoints: string;
  /** OPS_TLS_CA_FILE: the CA bundle certificates are verified with (else the connection's sslrootcert). */
  caFile: string | undefined;
}

export interface DbTlsSettings {
  host: string;
  port: number;
  /** As configured; null when not set (node-postgres then connects without TLS). */
  sslmode: string | null;
  sslcert: string | null;
  sslkey: string | null;
  sslrootcert: string | null;
}

export interface Endpoint {
  host: string;
  port: number;
}

export function dbTlsSettings(db: Pick<Pool, 'options'> | null, configured: DbConnectionSettings): DbTlsSettings {
  const url = db?.options.connectionString ?? configured.url;
  if (url) return fromUrl(url);
  return {
    host: (typeof db?.options.host === 'string' ? db.options.host : undefined) ?? configured.host ?? 'localhost',
    port: db?.options.port ?? configured.port ?? 5432,
    sslmode: configured.sslmode ?? null,
    sslcert: configured.sslcert ?? null,
    sslkey: configured.sslkey ?? null,
    sslrootcert: configured.sslrootcert ?? null,
  };
}

export function fromUrl(raw: string): DbTlsSettings {
  const u = new URL(raw);
  const q = (k: string) => u.searchParams.get(k) || null;
  // libpq allows host and port as query parameters (Unix sockets: ?host=/run/postgresql).
  const host = q('host') ?? (u.hostname.replace(/^\[|\]$/g, '') || 'localhost');
  return {
    host,
    port: Number(q('port') ?? u.port) || 5432,
    sslmode: q('sslmode'),
    sslcert: q('sslcert'),
    sslkey: q('sslkey'),
    sslrootcert: q('sslrootcert'),
  };
}

/** `host:port,host:port` ([v6]:port allowed); a bad entry is reported, not skipped. */
export function parseEndpoints(list: string): { ok: true; endpoints: Endpoint[] } | { ok: false; reason: string } {
  const endpoints: Endpoint[] = [];
  for (const entry of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(entry);
    const port = Number(m?.[2]);
    if (!m?.[1] || port < 1 || port > 65535)
      return { ok: false, reason: `OPS_TLS_ENDPOINTS: "${entry}" is not host:port` };
    endpoints.push({ host: m[1], port });
  }
  return { ok: true, endpoints };
}
