// Induces the conditions the vacuum and bloat checks look for, on a real table: rows in
// metric_properties (with the device and metric they need) with autovacuum off for it, bulk writes
// whose statistics are flushed, and a wait until the cumulative statistics show them.

import type { Client, Pool } from '../../src/db.js';

export const PROPS = 'uns_meta.metric_properties';

/** `n` string properties of one metric, each value `pad` characters; autovacuum off for the table. */
export async function seedProperties(pool: Pool, n: number, pad = 100): Promise<void> {
  await pool.query(`ALTER TABLE ${PROPS} SET (autovacuum_enabled = false)`);
  const dev = await pool.query<{ id: string }>(
    `INSERT INTO uns_meta.devices (group_id, edge, device, uns_path) VALUES ('G', 'E', 'D', 'g/e/d') RETURNING device_id::text AS id`,
  );
  const met = await pool.query<{ id: string }>(
    `INSERT INTO uns_meta.metrics (device_id, name, uns_path, datatype) VALUES ($1, 'm', 'g/e/d/m', 'Int32') RETURNING metric_id::text AS id`,
    [dev.rows[0]?.id],
  );
  await writeAndFlush(pool, (c) =>
    c.query(
      `INSERT INTO uns_meta.metric_properties (metric_id, key, type, value_string) SELECT $1, 'k' || i, 'string', repeat('x', $3) FROM generate_series(1, $2) i`,
      [met.rows[0]?.id, n, pad],
    ),
  );
}

/** Runs `write` in one transaction, then makes this backend publish its statistics. */
export async function writeAndFlush(pool: Pool, write: (c: Client) => Promise<unknown>): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await write(c);
    await c.query('COMMIT');
    // Flushed when the backend next goes idle, i.e. right after this statement.
    await c.query('SELECT pg_stat_force_next_flush()');
  } finally {
    c.release();
  }
}

export async function deadTuples(pool: Pool, table = PROPS): Promise<number> {
  const r = await pool.query<{ n: number }>(
    'SELECT n_dead_tup::float8 AS n FROM pg_stat_all_tables WHERE relid = $1::regclass',
    [table],
  );
  return r.rows[0]?.n ?? 0;
}

/** Polls the statistics (a fresh snapshot each time) until `ok`; fails with the last value seen. */
export async function waitForDead(pool: Pool, ok: (n: number) => boolean, table = PROPS): Promise<number> {
  let n = -1;
  for (let i = 0; i < 100; i++) {
    await pool.query('SELECT pg_stat_clear_snapshot()');
    n = await deadTuples(pool, table);
    if (ok(n)) return n;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`n_dead_tup of ${table} stayed at ${n}`);
}
