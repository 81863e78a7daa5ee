// canary.parity on a real PostgreSQL 16 against the Canary simulator over HTTP: a value changed in Canary
// behind the service's back is WARN naming tag and key, recorded in canary_drift and shown as the metric's
// API status; a backfill brings OK and `delivered`. No Views → UNKNOWN. Pending, dead-lettered,
// conflicting and in-flight metrics are known states, not drift. A recent change is in every sample.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backfill } from '../../src/canary/backfill.js';
import type { CanaryClient } from '../../src/canary/client.js';
import { canaryTimestamp } from '../../src/canary/entries.js';
import { startCanarySimulator, type CanarySimulator } from '../../src/canary/simulator/server.js';
import type { ViewsTarget } from '../../src/canary/views.js';
import type { CanaryWriter } from '../../src/canary/writer.js';
import { deadLetter, dueEntries, enqueue, outboxDepth } from '../../src/cdc/outbox.js';
import type { Config } from '../../src/config.js';
import { createPool, withTransaction, type Pool } from '../../src/db.js';
import { createLogger } from '../../src/log.js';
import { checkStatus } from '../../src/metrics.js';
import type { CheckResult } from '../../src/ops/check.js';
import { runCheckCadence } from '../../src/ops/check-run.js';
import { opsContext } from '../../src/ops/context.js';
import { startOpsScheduler } from '../../src/ops/scheduler.js';
import { metricDetail } from '../../src/web/api/metric-detail.js';
import { openSession, post } from '../canary/sim-client.js';
import { testCanaryClient, testCanaryWriter } from '../support/canary.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { eventually } from '../support/live-service.js';
import { manualClock } from '../support/manual-clock.js';
import { opsConfig } from '../support/ops-check.js';
import { opsSettings, schedulerSettings } from '../../src/cli/settings.js';

let db: TestDatabase;
let app: Pool;
let sim: CanarySimulator;
let client: CanaryClient;
let writer: CanaryWriter;
const ids: Record<string, bigint> = {};
const KILN = 'Secil/Portugal/Kiln';
const tag = (name: string) => `Secil.Portugal.Kiln.${name.replace('/', '.')}`;

async function seed(): Promise<void> {
  const dev = await db.pool.query<{ device_id: bigint }>(
    `INSERT INTO uns_meta.devices (group_id, edge, device, uns_path) VALUES ('Secil','Portugal','Kiln',$1) RETURNING device_id`,
    [KILN],
  );
  for (const [name, unit] of [
    ['Temp', '°C'],
    ['Fan/Speed', 'rpm'],
    ['Level', 'm'],
    ['Pressure', 'bar'],
  ] as const) {
    const m = await db.pool.query<{ metric_id: bigint }>(
      `INSERT INTO uns_meta.metrics (device_id, name, uns_path, datatype) VALUES ($1, $2, $3 || '/' || $2, 'Float') RETURNING metric_id`,
      [dev.rows[0]?.device_id, name, KILN],
    );
    ids[name] = m.rows[0]?.metric_id as bigint;
    await db.pool.query(
      `INSERT INTO uns_meta.metric_properties (metric_id, key, type, value_string) VALUES ($1, 'engUnit', 'string', $2)`,
      [ids[name], unit],
    );
  }
  await db.pool.query(
    `INSERT INTO uns_meta.metric_properties (metric_id, key, type, value_double) VALUES ($1, 'engHigh', 'double', 1450)`,
    [ids.Temp],
  );
}

beforeAll(async () => {
  db = await cloneDatabase('ops_canary_parity');
  app = createPool(db.appUrl, { max: 4 });
  await seed();
  sim = await startCanarySimulator({ port: 0, datasets: ['Secil'] });
  client = testCanaryClient(sim.safUrl);
  writer = testCanaryWriter(app, client);
});

afterAll(async () => {
  await writer?.stop();
  await client?.close();
  await sim?.stop();
  await app?.end();
});

/** canary.parity as the service's role runs it; `canaryViews` is what the service passes for its embedded simulator. */
async function parity(
  env: Record<string, string> = {},
  o: { views?: boolean; canaryViews?: ViewsTarget; sample?: number } = {},
): Promise<CheckResult> {
  const base = opsConfig({ ...(o.views === false ? {} : { CANARY_VIEWS_URL: sim.viewsUrl }), ...env });
  const config = (o.sample ? { ...base, OPS_CANARY_PARITY_SAMPLE: o.sample } : base) as Config;
  const run = await runCheckCadence(opsContext(app, opsSettings(config), undefined, { canaryViews: o.canaryViews }), {
    cadence: 'daily',
    only: ['canary.parity'],
  });
  if (run.notRecorded) throw new Error(run.notRecorded);
  return run.results[0] as CheckResult;
}

const status = async (name: string) => (await metricDetail(app, { id: String(ids[name]) })).canary;
const driftRows = async () =>
  (
    await db.pool.query<{ metric_id: bigint; canary_id: string; found_at: Date; differences: unknown }>(
      'SELECT * FROM uns_meta_sync.canary_drift ORDER BY metric_id',
    )
  ).rows;

/** Someone writes a value into Canary directly (a newer entry of the property), behind the service's back. */
async function editInCanary(tagId: string, key: string, value: string): Promise<void> {
  const sessionToken = await openSession(sim.safUrl);
  const r = await post(`${sim.safUrl}/storeData`, {
    sessionToken,
    properties: { [tagId]: [[key, canaryTimestamp(new Date()), value, 192]] },
  });
  expect(r.body.statusCode).toBe('Good');
}

async function deliver(prefix = ''): Promise<void> {
  await backfill(app, { prefix, dryRun: false });
  await writer.round();
  expect(await outboxDepth(app)).toBe(0);
}

/** Backdates changes without the updated_at triggers (which keep a no-op update's timestamp). */
async function backdate(sql: string, params: unknown[]): Promise<void> {
  await withTransaction(db.pool, async (c) => {
    await c.query('SET LOCAL session_replication_role = replica');
    await c.query(sql, params);
  });
}

describe('canary.parity', () => {
  beforeEach(async () => {
    await db.pool.query(
      'TRUNCATE uns_meta_sync.canary_outbox, uns_meta_sync.canary_dead_letters, uns_meta_sync.canary_conflicts, uns_meta_sync.canary_drift',
    );
  });

  it('is UNKNOWN without the Views API (SKIP when CDC is off); the embedded simulator counts as configured', async () => {
    const unknown = await parity({}, { views: false });
    expect(unknown).toMatchObject({ status: 'UNKNOWN', evidence: { reason: 'CANARY_VIEWS_URL is not set' } });
    expect(unknown.remedy).toMatch(/set CANARY_VIEWS_URL/);
    expect((await parity({ CDC_ENABLED: 'false' }, { views: false })).status).toBe('SKIP');

    // Nothing delivered yet, every metric changed seconds ago: in flight through the CDC debounce, not drift.
    const embedded = await parity({}, { views: false, canaryViews: { url: sim.viewsUrl } });
    expect(embedded).toMatchObject({
      status: 'OK',
      value: 0,
      evidence: { views: sim.viewsUrl, compared: 0, known: { inFlight: 4, pending: 0, deadLettered: 0, conflict: 0 } },
    });
    expect(await status('Temp')).toMatchObject({ status: 'never_sent', deliveredAt: null });
  });

  it('drift made in Canary is WARN naming tag and key, recorded, and the API says drift; a backfill brings OK and delivered', async () => {
    await deliver();
    const ok = await parity();
    expect(ok).toMatchObject({ status: 'OK', value: 0, evidence: { compared: 4, inParity: 4, drift: [] } });
    const delivered = await status('Temp');
    expect(delivered).toMatchObject({ status: 'delivered', deliveredAt: expect.any(String), drift: null });

    await editInCanary(tag('Temp'), 'engUnit', 'K');
    const warn = await parity();
    expect(warn).toMatchObject({ status: 'WARN', value: 1, warn: 0, evidence: { compared: 4, inParity: 3 } });
    expect(warn.evidence.drift).toEqual([
      {
        tag: tag('Temp'),
        metricId: Number(ids.Temp),
        unsPath: `${KILN}/Temp`,
        differences: [{ kind: 'differs', key: 'engUnit', expected: '°C', actual: 'K' }],
      },
    ]);
    expect(warn.remedy).toContain(`uns-meta canary backfill --prefix '${KILN}/Temp'`);
    expect(warn.remedy).toContain(`uns-meta canary verify --prefix '${KILN}/Temp'`);
    const [row] = await driftRows();
    expect(row).toMatchObject({
      metric_id: ids.Temp,
      canary_id: tag('Temp'),
      differences: [{ kind: 'differs', key: 'engUnit', expected: '°C', actual: 'K' }],
    });
    expect(await status('Temp')).toMatchObject({
      status: 'drift',
      drift: { foundAt: row?.found_at.toISOString(), differences: [{ key: 'engUnit', actual: 'K' }] },
    });
    expect((await parity()).status).toBe('WARN');
    expect((await driftRows())[0]?.found_at).toEqual(row?.found_at); // still drifting since the first finding

    await backfill(app, { prefix: `${KILN}/Temp`, dryRun: false });
    expect((await status('Temp')).status).toBe('pending');
    await writer.round();
    expect(sim.latest(tag('Temp'))?.engUnit).toBe('°C');
    expect((await status('Temp')).status).toBe('drift'); // only the next parity run clears a finding
    expect(await parity()).toMatchObject({ status: 'OK', value: 0, evidence: { inParity: 4 } });
    expect(await driftRows()).toEqual([]);
    const after = await status('Temp');
    expect(after).toMatchObject({ status: 'delivered', drift: null });
    expect(Date.parse(after.deliveredAt as string)).toBeGreaterThan(Date.parse(delivered.deliveredAt as string));
  });

  it('pending, dead-lettered, conflicting and in-flight metrics are reported as such, not as drift', async () => {
    await deliver();
    for (const name of ['Fan/Speed', 'Level', 'Pressure', 'Temp'])
      await editInCanary(tag(name), 'engUnit', 'changed in Canary');
    await enqueue(app, [
      {
        metric_id: ids['Fan/Speed'] as bigint,
        canary_id: tag('Fan/Speed'),
        properties: { engUnit: 'rpm' },
        first_lsn: '0/10',
        idempotency_key: 'parity-fan',
      },
      {
        metric_id: ids.Level as bigint,
        canary_id: tag('Level'),
        properties: { engUnit: 'm' },
        first_lsn: '0/10',
        idempotency_key: 'parity-level',
      },
    ]);
    const level = (await dueEntries(app, 10)).filter((e) => e.metricId === ids.Level);
    await deadLetter(
      app,
      level.map((e) => ({ outboxId: e.outboxId, reason: 'invalid_tag: rejected by Canary', statusCode: '400' })),
    );
    await db.pool.query(
      'INSERT INTO uns_meta_sync.canary_conflicts (metric_id, canary_id, owner_metric_id) VALUES ($1, $2, $3)',
      [ids.Pressure, tag('Pressure'), ids.Temp],
    );
    // Temp changes in the database after its delivery: CDC has not enqueued it yet (debounce).
    await db.pool.query(
      `UPDATE uns_meta.metric_properties SET value_double = 1500 WHERE metric_id = $1 AND key = 'engHigh'`,
      [ids.Temp],
    );

    const r = await parity();
    expect(r).toMatchObject({
      status: 'OK',
      value: 0,
      evidence: { compared: 0, drift: [], known: { pending: 1, deadLettered: 1, conflict: 1, inFlight: 1 } },
    });
    expect(await driftRows()).toEqual([]);
    expect(await status('Fan/Speed')).toMatchObject({ status: 'pending', pending: 1, enqueuedAt: expect.any(String) });
    expect(await status('Level')).toMatchObject({
      status: 'dead_lettered',
      deadLetters: 1,
      deadLetter: { reason: 'invalid_tag: rejected by Canary', failedAt: expect.any(String) },
    });
    expect(await status('Pressure')).toMatchObject({
      status: 'conflict',
      conflict: { canaryId: tag('Pressure'), ownerMetricId: Number(ids.Temp), ownerUnsPath: `${KILN}/Temp` },
    });
    await db.pool.query(
      `UPDATE uns_meta.metric_properties SET value_double = 1450 WHERE metric_id = $1 AND key = 'engHigh'`,
      [ids.Temp],
    );
  });

  it('every metric changed in the last hour is in the sample, whatever the random part', async () => {
    await deliver();
    await backdate(
      `UPDATE uns_meta.metrics SET updated_at = now() - interval '2 hours' WHERE device_id = (SELECT device_id FROM uns_meta.devices WHERE uns_path = $1)`,
      [KILN],
    );
    await backdate(
      `UPDATE uns_meta.metric_properties SET updated_at = now() - interval '2 hours' WHERE metric_id = ANY($1::bigint[])`,
      [Object.values(ids).map(String)],
    );
    const quiet = await parity({}, { sample: 1 });
    expect(quiet).toMatchObject({
      status: 'OK',
      evidence: { compared: 1, sampled: { random: 1, changedLastHour: 0 } },
    });

    // A change 30 minutes old that never reached Canary (written while CDC was not running).
    await backdate(
      `UPDATE uns_meta.metric_properties SET value_string = 'cm', updated_at = now() - interval '30 minutes' WHERE metric_id = $1`,
      [ids.Level],
    );
    for (let run = 0; run < 5; run++) {
      const r = await parity({}, { sample: 1 });
      expect(r.status).toBe('WARN');
      expect(r.evidence.sampled).toMatchObject({ changedLastHour: 1, changedTotal: 1 });
      expect((r.evidence.drift as Array<{ tag: string }>).map((d) => d.tag)).toEqual([tag('Level')]);
    }
    await db.pool.query(`UPDATE uns_meta.metric_properties SET value_string = 'm' WHERE metric_id = $1`, [ids.Level]);
  });

  it('runs on the service schedule with the embedded simulator and sets uns_meta_check_status{check="canary.parity"}', async () => {
    await deliver();
    await editInCanary(tag('Pressure'), 'engUnit', 'psi');
    const start = new Date(2035, 2, 14, 12, 0);
    const clock = manualClock(start);
    const config = opsConfig({ OPS_SCHEDULE: 'on', OPS_RUN_ON_START: 'off', OPS_CHECK_TIMEOUT_SECONDS: '20' });
    const scheduler = startOpsScheduler({
      settings: schedulerSettings(config),
      pool: app,
      publish: async () => undefined,
      log: createLogger({ level: 'silent' }),
      timers: clock,
      canaryViews: { url: sim.viewsUrl },
    });
    try {
      clock.advanceTo(new Date(2035, 2, 15, 2, 0));
      const r = await eventually(
        async () => scheduler.latest().find((x) => x.id === 'canary.parity'),
        (x) => x !== undefined,
        30_000,
        'the daily run',
      );
      expect(r).toMatchObject({ status: 'WARN', cadence: 'daily', evidence: { drift: [{ tag: tag('Pressure') }] } });
      const gauge = (await checkStatus.get()).values.find((v) => v.labels.check === 'canary.parity');
      expect(gauge).toMatchObject({ labels: { check: 'canary.parity', cadence: 'daily' }, value: 1 });
    } finally {
      await scheduler.stop();
    }
  });
});
