// The check runner end to end on a real PostgreSQL 16: an induced NOT VALID constraint is CRIT, every
// output format renders every result, results land in check_runs and the archive layout, thresholds are
// overridden from OPS_<ID>_WARN/_CRIT, a failing check is UNKNOWN (never OK), and the CLI's exit code is
// the worst status.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPool, type Pool } from '../../src/db.js';
import { runCheckCadence } from '../../src/ops/check-run.js';
import { opsContext } from '../../src/ops/context.js';
import { render } from '../../src/ops/render.js';
import { runChecks } from '../../src/ops/runner.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { runCli } from '../support/cli.js';
import { opsSettings } from '../../src/cli/settings.js';

let db: TestDatabase;
let pool: Pool;
const config = (env: Record<string, string> = {}) =>
  loadConfig({ DATABASE_URL: 'postgres://unused/x', ...env }, { envFile: '/nonexistent' });

beforeAll(async () => {
  db = await cloneDatabase('ops_check_run');
  pool = createPool(db.superUrl, { max: 2 });
});

afterAll(async () => {
  await pool?.end();
});

describe('ops check runner', () => {
  it('a NOT VALID constraint is CRIT, listed; the run is stored and archived', async () => {
    await db.pool.query(
      `ALTER TABLE uns_meta.devices ADD CONSTRAINT chk_test_not_valid CHECK (device <> '') NOT VALID`,
    );
    const archive = mkdtempSync(join(tmpdir(), 'ops-archive-'));
    try {
      const run = await runCheckCadence(opsContext(pool, opsSettings(config())), {
        cadence: 'weekly',
        only: ['constraints.valid'],
        archiveDir: archive,
      });
      expect(run.results).toEqual([
        expect.objectContaining({
          id: 'constraints.valid',
          cadence: 'weekly',
          status: 'CRIT',
          value: 1,
          evidence: expect.objectContaining({
            invalid: [{ table: 'uns_meta.devices', constraint: 'chk_test_not_valid', type: 'c' }],
          }),
        }),
      ]);
      expect(run.notRecorded).toBeNull();
      const stored = await db.pool.query('SELECT check_id, cadence, status, value FROM uns_meta_sync.check_runs');
      expect(stored.rows).toEqual([{ check_id: 'constraints.valid', cadence: 'weekly', status: 'CRIT', value: 1 }]);
      const day = run.startedAt.toLocaleDateString('sv-SE'); // YYYY-MM-DD, local
      const json = JSON.parse(readFileSync(join(archive, 'db-checks', day, 'weekly.json'), 'utf8')) as {
        results: Array<{ id: string; status: string }>;
      };
      expect(json.results.map((r) => [r.id, r.status])).toEqual([['constraints.valid', 'CRIT']]);
      expect(readFileSync(join(archive, 'db-checks', day, 'weekly.md'), 'utf8')).toMatch(/## constraints\.valid: CRIT/);
    } finally {
      await db.pool.query('ALTER TABLE uns_meta.devices DROP CONSTRAINT chk_test_not_valid');
    }
  });

  it('thresholds come from OPS_<ID>_WARN/_CRIT; an unknown one is refused', async () => {
    const run = await runCheckCadence(opsContext(pool, opsSettings(config({ OPS_XID_WRAPAROUND_WARN: '0' }))), {
      cadence: 'daily',
      only: ['xid.wraparound'],
    });
    expect(run.results[0]).toMatchObject({ status: 'WARN', warn: 0, crit: 1_500_000_000 });
    expect((run.results[0]?.value ?? 0) > 0).toBe(true);
    await expect(
      runCheckCadence(opsContext(pool, opsSettings(config({ OPS_XID_WRAPAROUND_WARNING: '1', OPS_NOPE_CRIT: '1' }))), {
        cadence: 'daily',
      }),
    ).rejects.toThrow(/OPS_NOPE_CRIT: no check has this threshold/);
  });

  it('a check that fails is UNKNOWN with the reason, and the others still run', async () => {
    const broken = {
      id: 'test.broken',
      title: 'broken',
      cadence: 'daily' as const,
      unit: '',
      thresholds: { warn: null, crit: null },
      remedy: 'x',
      run: () => pool.query('SELECT pgstattuple_nope()').then(() => ({ status: 'OK' as const })),
    };
    const slow = { ...broken, id: 'test.slow', run: () => new Promise<never>(() => undefined) };
    const ok = { ...broken, id: 'test.ok', run: async () => ({ status: 'OK' as const, value: 1 }) };
    const results = await runChecks(opsContext(pool, opsSettings(config())), [broken, slow, ok], {
      overrides: new Map(),
      timeoutMs: 300,
    });
    expect(results.map((r) => r.status)).toEqual(['UNKNOWN', 'UNKNOWN', 'OK']);
    expect(results[0]?.remedy).toMatch(/function or extension is missing/);
    expect(results[1]?.remedy).toMatch(/took longer than 0.3 s/);
  });

  it('every format renders every result', async () => {
    const run = await runCheckCadence(opsContext(pool, opsSettings(config())), { cadence: 'all' });
    const ids = run.results.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['xid.wraparound', 'constraints.valid', 'manual.review']));
    const json = JSON.parse(render(run.results, 'json')) as Array<{ id: string }>;
    expect(json.map((r) => r.id)).toEqual(ids);
    const table = render(run.results, 'table');
    for (const id of ids) expect(table).toContain(id);
    const prom = render(run.results, 'prometheus');
    for (const r of run.results)
      expect(prom).toContain(`uns_meta_check_status{check="${r.id}",cadence="${r.cadence}"}`);
    expect(prom).toMatch(/uns_meta_check_value\{check="xid.wraparound",cadence="daily"\} \d+/);
    const nagios = render(run.results, 'nagios');
    expect(nagios).toMatch(/^UNS-META (OK|WARNING|CRITICAL|UNKNOWN) - \d+ CRIT, \d+ WARN, \d+ UNKNOWN of \d+/);
    expect(nagios).toContain(`'xid.wraparound'=`);
  });
});

describe('uns-meta ops check (CLI)', () => {
  it('exit code is the worst status; --list names the override variables', async () => {
    const env = { DATABASE_URL: db.superUrl };
    const ok = await runCli(['ops', 'check', '--only', 'xid.wraparound', '--format', 'nagios'], env);
    expect(ok.stdout).toMatch(/^UNS-META OK/);
    expect(ok.code).toBe(0);
    const warn = await runCli(['ops', 'check', '--only', 'xid.wraparound', '--format', 'json'], {
      ...env,
      OPS_XID_WRAPAROUND_WARN: '0',
    });
    expect(warn.code).toBe(1);
    const crit = await runCli(['ops', 'check', '--only', 'xid.wraparound', '--format', 'json'], {
      ...env,
      OPS_XID_WRAPAROUND_CRIT: '0',
    });
    expect(crit.code).toBe(2);
    expect(JSON.parse(crit.stdout)[0]).toMatchObject({ id: 'xid.wraparound', status: 'CRIT' });
    const list = await runCli(['ops', 'check', '--list']);
    expect(list.stdout).toMatch(/xid\.wraparound .*OPS_XID_WRAPAROUND_WARN/);
    expect((await runCli(['ops', 'check', '--only', 'nope'], env)).code).toBe(3);
  });
});
