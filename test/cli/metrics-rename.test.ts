import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { applyBirth } from '../../src/store/birth-writer.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { birth, metric, s } from '../support/births.js';
import { runCli } from '../support/cli.js';

const TOPIC = 'spBv1.0/Secil/DBIRTH/Portugal/Cement';
const opts = { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 1024 };
let db: TestDatabase;
let app: Pool;

beforeAll(async () => {
  db = await cloneDatabase('cli_rename');
  app = createPool(db.appUrl, { max: 2 });
  await applyBirth(app, birth(TOPIC, [metric('Kiln/Temp', 'Float', { engUnit: s('C') })], { timestamp: 1n }), opts);
});
afterAll(() => app.end());

describe('uns-meta metrics rename', () => {
  it('renames before the edge does: identity, lineage and history survive the next birth', async () => {
    const before = (await db.pool.query(`SELECT metric_id FROM uns_meta.metrics WHERE name = 'Kiln/Temp'`)).rows[0]
      .metric_id;
    const r = await runCli(['metrics', 'rename', 'Secil/Portugal/Cement/Kiln/Temp', 'Kiln/Temperature'], {
      DATABASE_URL: db.appUrl,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Secil/Portugal/Cement/Kiln/Temp → Secil/Portugal/Cement/Kiln/Temperature');

    const out = await applyBirth(
      app,
      birth(TOPIC, [metric('Kiln/Temperature', 'Float', { engUnit: s('C') })], { timestamp: 2n }),
      opts,
    );
    expect(out.metrics).toMatchObject({ created: 0, retired: 0, unchanged: 1 });
    const after = await db.pool.query(`SELECT metric_id, uns_path FROM uns_meta.metrics`);
    expect(after.rows).toEqual([{ metric_id: before, uns_path: 'Secil/Portugal/Cement/Kiln/Temperature' }]);
    const lineage = await db.pool.query('SELECT old_uns_path, new_uns_path FROM uns_meta.metric_path_lineage');
    expect(lineage.rows).toEqual([
      { old_uns_path: 'Secil/Portugal/Cement/Kiln/Temp', new_uns_path: 'Secil/Portugal/Cement/Kiln/Temperature' },
    ]);
    const versions = await db.pool.query(
      `SELECT diff->>'op' AS op, changed_by FROM uns_meta.metric_versions WHERE metric_id = $1 ORDER BY version_id`,
      [before],
    );
    expect(versions.rows.map((v) => v.op)).toEqual(['created', 'renamed']);
    expect(versions.rows[1].changed_by).toMatch(/^cli:/);
  });

  it('refuses an unknown path (exit 1) and a target that is taken (exit 2)', async () => {
    expect((await runCli(['metrics', 'rename', 'Secil/nothing', 'x'], { DATABASE_URL: db.appUrl })).code).toBe(1);
    await applyBirth(
      app,
      birth(TOPIC, [metric('Kiln/Temperature', 'Float', { engUnit: s('C') }), metric('Kiln/Other', 'Float')], {
        timestamp: 3n,
      }),
      opts,
    );
    const r = await runCli(
      ['metrics', 'rename', 'Secil/Portugal/Cement/Kiln/Other', 'Secil/Portugal/Cement/Kiln/Temperature'],
      { DATABASE_URL: db.appUrl },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already holds');
  });
});
