// PostgreSQL access: pools, transactions and advisory locks on top of `pg`. Nothing here knows the schema.

import pg from 'pg';
import type { Logger } from './log.js';
import { AppError, SQLSTATE } from './errors.js';

// int8 and int8[] come back as BigInt so 64-bit ids and values never pass through a JS double.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => BigInt(v);
    const builtIn = pg.types.getTypeParser as (oid: number, format?: 'text' | 'binary') => (v: string) => unknown;
    if (oid === 1016) return (v: string) => (builtIn(1016)(v) as string[]).map((x) => BigInt(x));
    return builtIn(oid, format ?? 'text');
  },
};

export type Pool = pg.Pool;
export type Client = pg.PoolClient;

export function createPool(
  url: string,
  opts: { max?: number; applicationName?: string; log?: Pick<Logger, 'warn'> } = {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'uns-meta',
    // Waiting for a connection never hangs for ever: after this it is an error the caller retries.
    connectionTimeoutMillis: 30_000,
    types,
  });
  // An idle client losing its server (restart, failover) must not crash the process; the pool replaces it.
  pool.on('error', (err) =>
    opts.log?.warn({ err }, 'an idle database connection was lost; the pool opens a new one when needed'),
  );
  return pool;
}

/** A single connection outside a pool (for session-level locks and one-shot admin work). */
export async function connect(url: string, applicationName = 'uns-meta'): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName, types });
  try {
    await client.connect();
  } catch (err) {
    throw new AppError('db_unavailable', `cannot connect to PostgreSQL: ${(err as Error).message}`, { cause: err });
  }
  client.on('error', () => undefined);
  return client;
}

export type Queryable = Pick<pg.ClientBase, 'query'>;

export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** A stable 64-bit advisory lock key for a text identity (same function in every instance). */
export async function xactLock(client: Queryable, identity: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [identity]);
}

// SQLSTATE classes that describe the server or the connection, not the data: 08 connection, 53
// resources, 57 operator intervention (shutdown, restart), 58 system, 40 rollback (serialization,
// deadlock), 3D000 database missing, 28 authentication, 42501 privilege, 42P01 table missing.
const RETRYABLE_CLASSES = ['08', '53', '57', '58', '40', '28'];
const RETRYABLE_STATES = new Set<string>([
  SQLSTATE.invalid_catalog_name,
  SQLSTATE.insufficient_privilege,
  SQLSTATE.undefined_table,
  SQLSTATE.lock_not_available,
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** SQLSTATE 57014: a statement timeout (or a cancel), which a huge or contended birth can cause itself. */
export function isStatementTimeout(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === SQLSTATE.query_canceled;
}

/** An error worth waiting out (the database is down, restarting or misconfigured), not bad data. */
export function isRetryableDbError(err: unknown): boolean {
  if (err instanceof AppError) return err.code === 'db_unavailable';
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || RETRYABLE_STATES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return RETRYABLE_CLASSES.includes(code.slice(0, 2));
  }
  const msg = (err as Error | null)?.message ?? '';
  // pg reports a dropped socket without a code.
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(
    msg,
  );
}
