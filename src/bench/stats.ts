// Rows written per table of schema uns_meta: n_tup_ins + n_tup_upd + n_tup_del from pg_stat_user_tables.

import type { Pool } from '../db.js';

export type RowCounts = Record<string, number>;

export async function rowsByTable(pool: Pool, schema = 'uns_meta'): Promise<RowCounts> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const r = await client.query<{ relname: string; n: number }>(
      'SELECT relname, (n_tup_ins + n_tup_upd + n_tup_del)::float8 AS n FROM pg_stat_user_tables WHERE schemaname = $1',
      [schema],
    );
    return Object.fromEntries(r.rows.map((x) => [x.relname, x.n]));
  } finally {
    client.release();
  }
}
