// The database contract of spec/schema.md, checked by name against the migrated template.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { readGrants } from '../../src/ops/grants/current.js';
import { packagePath } from '../../src/package-root.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';

let db: TestDatabase;
let deviceId: bigint;
let metricId: bigint;

beforeAll(async () => {
  db = await cloneDatabase('contract');
  deviceId = (
    await db.pool.query(
      `INSERT INTO uns_meta.devices (group_id, edge, device, uns_path) VALUES ('G','E','D','G/E/D') RETURNING device_id`,
    )
  ).rows[0].device_id;
  metricId = (
    await db.pool.query(
      `INSERT INTO uns_meta.metrics (device_id, name, uns_path, datatype) VALUES ($1, 'a/b', 'G/E/D/a/b', 'Float') RETURNING metric_id`,
      [deviceId],
    )
  ).rows[0].metric_id;
});

async function violation(sql: string, params: unknown[] = []): Promise<{ code?: string; constraint?: string }> {
  try {
    await db.pool.query(sql, params);
  } catch (err) {
    const e = err as { code?: string; constraint?: string };
    return { code: e.code, constraint: e.constraint };
  }
  throw new Error(`expected a violation: ${sql}`);
}

describe('database contract', () => {
  it('canary_id is generated from uns_path', async () => {
    const r = await db.pool.query('SELECT canary_id FROM uns_meta.metrics WHERE metric_id = $1', [metricId]);
    expect(r.rows[0].canary_id).toBe('G.E.D.a.b');
    expect(
      await violation(`UPDATE uns_meta.metrics SET canary_id = 'x' WHERE metric_id = $1`, [metricId]),
    ).toMatchObject({ code: '428C9' });
  });

  it('uq_devices_spb_identity and the unique device uns_path', async () => {
    expect(
      await violation(`INSERT INTO uns_meta.devices (group_id, edge, device, uns_path) VALUES ('G','E','D','other')`),
    ).toEqual({ code: '23505', constraint: 'uq_devices_spb_identity' });
    expect(
      await violation(`INSERT INTO uns_meta.devices (group_id, edge, device, uns_path) VALUES ('G','E','D2','G/E/D')`),
    ).toEqual({ code: '23505', constraint: 'uq_devices_uns_path' });
  });

  it('uq_metric_spb_identity, the unique metric uns_path and the device FK', async () => {
    expect(
      await violation(
        `INSERT INTO uns_meta.metrics (device_id, name, uns_path, datatype) VALUES ($1, 'a/b', 'G/E/D/x', 'Float')`,
        [deviceId],
      ),
    ).toEqual({ code: '23505', constraint: 'uq_metric_spb_identity' });
    expect(
      await violation(
        `INSERT INTO uns_meta.metrics (device_id, name, uns_path, datatype) VALUES ($1, 'other', 'G/E/D/a/b', 'Float')`,
        [deviceId],
      ),
    ).toEqual({ code: '23505', constraint: 'uq_metrics_uns_path' });
    expect(
      await violation(
        `INSERT INTO uns_meta.metrics (device_id, name, uns_path, datatype) VALUES (999999, 'n', 'p', 'Float')`,
      ),
    ).toEqual({ code: '23503', constraint: 'metrics_device_id_fkey' });
  });

  it.each([
    ['no value', `'int', NULL, NULL`],
    ['value in the wrong column', `'int', NULL, 5`],
    ['two values', `'int', 1, 5`],
  ])('chk_metric_properties_type_value rejects %s', async (_label, cols) => {
    const v = await violation(
      `INSERT INTO uns_meta.metric_properties (metric_id, key, type, value_int, value_long) VALUES ($1, 'k', ${cols})`,
      [metricId],
    );
    expect(v).toEqual({ code: '23514', constraint: 'chk_metric_properties_type_value' });
  });

  it('accepts exactly one value in the column of its type', async () => {
    await db.pool.query(
      `INSERT INTO uns_meta.metric_properties (metric_id, key, type, value_float) VALUES ($1, 'f', 'float', 0.1)`,
      [metricId],
    );
    await expect(
      violation(
        `INSERT INTO uns_meta.metric_properties (metric_id, key, type, value_float) VALUES ($1, 'f', 'float', 1)`,
        [metricId],
      ),
    ).resolves.toEqual({ code: '23505', constraint: 'metric_properties_pkey' });
  });

  it('the property type enum has exactly the six types', async () => {
    const r = await db.pool.query(`SELECT enum_range(NULL::uns_meta.spb_property_type)::text AS e`);
    expect(r.rows[0].e).toBe('{int,long,float,double,string,boolean}');
  });

  it('uq_lineage', async () => {
    await db.pool.query(
      `INSERT INTO uns_meta.metric_path_lineage (metric_id, old_uns_path, new_uns_path) VALUES ($1, 'x', 'y')`,
      [metricId],
    );
    expect(
      await violation(
        `INSERT INTO uns_meta.metric_path_lineage (metric_id, old_uns_path, new_uns_path) VALUES ($1, 'x', 'y')`,
        [metricId],
      ),
    ).toEqual({ code: '23505', constraint: 'uq_lineage' });
  });

  it('updated_at moves only when a column really changes', async () => {
    const t0 = (await db.pool.query('SELECT updated_at FROM uns_meta.metrics WHERE metric_id = $1', [metricId])).rows[0]
      .updated_at;
    await db.pool.query(`UPDATE uns_meta.metrics SET datatype = 'Float' WHERE metric_id = $1`, [metricId]);
    expect(
      (await db.pool.query('SELECT updated_at FROM uns_meta.metrics WHERE metric_id = $1', [metricId])).rows[0]
        .updated_at,
    ).toEqual(t0);
    await db.pool.query(`UPDATE uns_meta.metrics SET datatype = 'Double' WHERE metric_id = $1`, [metricId]);
    expect(
      (await db.pool.query('SELECT updated_at FROM uns_meta.metrics WHERE metric_id = $1', [metricId])).rows[0]
        .updated_at,
    ).not.toEqual(t0);
  });

  // Same columns with another access method, operator class or collation (trigram search, byte-order
  // paging) serve other queries: only an index identical in all of these is a duplicate.
  it('no duplicate indexes: no two indexes of a table on the same columns, method, opclass, collation and predicate', async () => {
    const r = await db.pool.query(`
      SELECT indrelid::regclass AS t, indkey::text AS cols, count(*) AS n FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE c.relnamespace IN ('uns_meta'::regnamespace, 'uns_meta_sync'::regnamespace)
      GROUP BY 1, 2, ic.relam, indclass::text, indcollation::text, coalesce(pg_get_expr(indexprs, indrelid), ''), coalesce(pg_get_expr(indpred, indrelid), '')
      HAVING count(*) > 1`);
    expect(r.rows).toEqual([]);
  });

  it('the publication holds metrics and metric_properties only', async () => {
    const r = await db.pool.query(
      `SELECT schemaname || '.' || tablename AS t FROM pg_publication_tables WHERE pubname = 'uns_meta_pub' ORDER BY 1`,
    );
    expect(r.rows.map((x) => x.t)).toEqual(['uns_meta.metric_properties', 'uns_meta.metrics']);
  });
});

describe('roles and grants', () => {
  it('a freshly bootstrapped database has exactly the committed grants baseline', async () => {
    const baseline = JSON.parse(readFileSync(packagePath('database', 'grants-baseline.json'), 'utf8'));
    expect(await readGrants(db.pool)).toEqual(baseline);
  });

  async function as(role: string, sql: string): Promise<string | null> {
    const c = new pg.Client({ connectionString: db.urlAs(role) });
    await c.connect();
    try {
      await c.query(sql);
      return null;
    } catch (err) {
      return (err as { code?: string }).code ?? 'error';
    } finally {
      await c.end();
    }
  }

  it('uns_meta_app writes metadata but runs no DDL and never rewrites history', async () => {
    expect(
      await as('uns_meta_app', `INSERT INTO uns_meta.metric_versions (metric_id, diff) VALUES (${metricId}, '{}')`),
    ).toBeNull();
    expect(await as('uns_meta_app', `UPDATE uns_meta.metric_versions SET diff = '{}'`)).toBe('42501');
    expect(await as('uns_meta_app', `DELETE FROM uns_meta.metric_versions`)).toBe('42501');
    expect(await as('uns_meta_app', `DELETE FROM uns_meta.metrics`)).toBe('42501');
    expect(await as('uns_meta_app', `UPDATE uns_meta.metric_path_lineage SET new_uns_path = 'z'`)).toBe('42501');
    expect(await as('uns_meta_app', `CREATE TABLE uns_meta.x (a int)`)).toBe('42501');
    expect(await as('uns_meta_app', `ALTER TABLE uns_meta.metrics ADD COLUMN x int`)).toBe('42501');
    expect(await as('uns_meta_app', `DELETE FROM uns_meta_sync.schema_migrations`)).toBe('42501');
    expect(await as('uns_meta_app', `DELETE FROM uns_meta.metric_properties WHERE key = 'nothing'`)).toBeNull();
    expect(await as('uns_meta_app', `CREATE TEMP TABLE t (a int)`)).toBeNull();
  });

  it('uns_meta_ro reads and cannot write', async () => {
    expect(await as('uns_meta_ro', 'SELECT count(*) FROM uns_meta.metrics')).toBeNull();
    expect(await as('uns_meta_ro', `UPDATE uns_meta.metrics SET datatype = 'x'`)).toBe('42501');
    expect(await as('uns_meta_ro', `SELECT count(*) FROM uns_meta_sync.births`)).toBe('42501');
  });

  it('uns_meta_cdc can create a pgoutput slot and read the published changes', async () => {
    const c = new pg.Client({ connectionString: db.urlAs('uns_meta_cdc') });
    await c.connect();
    const slot = `t_${db.name}`.slice(0, 60);
    try {
      await c.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [slot]);
      await db.pool.query(`UPDATE uns_meta.metrics SET datatype = 'Int32' WHERE metric_id = $1`, [metricId]);
      const r = await c.query(
        `SELECT count(*)::int AS n FROM pg_logical_slot_peek_binary_changes($1, NULL, NULL, 'proto_version', '1', 'publication_names', 'uns_meta_pub')`,
        [slot],
      );
      expect(r.rows[0].n).toBeGreaterThanOrEqual(3); // BEGIN, RELATION, UPDATE, COMMIT
      expect(await as('uns_meta_cdc', `UPDATE uns_meta.metrics SET datatype = 'x'`)).toBe('42501');
    } finally {
      await c.query('SELECT pg_drop_replication_slot($1)', [slot]).catch(() => undefined);
      await c.end();
    }
  });
});
