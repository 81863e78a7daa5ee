// Rows written in schema uns_meta, read from pg_stat_user_tables (n_tup_ins + n_tup_upd + n_tup_del).

import type { Pool } from '../../src/db.js';

export type TableCounts = Record<string, { ins: number; upd: number; del: number }>;

export async function tableCounts(pool: Pool, schema = 'uns_meta'): Promise<TableCounts> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const r = await client.query(
      'SELECT relname, n_tup_ins::int AS ins, n_tup_upd::int AS upd, n_tup_del::int AS del FROM pg_stat_user_tables WHERE schemaname = $1',
      [schema],
    );
    return Object.fromEntries(r.rows.map((x) => [x.relname, { ins: x.ins, upd: x.upd, del: x.del }]));
  } finally {
    client.release();
  }
}

export function rowsWritten(before: TableCounts, after: TableCounts): number {
  let n = 0;
  for (const [t, a] of Object.entries(after)) {
    const b0 = before[t] ?? { ins: 0, upd: 0, del: 0 };
    n += a.ins - b0.ins + (a.upd - b0.upd) + (a.del - b0.del);
  }
  return n;
}
