// `uns-meta ops snapshot` on a real PostgreSQL 16: the Validation SQL kit archived under
// DIR/db-checks/YYYY-MM-DD/, and a second snapshot after a failed CREATE INDEX CONCURRENTLY, a NOT VALID
// constraint and a dropped constraint names each of them; every run is logged as action.snapshot.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';

let db: TestDatabase;
let env: Record<string, string>;
const archive = mkdtempSync(join(tmpdir(), 'ops-snapshot-'));
const today = () => new Date().toLocaleDateString('sv-SE'); // YYYY-MM-DD, local

beforeAll(async () => {
  db = await cloneDatabase('ops_snapshot');
  env = { DATABASE_URL: db.superUrl, OPS_OPERATOR: 'dave' };
  const dev = await db.pool.query<{ id: string }>(
    `INSERT INTO uns_meta.devices (group_id, edge, device, uns_path) VALUES ('G', 'E', 'D', 'g/e/d') RETURNING device_id::text AS id`,
  );
  await db.pool.query(
    `INSERT INTO uns_meta.metrics (device_id, name, uns_path, datatype) SELECT $1, 'm' || i, 'g/e/d/m' || i, 'Int32' FROM generate_series(1, 3) i`,
    [dev.rows[0]?.id],
  );
});

describe('uns-meta ops snapshot', () => {
  it('needs an archive directory (exit 2)', async () => {
    const out = await runCli(['ops', 'snapshot'], { DATABASE_URL: db.superUrl });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--archive DIR or OPS_ARCHIVE_DIR/);
  });

  it('the first snapshot is the baseline, archived as JSON and markdown', async () => {
    const out = await runCli(['ops', 'snapshot', '--archive', archive, '--json'], env);
    expect(out.code).toBe(0);
    const r = JSON.parse(out.stdout) as { file: string; comparedWith: string | null; changes: unknown[] };
    expect(r).toMatchObject({
      file: join(archive, 'db-checks', today(), 'snapshot.json'),
      comparedWith: null,
      changes: [],
    });
    const snap = JSON.parse(readFileSync(r.file, 'utf8')) as {
      constraints: Array<{ name: string; status: string }>;
      indexes: Array<{ name: string; valid: boolean }>;
      checkCoverage: Array<{ name: string }>;
      uniqueness: Array<{ name: string }>;
      bloat: { tables: Array<{ table: string }> };
    };
    expect(snap.constraints).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'uq_metrics_uns_path', status: 'valid' })]),
    );
    expect(snap.checkCoverage.map((c) => c.name)).toEqual(['chk_metric_properties_type_value']);
    expect(snap.indexes).toEqual(
      expect.arrayContaining([
        {
          name: 'uns_meta.idx_metrics_canary_id',
          table: 'uns_meta.metrics',
          valid: true,
          ready: true,
          bytes: expect.any(Number),
        },
      ]),
    );
    expect(snap.uniqueness.map((u) => u.name)).toContain('uns_meta.uq_devices_spb_identity');
    expect(snap.bloat.tables.map((t) => t.table)).toContain('uns_meta.metric_properties');
    expect(existsSync(join(archive, 'db-checks', today(), 'snapshot.md'))).toBe(true);
  });

  it('the second names the index left invalid, the constraint not validated and the one dropped', async () => {
    // Three metrics share a datatype: the unique build fails and leaves its index behind, not valid.
    await expect(
      db.pool.query('CREATE UNIQUE INDEX CONCURRENTLY idx_test_datatype ON uns_meta.metrics (datatype)'),
    ).rejects.toThrow(/could not create unique index/);
    await db.pool.query(`ALTER TABLE uns_meta.devices ADD CONSTRAINT chk_test_device CHECK (device <> 'D') NOT VALID`);
    await db.pool.query('ALTER TABLE uns_meta.metrics DROP CONSTRAINT uq_metrics_uns_path');
    const out = await runCli(['ops', 'snapshot', '--archive', archive], env);
    expect(out.code).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[1]).toMatch(
      new RegExp(`^4 change\\(s\\) since ${join(archive, 'db-checks', today(), 'snapshot.json')}`),
    );
    expect(lines.slice(2).map((l) => l.trim().split(':')[0])).toEqual([
      'INVALID      constraint chk_test_device on uns_meta.devices',
      'INVALID      index uns_meta.idx_test_datatype on uns_meta.metrics',
      'DISAPPEARED  constraint uq_metrics_uns_path on uns_meta.metrics',
      'DISAPPEARED  index uns_meta.uq_metrics_uns_path on uns_meta.metrics',
    ]);
    expect(out.stdout).toContain('indisvalid=false');
    expect(out.stdout).toContain('UNIQUE (uns_path)');
    const md = readFileSync(join(archive, 'db-checks', today(), 'snapshot.md'), 'utf8');
    expect(md).toMatch(/\| invalid \| index \| uns_meta\.idx_test_datatype \|/);
    expect(md).toMatch(/\| disappeared \| constraint \| uq_metrics_uns_path \|/);
    const runs = (
      await db.pool.query(
        `SELECT status, evidence FROM uns_meta_sync.check_runs WHERE check_id = 'action.snapshot' ORDER BY run_id`,
      )
    ).rows;
    expect(runs).toEqual([
      {
        status: 'OK',
        evidence: expect.objectContaining({ operator: 'dave', outcome: 'succeeded', comparedWith: null }),
      },
      {
        status: 'OK',
        evidence: expect.objectContaining({
          operator: 'dave',
          outcome: 'succeeded',
          changes: { invalid: 2, disappeared: 2, changed: 0, appeared: 0, revalidated: 0 },
        }),
      },
    ]);
  });

  it('a third, with nothing changed in between, reports no change', async () => {
    const out = await runCli(['ops', 'snapshot', '--archive', archive], env);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/no change in constraints or indexes since/);
  });
});
