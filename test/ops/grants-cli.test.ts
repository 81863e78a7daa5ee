// `uns-meta ops grants` as a user runs it (the built dist): exit 0 without drift, 2 with it; --json lists
// the differences; --fix prints SQL, executes nothing, is logged as the action grants-fix, and the printed
// SQL run as superuser (what the operator does with psql) brings the report back to 0.

import { beforeAll, describe, expect, it } from 'vitest';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { runCli } from '../support/cli.js';

let db: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  db = await cloneDatabase('ops_grants_cli');
  env = { DATABASE_URL: db.superUrl, OPS_OPERATOR: 'grants-test' };
});

describe('uns-meta ops grants', () => {
  it('reports no drift on a fresh clone (exit 0)', async () => {
    const r = await runCli(['ops', 'grants'], env);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^grants\.drift OK: the database matches .*grants-baseline\.json/);
    expect(r.code).toBe(0);
  });

  it('an extra GRANT is drift (exit 2); --fix prints the SQL without running it; applied, the drift is gone', async () => {
    await db.pool.query('GRANT DELETE ON uns_meta.metrics TO uns_meta_app');
    const report = await runCli(['ops', 'grants'], env);
    expect(report.code).toBe(2);
    expect(report.stdout).toMatch(/grants\.drift CRIT: 1 difference/);
    expect(report.stdout).toMatch(
      /table\s+uns_meta\.metrics\s+uns_meta_app\s+\[SELECT, INSERT, UPDATE\]\s+\[SELECT, INSERT, UPDATE, DELETE\]/,
    );

    const json = await runCli(['ops', 'grants', '--json'], env);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).differences).toEqual([
      expect.objectContaining({
        kind: 'table',
        object: 'uns_meta.metrics',
        role: 'uns_meta_app',
        expected: ['SELECT', 'INSERT', 'UPDATE'],
        actual: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
      }),
    ]);

    const fix = await runCli(['ops', 'grants', '--fix'], env);
    expect(fix.code).toBe(2);
    expect(fix.stderr).toMatch(/grants\.drift CRIT: 1 difference/);
    expect(fix.stdout.split('\n').filter((l) => l && !l.startsWith('--'))).toEqual([
      'REVOKE DELETE ON TABLE "uns_meta"."metrics" FROM "uns_meta_app";',
    ]);
    // Printing is all --fix does: the drift is still there.
    expect((await runCli(['ops', 'grants'], env)).code).toBe(2);
    const logged = await db.pool.query(
      `SELECT status, evidence FROM uns_meta_sync.check_runs WHERE check_id = 'action.grants-fix'`,
    );
    expect(logged.rows).toEqual([
      {
        status: 'OK',
        evidence: expect.objectContaining({
          operator: 'grants-test',
          outcome: 'succeeded',
          statements: ['REVOKE DELETE ON TABLE "uns_meta"."metrics" FROM "uns_meta_app";'],
        }),
      },
    ]);

    await db.pool.query(fix.stdout);
    const after = await runCli(['ops', 'grants'], env);
    expect(after.stdout).toMatch(/^grants\.drift OK/);
    expect(after.code).toBe(0);
    const noop = await runCli(['ops', 'grants', '--fix'], env);
    expect(noop.stdout).toMatch(/^-- no grants drift from .*: nothing to do/);
    expect(noop.code).toBe(0);
  });

  it('ops check runs grants.drift monthly with the same verdict', async () => {
    await db.pool.query('REVOKE INSERT ON uns_meta.metric_versions FROM uns_meta_app');
    try {
      const r = await runCli(['ops', 'check', '--only', 'grants.drift', '--format', 'json'], env);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout)[0]).toMatchObject({
        id: 'grants.drift',
        cadence: 'monthly',
        status: 'CRIT',
        value: 1,
      });
    } finally {
      await db.pool.query('GRANT INSERT ON uns_meta.metric_versions TO uns_meta_app');
    }
  });
});
