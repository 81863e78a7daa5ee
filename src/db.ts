// PostgreSQL access: pools, transactions and advisory locks on top of `pg`. Nothing here knows the schema.

import pg from 'pg';
import { AppError } from './errors.js';

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

export function createPool(url: string, opts: { max?: number; applicationName?: string } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'uns-meta',
    types,
  });
  // An idle client losing its server (restart, failover) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
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
