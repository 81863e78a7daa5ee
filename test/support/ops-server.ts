// A PostgreSQL 16 of its own for ops checks that read or change server-wide state: archive_mode on with
// an archive_command that always fails (a .ready backlog on every WAL switch), prepared transactions
// allowed, and one bootstrapped database with a scratch table for the writes a condition needs.

import { createPool, type Pool } from '../../src/db.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../src/embedded/throwaway.js';
import { bootstrap, withDatabase } from '../../src/store/bootstrap.js';
import { checkRunner, type RunCheck } from './ops-check.js';

export interface OpsServer {
  server: ThrowawayPostgres;
  /** The bootstrapped database as superuser. */
  url: string;
  pool: Pool;
  check: RunCheck;
  stop(): Promise<void>;
}

export async function startOpsServer(database: string): Promise<OpsServer> {
  const server = await startThrowawayPostgres({
    extraFlags: ['-c', 'archive_mode=on', '-c', 'archive_command=/bin/false', '-c', 'max_prepared_transactions=5'],
  });
  await bootstrap(server.superUrl, { database });
  const url = withDatabase(server.superUrl, database);
  const pool = createPool(url, { max: 2 });
  await pool.query('CREATE TABLE public.probe (id int, filler text)');
  return {
    server,
    url,
    pool,
    check: checkRunner(pool),
    stop: async () => {
      await pool.end();
      await server.stop();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
