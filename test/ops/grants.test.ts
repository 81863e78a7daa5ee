// grants.drift on a real PostgreSQL 16: a fresh clone matches the committed baseline; object-level drift
// (extra, revoked, grant-option, column grants, default privileges, an owner) is CRIT with each difference
// listed, and the SQL of `--fix`, run as superuser, restores OK. Role-level drift (roles are cluster-wide,
// other files run in parallel) happens inside a transaction that is rolled back, so nobody else sees it.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPool, type Pool } from '../../src/db.js';
import { runCheckCadence } from '../../src/ops/check-run.js';
import { compareGrants } from '../../src/ops/grants/check.js';
import { opsContext } from '../../src/ops/context.js';
import { fixSql } from '../../src/ops/grants/fix.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { opsSettings } from '../../src/cli/settings.js';

let db: TestDatabase;
let pool: Pool;
const config = (env: Record<string, string> = {}) =>
  loadConfig({ DATABASE_URL: 'postgres://unused/x', ...env }, { envFile: '/nonexistent' });
const drift = async () =>
  (await runCheckCadence(opsContext(pool, opsSettings(config())), { cadence: 'monthly', only: ['grants.drift'] }))
    .results[0]!;
const rows = (differences: unknown) =>
  (differences as Array<{ kind: string; object: string; role: string; expected: unknown; actual: unknown }>).map(
    ({ kind, object, role, expected, actual }) => ({ kind, object, role, expected, actual }),
  );

beforeAll(async () => {
  db = await cloneDatabase('ops_grants');
  pool = createPool(db.superUrl, { max: 2 });
});

afterAll(async () => {
  await pool?.end();
});

/** Prints the fix for the current drift and runs it as the superuser, as an operator would with psql. */
async function applyFix(): Promise<string[]> {
  const sql = fixSql((await compareGrants(pool, opsSettings(config()).grants)).drift);
  await db.pool.query(sql.join('\n'));
  return sql;
}

describe('grants.drift', () => {
  it('a freshly migrated clone matches the committed baseline: OK, nothing listed', async () => {
    const r = await drift();
    expect(r).toMatchObject({
      id: 'grants.drift',
      cadence: 'monthly',
      status: 'OK',
      value: 0,
      evidence: { differences: [] },
    });
  });

  it('extra, revoked, grant-option, column and default-privilege drift is CRIT, each listed; the fix restores OK', async () => {
    await db.pool.query(`
      GRANT DELETE ON uns_meta.metrics TO uns_meta_app;
      REVOKE INSERT ON uns_meta.metric_versions FROM uns_meta_app;
      GRANT SELECT ON uns_meta_sync.births TO uns_meta_ro WITH GRANT OPTION;
      GRANT SELECT (uns_path) ON uns_meta.devices TO PUBLIC;
      ALTER DEFAULT PRIVILEGES FOR ROLE uns_meta_admin IN SCHEMA uns_meta GRANT UPDATE ON TABLES TO uns_meta_app;
      ALTER DEFAULT PRIVILEGES FOR ROLE uns_meta_admin GRANT SELECT ON SEQUENCES TO uns_meta_ro;`);
    const r = await drift();
    expect(r.status).toBe('CRIT');
    expect(rows(r.evidence.differences)).toHaveLength(6);
    expect(rows(r.evidence.differences)).toEqual(
      expect.arrayContaining([
        {
          kind: 'table',
          object: 'uns_meta.metric_versions',
          role: 'uns_meta_app',
          expected: ['SELECT', 'INSERT'],
          actual: ['SELECT'],
        },
        {
          kind: 'table',
          object: 'uns_meta.metrics',
          role: 'uns_meta_app',
          expected: ['SELECT', 'INSERT', 'UPDATE'],
          actual: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
        },
        { kind: 'table', object: 'uns_meta_sync.births', role: 'uns_meta_ro', expected: [], actual: ['SELECT*'] },
        { kind: 'column', object: 'uns_meta.devices.uns_path', role: 'public', expected: [], actual: ['SELECT'] },
        {
          kind: 'default',
          object: 'uns_meta_admin: (all schemas) SEQUENCES',
          role: 'uns_meta_ro',
          expected: [],
          actual: ['SELECT'],
        },
        {
          kind: 'default',
          object: 'uns_meta_admin: uns_meta TABLES',
          role: 'uns_meta_app',
          expected: ['SELECT', 'INSERT'],
          actual: ['SELECT', 'INSERT', 'UPDATE'],
        },
      ]),
    );
    expect(r.value).toBe(6);
    const sql = await applyFix();
    expect(sql).toContain('REVOKE DELETE ON TABLE "uns_meta"."metrics" FROM "uns_meta_app";');
    expect(sql).toContain('REVOKE SELECT ("uns_path") ON TABLE "uns_meta"."devices" FROM PUBLIC;');
    expect(sql).toContain(
      'ALTER DEFAULT PRIVILEGES FOR ROLE "uns_meta_admin" IN SCHEMA "uns_meta" REVOKE UPDATE ON TABLES FROM "uns_meta_app";',
    );
    expect(await drift()).toMatchObject({ status: 'OK', value: 0 });
  });

  it('an object given away to another owner is CRIT; the fix re-owns it and resets what moved with it', async () => {
    await db.pool.query('ALTER TABLE uns_meta.metric_path_lineage OWNER TO uns_meta_ro');
    const r = await drift();
    expect(r.status).toBe('CRIT');
    expect(rows(r.evidence.differences)).toEqual(
      expect.arrayContaining([
        {
          kind: 'owner',
          object: 'uns_meta.metric_path_lineage',
          role: 'uns_meta_ro',
          expected: 'uns_meta_admin',
          actual: 'uns_meta_ro',
        },
        {
          kind: 'owner',
          object: 'uns_meta.metric_path_lineage_lineage_id_seq',
          role: 'uns_meta_ro',
          expected: 'uns_meta_admin',
          actual: 'uns_meta_ro',
        },
        expect.objectContaining({
          kind: 'table',
          object: 'uns_meta.metric_path_lineage',
          role: 'uns_meta_ro',
          expected: ['SELECT'],
        }),
      ]),
    );
    expect(await applyFix()).toContain('ALTER TABLE "uns_meta"."metric_path_lineage" OWNER TO "uns_meta_admin";');
    expect(await drift()).toMatchObject({ status: 'OK', value: 0 });
  });

  it('a table outside the baseline is CRIT; the fix only comments on it, whatever its name holds', async () => {
    await db.pool.query(`CREATE TABLE uns_meta."rogue\nDROP TABLE uns_meta.devices;" (a int)`);
    const r = await drift();
    expect(r.status).toBe('CRIT');
    expect(rows(r.evidence.differences)).toContainEqual({
      kind: 'owner',
      object: 'uns_meta.rogue\nDROP TABLE uns_meta.devices;',
      role: expect.any(String),
      expected: null,
      actual: expect.any(String),
    });
    const sql = await applyFix();
    expect(sql).toEqual([
      expect.stringMatching(
        /^-- not in the baseline: TABLE uns_meta\.rogue\?DROP TABLE uns_meta\.devices; \(owner \w+\): drop it, or regenerate the baseline/,
      ),
    ]);
    expect((await db.pool.query(`SELECT to_regclass('uns_meta.devices') IS NOT NULL AS kept`)).rows).toEqual([
      { kept: true },
    ]);
    expect((await drift()).status).toBe('CRIT');
    await db.pool.query(`DROP TABLE uns_meta."rogue\nDROP TABLE uns_meta.devices;"`);
    expect(await drift()).toMatchObject({ status: 'OK', value: 0 });
  });

  it('role-level drift (a new member of uns_meta_app, a role attribute) is listed and fixed, quoting odd names', async () => {
    const role = `t_grants_"${process.pid}" Odd`;
    const client = await pool.connect();
    try {
      // Uncommitted: parallel test files never see the shared roles change.
      await client.query('BEGIN');
      await client.query(
        `CREATE ROLE ${client.escapeIdentifier(role)}; GRANT uns_meta_app TO ${client.escapeIdentifier(role)}; ALTER ROLE uns_meta_ro CREATEDB`,
      );
      const { drift: found } = await compareGrants(client, opsSettings(config()).grants);
      expect(rows(found)).toEqual([
        { kind: 'role', object: 'createdb', role: 'uns_meta_ro', expected: false, actual: true },
        {
          kind: 'membership',
          object: 'uns_meta_app',
          role,
          expected: null,
          actual: { admin: false, inherit: true, set: true },
        },
      ]);
      const sql = fixSql(found);
      expect(sql).toEqual([
        'ALTER ROLE "uns_meta_ro" NOCREATEDB;',
        `REVOKE "uns_meta_app" FROM "t_grants_""${process.pid}"" Odd";`,
      ]);
      await client.query(sql.join('\n'));
      expect((await compareGrants(client, opsSettings(config()).grants)).drift).toEqual([]);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect((await pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount).toBe(0);
  });

  it('a missing or outdated baseline file is UNKNOWN, naming the command that writes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grants-baseline-'));
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ roles: [], schemas: [], tables: [], defaults: [] }));
    for (const [file, reason] of [
      ['missing.json', /cannot be read/],
      ['old.json', /not in the current format/],
    ] as const) {
      const run = await runCheckCadence(
        opsContext(pool, opsSettings(config({ OPS_GRANTS_BASELINE: join(dir, file) }))),
        {
          cadence: 'monthly',
          only: ['grants.drift'],
        },
      );
      expect(run.results[0]?.status).toBe('UNKNOWN');
      expect(run.results[0]?.remedy).toMatch(reason);
      expect(run.results[0]?.remedy).toMatch(/uns-meta db grants-baseline --write/);
    }
  });
});
