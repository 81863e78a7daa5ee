// A short-lived pool for one CLI command: opens the configured database (or the embedded one), runs the
// command's work and closes both, also when the work fails. Not for the long-running service.

import { createPool, type Pool } from '../db.js';
import type { Config } from '../config.js';
import { openDatabase } from './database.js';

export async function withCommandPool<T>(c: Config, fn: (pool: Pool) => Promise<T>): Promise<T> {
  const db = await openDatabase(c);
  const pool = createPool(db.url, { max: 2 });
  try {
    return await fn(pool);
  } finally {
    await pool.end();
    await db.close();
  }
}
