// `uns-meta ops doctor` on a real PostgreSQL 16. Flow A after the birth writer really hit a constraint
// (a CHECK added under it: schema drift) names the constraint, the device's uns_path and both
// mitigations; flow C after a bulk update with autovacuum off shows the dead tuples, the disabled
// autovacuum, proposed per-table settings and the VACUUM FULL warning. Both are quiet beforehand.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPool, type Pool } from '../../src/db.js';
import { nagiosCode, worst } from '../../src/ops/check.js';
import { opsContext } from '../../src/ops/context.js';
import type { DoctorReport } from '../../src/ops/doctor-report.js';
import { DOCTOR_FLOWS, runDoctor } from '../../src/ops/doctor/flows.js';
import { applyBirth } from '../../src/store/birth-writer.js';
import { birth, metric, s } from '../support/births.js';
import { runCli } from '../support/cli.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { seedProperties, waitForDead, writeAndFlush } from './vacuum-load.js';
import { opsSettings } from '../../src/cli/settings.js';

const TOPIC = 'spBv1.0/Plant1/DBIRTH/Kiln-Edge/Press7';
let db: TestDatabase;
let pool: Pool;
const config = loadConfig({ DATABASE_URL: 'postgres://unused/x', HTTP_PORT: '8099' }, { envFile: '/nonexistent' });
const doctor = async (flow: string) =>
  (await runDoctor(opsContext(pool, opsSettings(config)), flow))[0] as DoctorReport;
const step = (r: DoctorReport, name: string) => r.steps.find((x) => x.step === name);

beforeAll(async () => {
  db = await cloneDatabase('ops_doctor');
  pool = createPool(db.superUrl, { max: 3 });
});

afterAll(async () => {
  await pool?.end();
});

describe('ops doctor flow-a', () => {
  it('nothing quarantined: OK, nothing to do', async () => {
    const r = await doctor('flow-a');
    expect(r.steps.map((x) => [x.step, x.status])).toEqual([
      ['constraint_violation count', 'OK'],
      ['offending payloads', 'OK'],
      ['constraint validation', 'OK'],
    ]);
    expect(r.remedies).toEqual(['nothing to do: no birth was refused by a constraint']);
  });

  it('a birth refused by a constraint: the constraint, the uns_path, the checks and both mitigations', async () => {
    await db.pool.query(
      `ALTER TABLE uns_meta.metrics ADD CONSTRAINT chk_metrics_datatype_numeric CHECK (datatype IN ('Int32', 'Float'))`,
    );
    const app = createPool(db.appUrl, { max: 2 });
    try {
      const out = await applyBirth(
        app,
        birth(TOPIC, [metric('Temp', 'Float'), metric('Label', 'String', { engUnit: s('x') })]),
        { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 1024 },
      );
      expect(out).toMatchObject({ status: 'quarantined' });
    } finally {
      await app.end();
    }
    const cli = await runCli(['ops', 'doctor', 'flow-a', '--json'], { DATABASE_URL: db.superUrl, HTTP_PORT: '8099' });
    expect(cli.code).toBe(1); // WARN
    const [r] = JSON.parse(cli.stdout) as DoctorReport[];
    if (!r) throw new Error('no report');
    expect(step(r, 'constraint_violation count')).toMatchObject({ status: 'WARN', evidence: { recent: 1, total: 1 } });
    expect(step(r, 'offending payloads')?.evidence).toEqual([
      expect.objectContaining({
        constraint: 'chk_metrics_datatype_numeric',
        deviceUnsPath: 'Plant1/Kiln-Edge/Press7',
        topic: TOPIC,
        metric: expect.stringMatching(/^Failing row contains .*Label/),
      }),
    ]);
    expect(step(r, 'constraint validation')?.detail).toMatch(
      /chk_metrics_datatype_numeric on uns_meta\.metrics: CHECK \(\(datatype = ANY/,
    );
    expect(step(r, 'constraint validation')?.detail).toMatch(/constraints\.valid OK/);
    expect(r.remedies).toHaveLength(2);
    expect(r.remedies[0]).toMatch(
      /fix the birth of Plant1\/Kiln-Edge\/Press7 so it satisfies chk_metrics_datatype_numeric.*`uns-meta ingest replay`/,
    );
    expect(r.remedies[1]).toMatch(
      /DB_MODE=mock .*curl -X POST http:\/\/127\.0\.0\.1:8099\/admin\/db-mode .*"mode":"mock".*re-enable .*"mode":"local".*`uns-meta ingest replay`/,
    );
    const text = await runCli(['ops', 'doctor', 'flow-a'], { DATABASE_URL: db.superUrl });
    expect(text.stdout).toMatch(
      /^== flow-a: Constraint violation during ingest\n {2}\[WARN\] constraint_violation count: 1 birth\(s\)/,
    );
    expect(text.stdout).toMatch(
      /\[WARN\] offending payloads: #\d+ .* constraint chk_metrics_datatype_numeric: device Plant1\/Kiln-Edge\/Press7 \(not in uns_meta\.devices\)/,
    );
  });
});

describe('ops doctor flow-c', () => {
  it('nothing lags on a quiet database', async () => {
    const r = await doctor('flow-c');
    expect(step(r, 'per-table settings')).toMatchObject({ status: 'OK' });
    expect(r.remedies).toEqual(['nothing lags: autovacuum keeps up with every uns_meta table']);
  });

  it('dead tuples with autovacuum off: the table, the workers, proposals and the VACUUM FULL warning', async () => {
    await seedProperties(pool, 5_000);
    await writeAndFlush(pool, (c) => c.query(`UPDATE uns_meta.metric_properties SET value_string = 'changed'`));
    await waitForDead(pool, (n) => n >= 5_000);
    const r = await doctor('flow-c');
    expect(step(r, 'dead tuples')?.detail).toMatch(
      /uns_meta\.metric_properties: \d{4,} dead of \d+ live; autovacuum starts at \d+ — AUTOVACUUM DISABLED/,
    );
    expect(step(r, 'autovacuum workers')?.detail).toMatch(/^\d+ of \d+ autovacuum workers running\n/);
    expect(step(r, 'autovacuum workers')?.detail).toMatch(/server settings: .*autovacuum=on/);
    expect(step(r, 'per-table settings')).toMatchObject({
      status: 'WARN',
      evidence: [expect.objectContaining({ table: 'uns_meta.metric_properties' })],
    });
    expect(step(r, 'per-table settings')?.detail).toMatch(
      /scale factor 0\.2 → 0\.0\d+, threshold 50 → 50, cost limit 200 → \d+/,
    );
    expect(step(r, 'manual VACUUM FULL')?.detail).toMatch(
      /`uns-meta ops vacuum --full --yes`\n.*ACCESS EXCLUSIVE lock/,
    );
    expect(r.remedies).toEqual(
      expect.arrayContaining([
        'Re-enable autovacuum on uns_meta.metric_properties: ALTER TABLE uns_meta.metric_properties RESET (autovacuum_enabled);',
        expect.stringMatching(
          /^Tune \(review under change management\): ALTER TABLE uns_meta\.metric_properties SET \(autovacuum_vacuum_scale_factor = /,
        ),
      ]),
    );
  });

  it('without an argument every flow of the table runs; an unknown flow is a usage error', async () => {
    const all = await runCli(['ops', 'doctor', '--json'], { DATABASE_URL: db.superUrl });
    const reports = JSON.parse(all.stdout) as DoctorReport[];
    expect(reports.map((r) => r.flow)).toEqual([...DOCTOR_FLOWS.keys()]);
    expect([...DOCTOR_FLOWS.keys()]).toEqual(expect.arrayContaining(['flow-a', 'flow-c']));
    // The exit code is the worst step of all flows (flow C's WARN at least, with the dead tuples above).
    expect(all.code).toBe(nagiosCode(worst(reports.flatMap((r) => r.steps.map((x) => x.status)))));
    expect(all.code).toBeGreaterThanOrEqual(1);
    const bad = await runCli(['ops', 'doctor', 'flow-x'], { DATABASE_URL: db.superUrl });
    expect(bad.code).toBe(3); // ops doctor is a Nagios command: a usage error is UNKNOWN
    expect(bad.stderr).toMatch(/unknown flow "flow-x"; available: flow-a/);
  });
});
