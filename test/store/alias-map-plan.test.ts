// The alias map's delete finds a birth's few changed entries by index however stale the statistics: a
// delta can follow the device's first birth before autovacuum has analyzed the 100k entries it wrote, and
// a plan that walks the primary key's scope prefix per name reads every entry of the device each time
// (seen: 3.5 s for 98 names). Checked on the plan of the writer's own statement, not by timing it.

import { beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { SYNC_ALIASES } from '../../src/store/merge.js';
import { CREATE_STAGING } from '../../src/store/staging.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';

const ENTRIES = 20_000;
let db: TestDatabase;

beforeAll(async () => {
  db = await cloneDatabase('alias_map_plan');
  // Analyzed while empty, as after bootstrap; then two devices of the same type (the same names) are born.
  await db.pool.query('ANALYZE uns_meta_sync.aliases');
  for (const device of ['D1', 'D2']) {
    await db.pool.query(
      `INSERT INTO uns_meta_sync.aliases (group_id, edge, device, alias, name)
       SELECT 'G', 'E', $1, g, 'Area/Line ' || (g % 50) || '/Machine' || g || '/Speed' FROM generate_series(1, $2) g`,
      [device, ENTRIES],
    );
  }
});

async function planOfDelete(client: pg.PoolClient): Promise<string> {
  await client.query(CREATE_STAGING);
  // A delta: 98 metrics of D1 re-aliased, one gone.
  await client.query(
    `INSERT INTO stg_metric (ord, name, uns_path, datatype, alias, fp, props_staged, op, metric_id, old_alias)
     SELECT g, 'Area/Line ' || (g % 50) || '/Machine' || g || '/Speed', 'G/E/D1/' || g, 'Float', 100000 + g, '', false,
            'matched', g, g
     FROM generate_series(1, 98) g`,
  );
  const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${SYNC_ALIASES[0]}`, [
    'G',
    'E',
    'D1',
    ['Area/Line 0/Machine500/Speed'],
  ]);
  return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe('the alias map delete of a delta', () => {
  it('looks each changed name and alias up by index while the statistics still say the map is empty', async () => {
    const stats = await db.pool.query<{ reltuples: number }>(
      "SELECT reltuples FROM pg_class WHERE oid = 'uns_meta_sync.aliases'::regclass",
    );
    expect(stats.rows[0]?.reltuples).toBe(0);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const plan = await planOfDelete(client);
      expect(plan, plan).toContain('idx_aliases_scope_name');
      expect(plan, plan).toMatch(/Index Cond: \(.*\(alias = stg_metric\w*\.alias\)\)/);
      expect(plan, plan).not.toMatch(/Seq Scan on aliases/);
      // No lookup by the scope prefix alone: that is every entry of the device.
      expect(plan, plan).not.toMatch(
        /Index Cond: \(\(group_id = [^)]*\) AND \(edge = [^)]*\) AND \(device = [^)]*\)\)\n/,
      );
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
