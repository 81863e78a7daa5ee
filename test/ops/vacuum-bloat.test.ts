// storage.bloat and `ops vacuum --full` on a real PostgreSQL 16 with pgstattuple: half of a table
// deleted is WARN with per-table autovacuum settings that PostgreSQL accepts; --full is refused without
// --yes and reclaims the space with it; a missing extension, a missing grant and a locked table are
// UNKNOWN with what to do — never OK.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPool, type Pool } from '../../src/db.js';
import type { CheckResult } from '../../src/ops/check.js';
import { opsContext } from '../../src/ops/context.js';
import { ALL_CHECKS } from '../../src/ops/registry.js';
import { runChecks } from '../../src/ops/runner.js';
import { runCli } from '../support/cli.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { seedProperties, writeAndFlush } from './vacuum-load.js';
import { opsSettings } from '../../src/cli/settings.js';

let db: TestDatabase;
let pool: Pool;
const config = (env: Record<string, string> = {}) =>
  loadConfig({ DATABASE_URL: 'postgres://unused/x', ...env }, { envFile: '/nonexistent' });
const bloat = ALL_CHECKS.filter((c) => c.id === 'storage.bloat');
async function bloatAs(p: Pool, env: Record<string, string> = {}): Promise<CheckResult> {
  const c = config(env);
  const [r] = await runChecks(opsContext(p, opsSettings(c)), bloat, {
    overrides: new Map(),
    timeoutMs: c.OPS_CHECK_TIMEOUT_SECONDS * 1000,
  });
  return r as CheckResult;
}
type Measured = { table: string; bloatPct: number; method: string };
const propsBloat = (r: CheckResult) =>
  (r.evidence.tables as Measured[]).find((t) => t.table === 'uns_meta.metric_properties');

beforeAll(async () => {
  db = await cloneDatabase('ops_vacuum_bloat');
  pool = createPool(db.superUrl, { max: 3 });
  await pool.query('CREATE EXTENSION IF NOT EXISTS pgstattuple');
  await seedProperties(pool, 30_000, 200);
  // Every other row: the space stays spread over every page, so only a rewrite gives it back.
  await writeAndFlush(pool, (c) => c.query(`DELETE FROM uns_meta.metric_properties WHERE substr(key, 2)::int % 2 = 0`));
});

afterAll(async () => {
  await pool?.end();
});

describe('storage.bloat and ops vacuum --full', () => {
  it('half the rows deleted: WARN over 15 % with per-table settings PostgreSQL accepts', async () => {
    const r = await bloatAs(pool);
    expect(r.status).toBe('WARN');
    expect(r.value).toBeGreaterThan(40);
    expect(propsBloat(r)).toMatchObject({ method: 'pgstattuple' });
    const [proposal] = r.evidence.proposals as Array<{
      table: string;
      statement: string;
      proposed: { scaleFactor: number };
    }>;
    expect(proposal?.table).toBe('uns_meta.metric_properties');
    expect(proposal?.statement).toMatch(
      /^ALTER TABLE uns_meta\.metric_properties SET \(autovacuum_vacuum_scale_factor = 0\.0\d+, autovacuum_vacuum_threshold = 50, autovacuum_vacuum_cost_limit = \d+\);$/,
    );
    expect(r.remedy).toContain(proposal?.statement);
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(proposal?.statement as string);
      const opts = await c.query<{ o: string[] }>(
        `SELECT reloptions AS o FROM pg_class WHERE oid = 'uns_meta.metric_properties'::regclass`,
      );
      expect(opts.rows[0]?.o).toContain(`autovacuum_vacuum_scale_factor=${proposal?.proposed.scaleFactor}`);
    } finally {
      await c.query('ROLLBACK');
      c.release();
    }
  });

  it('--full without --yes is refused with the reason (exit 2) and runs nothing', async () => {
    const out = await runCli(['ops', 'vacuum', '--full'], { DATABASE_URL: db.superUrl });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(
      /refusing --full without --yes: VACUUM FULL .* ACCESS EXCLUSIVE lock .* over 10 GB .* off-peak/,
    );
    expect((await pool.query(`SELECT 1 FROM uns_meta_sync.check_runs WHERE check_id = 'action.vacuum'`)).rowCount).toBe(
      0,
    );
  });

  it('--full --yes warns, rewrites the tables with the configured maintenance_work_mem, and bloat is OK again', async () => {
    const out = await runCli(['ops', 'vacuum', '--full', '--yes', '--json'], {
      DATABASE_URL: db.superUrl,
      OPS_VACUUM_MAINTENANCE_WORK_MEM: '64MB',
      OPS_OPERATOR: 'carol',
    });
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(
      /warning: VACUUM FULL rewrites uns_meta\.metric_properties \(\d\.\d\d GB\) and uns_meta\.metric_versions .* ACCESS EXCLUSIVE lock/,
    );
    expect(out.stderr).toMatch(/warning: maintenance_work_mem is set to 64MB/);
    const steps = JSON.parse(out.stdout) as Array<{
      statement: string;
      bytesBefore: number;
      bytesAfter: number;
      output: string[];
    }>;
    expect(steps[0]).toMatchObject({ statement: 'VACUUM (FULL, VERBOSE, ANALYZE) uns_meta.metric_properties' });
    expect(steps[0]?.bytesAfter).toBeLessThan((steps[0]?.bytesBefore ?? 0) * 0.7);
    expect(steps[0]?.output.join('\n')).toMatch(/vacuuming "[^"]*metric_properties"/);
    const logged = (await pool.query(`SELECT evidence FROM uns_meta_sync.check_runs WHERE check_id = 'action.vacuum'`))
      .rows;
    expect(logged).toEqual([
      {
        evidence: expect.objectContaining({
          operator: 'carol',
          outcome: 'succeeded',
          full: true,
          maintenanceWorkMem: '64MB',
        }),
      },
    ]);
    const r = await bloatAs(pool);
    expect(r.status).toBe('OK');
    expect(propsBloat(r)?.bloatPct).toBeLessThan(15);
  });

  it('a table locked by another session is not measured within the time budget: UNKNOWN, not OK', async () => {
    const locker = await pool.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE uns_meta.metric_versions IN ACCESS EXCLUSIVE MODE');
      const r = await bloatAs(pool, { OPS_CHECK_TIMEOUT_SECONDS: '2' });
      expect(r.status).toBe('UNKNOWN');
      expect(r.evidence.skipped).toEqual(
        expect.arrayContaining([expect.objectContaining({ table: 'uns_meta.metric_versions' })]),
      );
      expect(r.remedy).toMatch(
        /not every table was measured \(.*uns_meta\.metric_versions.*\): raise OPS_CHECK_TIMEOUT_SECONDS/,
      );
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
  });

  it('a role without pg_stat_scan_tables: UNKNOWN naming the grant, which then works', async () => {
    const ro = createPool(db.urlAs('uns_meta_ro'), { max: 2 });
    try {
      const r = await bloatAs(ro);
      expect(r).toMatchObject({
        status: 'UNKNOWN',
        remedy: 'role uns_meta_ro may not run pgstattuple: `GRANT pg_stat_scan_tables TO uns_meta_ro`',
      });
    } finally {
      await ro.end();
    }
    const role = `${db.name}_mon`;
    await pool.query(`CREATE ROLE ${role} LOGIN`);
    const fresh = createPool(db.urlAs(role), { max: 2 });
    try {
      expect((await bloatAs(fresh)).remedy).toBe(
        `role ${role} may not run pgstattuple: \`GRANT pg_stat_scan_tables TO ${role}\``,
      );
      await pool.query(`GRANT pg_stat_scan_tables TO ${role}`);
      expect((await bloatAs(fresh)).status).toBe('OK');
    } finally {
      await fresh.end();
      await pool.query(`DROP OWNED BY ${role}`);
      await pool.query(`DROP ROLE ${role}`);
    }
  });

  it('without the pgstattuple extension: UNKNOWN naming CREATE EXTENSION pgstattuple', async () => {
    await pool.query('DROP EXTENSION pgstattuple');
    try {
      const r = await bloatAs(pool);
      expect(r.status).toBe('UNKNOWN');
      expect(r.remedy).toMatch(/`CREATE EXTENSION pgstattuple` in database t_ops_vacuum_bloat_\w+ as a superuser/);
    } finally {
      await pool.query('CREATE EXTENSION pgstattuple');
    }
  });
});
