// A throw-away PostgreSQL 16 (bootstrapped uns_metadata) whose WAL the REAL pgBackRest archives into a
// local repository, for the backup and DR tests. As root the server runs as OS user "postgres" and so
// does archive-push (the server runs it): repository, log and lock directories and the configuration
// belong to "postgres", and OPS_PGBACKREST_USER=postgres makes uns-meta run pgbackrest as that user too.

import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.js';
import { startThrowawayPostgres } from '../../src/embedded/throwaway.js';
import { runPgBackRest, type PgBackRest } from '../../src/ops/backup/pgbackrest.js';
import { bootstrap, withDatabase } from '../../src/store/bootstrap.js';

export interface BackedUpPostgres {
  superUrl: string;
  /** Superuser URL of uns_metadata, bootstrapped and migrated. */
  dbUrl: string;
  stanza: string;
  /** OPS_* variables naming this stanza, its configuration and its owner. */
  env: Record<string, string>;
  pgbackrest: PgBackRest;
  config(extra?: Record<string, string | undefined>): Config;
  /** The archive_command that pushes into this stanza (for restoring it after a test broke it). */
  archiveCommand(stanza?: string): string;
  stop(): Promise<void>;
}

const root = userInfo().uid === 0;

/** Fails with the install step when pgBackRest cannot back up PostgreSQL 16 (Debian bookworm's 2.45 cannot). */
export function requirePgBackRest(): void {
  let v = '';
  try {
    v = execFileSync('pgbackrest', ['version'], { encoding: 'utf8' }).trim().split(' ')[1] ?? '';
  } catch {
    /* reported below */
  }
  const [major = 0, minor = 0] = v.split('.').map(Number);
  if (major < 2 || (major === 2 && minor < 47))
    throw new Error(
      `pgBackRest 2.47+ is needed for PostgreSQL 16 (found "${v || 'none'}"): run bash scripts/pgbackrest.sh (npm test does)`,
    );
}

export async function startBackedUpPostgres(stanza: string): Promise<BackedUpPostgres> {
  requirePgBackRest();
  const dir = mkdtempSync(join(tmpdir(), 'uns-meta-pgbr-'));
  chmodSync(dir, 0o755);
  for (const d of ['repo', 'log', 'lock']) {
    mkdirSync(join(dir, d));
    if (root) chownSync(join(dir, d), uid('-u'), uid('-g'));
  }
  const configFile = join(dir, 'pgbackrest.conf');
  const global = `[global]\nrepo1-path=${dir}/repo\nlog-path=${dir}/log\nlock-path=${dir}/lock\nstart-fast=y\nrepo1-retention-full=9\narchive-timeout=30\n`;
  writeFileSync(configFile, global);
  const archiveCommand = (s = stanza) => `pgbackrest --config=${configFile} --stanza=${s} archive-push %p`;
  // archive_command is set with ALTER SYSTEM, not -c: a command-line setting could not be broken by a test.
  const server = await startThrowawayPostgres({ extraFlags: ['-c', 'archive_mode=on', '-c', 'fsync=off'] });
  try {
    const c = new pg.Client({ connectionString: server.superUrl });
    await c.connect();
    const s = (
      await c.query<{ d: string; p: string; u: string }>(
        `SELECT current_setting('data_directory') d, current_setting('port') p, split_part(current_setting('unix_socket_directories'), ',', 1) u`,
      )
    ).rows[0];
    // The stanza section needs the running cluster's data directory, port and socket.
    writeFileSync(configFile, `${global}\n[${stanza}]\npg1-path=${s?.d}\npg1-port=${s?.p}\npg1-socket-path=${s?.u}\n`);
    const env: Record<string, string> = {
      OPS_PGBACKREST_STANZA: stanza,
      OPS_PGBACKREST_CONFIG: configFile,
      ...(root ? { OPS_PGBACKREST_USER: 'postgres' } : {}),
    };
    const pgbackrest: PgBackRest = { bin: 'pgbackrest', stanza, configFile, runAs: env.OPS_PGBACKREST_USER };
    await runPgBackRest(pgbackrest, 'stanza-create');
    await c.query(`ALTER SYSTEM SET archive_command = ${pg.escapeLiteral(archiveCommand())}`);
    await c.query('SELECT pg_reload_conf()');
    await c.end();
    await bootstrap(server.superUrl);
    const dbUrl = withDatabase(server.superUrl, 'uns_metadata');
    const config = (extra: Record<string, string | undefined> = {}) =>
      loadConfig({ DATABASE_URL: dbUrl, ...env, ...extra }, { envFile: '/nonexistent' });
    return {
      superUrl: server.superUrl,
      dbUrl,
      stanza,
      env,
      pgbackrest,
      config,
      archiveCommand,
      stop: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

function uid(flag: string): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
}
