// The weekly schema checks on a real PostgreSQL 16, each against an induced condition: a dropped and a
// redefined contract constraint (constraints.contract CRIT, each listed), the invalid index a failed
// CREATE UNIQUE INDEX CONCURRENTLY leaves (indexes.valid CRIT), a second index on a UNIQUE column
// (indexes.duplicate WARN); the fresh migrated clone is OK on all three, and the contract table equals
// what the migrations create.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { CONTRACT_CONSTRAINTS } from '../../src/ops/constraint-contract.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { checkRunner, type RunCheck } from '../support/ops-check.js';

let db: TestDatabase;
let pool: Pool;
let check: RunCheck;

beforeAll(async () => {
  db = await cloneDatabase('ops_catalog_schema');
  pool = createPool(db.superUrl, { max: 2 });
  check = checkRunner(pool);
});

afterAll(async () => {
  await pool?.end();
});

describe('constraints.contract', () => {
  it('the contract table equals what the migrations create, and a fresh database is OK', async () => {
    const r = await check('constraints.contract');
    expect(r.evidence.differences).toEqual([]);
    expect(r).toMatchObject({ status: 'OK', value: 0 });
    // Every uns_meta constraint of a fresh database is in the table (nothing the migrations add is left out).
    const names = (
      await db.pool.query<{ conname: string }>(
        `SELECT conname FROM pg_constraint WHERE connamespace = 'uns_meta'::regnamespace ORDER BY 1`,
      )
    ).rows.map((x) => x.conname);
    expect(names).toEqual(CONTRACT_CONSTRAINTS.map((c) => c.name).sort());
  });

  it('a dropped constraint and a changed definition are CRIT, each listed', async () => {
    await db.pool.query('ALTER TABLE uns_meta.metric_path_lineage DROP CONSTRAINT uq_lineage');
    await db.pool.query('ALTER TABLE uns_meta.metric_versions DROP CONSTRAINT metric_versions_metric_id_fkey');
    await db.pool.query(
      'ALTER TABLE uns_meta.metric_versions ADD CONSTRAINT metric_versions_metric_id_fkey FOREIGN KEY (metric_id) REFERENCES uns_meta.metrics (metric_id)',
    );
    try {
      const r = await check('constraints.contract');
      expect(r).toMatchObject({ status: 'CRIT', value: 2 });
      expect(r.evidence.differences).toEqual([
        expect.objectContaining({
          constraint: 'metric_versions_metric_id_fkey',
          problem: 'differs',
          actual: expect.objectContaining({
            definition: 'FOREIGN KEY (metric_id) REFERENCES uns_meta.metrics(metric_id)',
          }),
        }),
        expect.objectContaining({
          table: 'uns_meta.metric_path_lineage',
          constraint: 'uq_lineage',
          problem: 'missing',
        }),
      ]);
    } finally {
      await db.pool.query(
        'ALTER TABLE uns_meta.metric_path_lineage ADD CONSTRAINT uq_lineage UNIQUE (metric_id, old_uns_path, new_uns_path)',
      );
      await db.pool.query('ALTER TABLE uns_meta.metric_versions DROP CONSTRAINT metric_versions_metric_id_fkey');
      await db.pool.query(
        'ALTER TABLE uns_meta.metric_versions ADD CONSTRAINT metric_versions_metric_id_fkey FOREIGN KEY (metric_id) REFERENCES uns_meta.metrics (metric_id) ON DELETE CASCADE',
      );
    }
    expect((await check('constraints.contract')).status).toBe('OK');
  });

  it('a CHECK constraint loosened under the same name is CRIT', async () => {
    await db.pool.query('ALTER TABLE uns_meta.metric_properties DROP CONSTRAINT chk_metric_properties_type_value');
    await db.pool.query(
      'ALTER TABLE uns_meta.metric_properties ADD CONSTRAINT chk_metric_properties_type_value CHECK (value_int IS NOT NULL OR value_string IS NOT NULL)',
    );
    try {
      const r = await check('constraints.contract');
      expect(r).toMatchObject({
        status: 'CRIT',
        value: 1,
        evidence: {
          differences: [
            expect.objectContaining({ constraint: 'chk_metric_properties_type_value', problem: 'differs' }),
          ],
        },
      });
    } finally {
      await db.pool.query('ALTER TABLE uns_meta.metric_properties DROP CONSTRAINT chk_metric_properties_type_value');
      const def = CONTRACT_CONSTRAINTS.find((c) => c.name === 'chk_metric_properties_type_value')?.definition as string;
      await db.pool.query(
        `ALTER TABLE uns_meta.metric_properties ADD CONSTRAINT chk_metric_properties_type_value ${def}`,
      );
    }
    expect((await check('constraints.contract')).status).toBe('OK');
  });
});

describe('indexes.valid', () => {
  it('OK on the fresh database, with every index and its size', async () => {
    const r = await check('indexes.valid');
    expect(r).toMatchObject({ status: 'OK', value: 0, evidence: { invalid: [] } });
    expect(r.evidence.sizes).toHaveProperty(['uns_meta.uq_metrics_uns_path']);
  });

  it('the index a failed CREATE UNIQUE INDEX CONCURRENTLY leaves behind is CRIT', async () => {
    await db.pool.query(
      `INSERT INTO uns_meta.devices (group_id, edge, device, uns_path) VALUES ('G', 'E1', 'D', 'G/E1/D'), ('G', 'E2', 'D', 'G/E2/D')`,
    );
    await expect(
      db.pool.query('CREATE UNIQUE INDEX CONCURRENTLY idx_test_unique_group ON uns_meta.devices (group_id)'),
    ).rejects.toThrow(/could not create unique index/);
    try {
      const r = await check('indexes.valid');
      expect(r).toMatchObject({ status: 'CRIT', value: 1 });
      expect(r.evidence.invalid).toEqual([
        {
          table: 'uns_meta.devices',
          index: 'uns_meta.idx_test_unique_group',
          valid: false,
          ready: expect.any(Boolean),
          bytes: expect.any(Number),
        },
      ]);
    } finally {
      await db.pool.query('DROP INDEX CONCURRENTLY uns_meta.idx_test_unique_group');
      await db.pool.query('DELETE FROM uns_meta.devices');
    }
    expect((await check('indexes.valid')).status).toBe('OK');
  });
});

describe('indexes.duplicate', () => {
  it('OK on the fresh database (no index repeats another)', async () => {
    expect(await check('indexes.duplicate')).toMatchObject({ status: 'OK', value: 0, evidence: { duplicates: [] } });
  });

  it('a plain index beside a UNIQUE constraint, and an exact copy, are WARN; other predicates or opclasses are not', async () => {
    await db.pool.query('CREATE INDEX idx_test_dup_path ON uns_meta.metrics (uns_path)');
    await db.pool.query('CREATE INDEX idx_test_dup_canary ON uns_meta.metrics (canary_id)');
    await db.pool.query('CREATE INDEX idx_test_partial_path ON uns_meta.metrics (uns_path) WHERE retired_at IS NULL');
    await db.pool.query('CREATE INDEX idx_test_pattern_path ON uns_meta.metrics (uns_path text_pattern_ops)');
    try {
      const r = await check('indexes.duplicate');
      expect(r).toMatchObject({ status: 'WARN', value: 2 });
      expect(r.evidence.duplicates).toEqual([
        expect.objectContaining({
          table: 'uns_meta.metrics',
          indexes: ['uns_meta.idx_metrics_canary_id', 'uns_meta.idx_test_dup_canary'],
        }),
        expect.objectContaining({
          table: 'uns_meta.metrics',
          indexes: ['uns_meta.uq_metrics_uns_path', 'uns_meta.idx_test_dup_path'],
        }),
      ]);
    } finally {
      for (const i of ['idx_test_dup_path', 'idx_test_dup_canary', 'idx_test_partial_path', 'idx_test_pattern_path'])
        await db.pool.query(`DROP INDEX uns_meta.${i}`);
    }
  });
});
