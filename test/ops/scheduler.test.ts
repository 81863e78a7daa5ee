// The ops scheduler on a real PostgreSQL 16 and a real broker, time driven by a manual clock: the start
// run sets a status gauge for every check and publishes every result as retained JSON on
// uns-meta/alerts/<check>; at the daily time the daily checks run again (and only they).

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { checkStatus, checkValue } from '../../src/metrics.js';
import { statusValue, type CheckResult } from '../../src/ops/check.js';
import { ALL_CHECKS } from '../../src/ops/registry.js';
import { nextDue, parseSchedule } from '../../src/ops/schedule.js';
import { startOpsScheduler } from '../../src/ops/scheduler.js';
import { testBroker, type TestBroker } from '../support/broker.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { eventually, startLiveService, type LiveService } from '../support/live-service.js';
import { manualClock } from '../support/manual-clock.js';
import { schedulerSettings } from '../../src/cli/settings.js';

type Alert = CheckResult & { at: string };
let db: TestDatabase;
let broker: TestBroker;
let live: LiveService;
const clients: MqttClient[] = [];

beforeAll(async () => {
  db = await cloneDatabase('ops_scheduler');
  broker = await testBroker();
  live = await startLiveService(db.appUrl, broker.url);
  await eventually(
    () => live.ingest.readiness(),
    (r) => r.broker?.ok === true,
    20_000,
    'the service connected to the broker',
  );
});

afterAll(async () => {
  // Clear the retained alerts this file left on a (possibly shared) broker.
  const c = clients[0];
  if (c?.connected)
    for (const check of ALL_CHECKS) await c.publishAsync(`uns-meta/alerts/${check.id}`, '', { qos: 1, retain: true });
  for (const x of clients) await x.endAsync();
  await live?.stop();
  await broker?.stop();
});

/** A subscriber of every alert: the newest message per topic, with its retain flag. */
async function watchAlerts(): Promise<Map<string, { alert: Alert; retain: boolean }>> {
  const seen = new Map<string, { alert: Alert; retain: boolean }>();
  const c = await connectAsync(broker.url, {
    clientId: `alerts-${Math.random().toString(16).slice(2, 10)}`,
    clean: true,
    reconnectPeriod: 0,
  });
  clients.push(c);
  c.on('message', (topic, payload, packet) => {
    if (payload.length) seen.set(topic, { alert: JSON.parse(payload.toString()) as Alert, retain: packet.retain });
  });
  await c.subscribeAsync('uns-meta/alerts/#', { qos: 1 });
  return seen;
}

describe('ops scheduler', () => {
  const archive = mkdtempSync(join(tmpdir(), 'ops-sched-archive-'));
  const config = loadConfig(
    {
      DATABASE_URL: 'postgres://unused/x',
      OPS_SCHEDULE: 'on',
      OPS_RUN_ON_START: 'on',
      OPS_ARCHIVE_DIR: archive,
      OPS_CHECK_TIMEOUT_SECONDS: '20',
    },
    { envFile: '/nonexistent' },
  );
  const start = new Date(2031, 4, 14, 12, 0); // a Wednesday noon, local
  const clock = manualClock(start);
  const runsAt = async (at: Date) =>
    (
      await db.pool.query<{ check_id: string; cadence: string }>(
        'SELECT check_id, cadence FROM uns_meta_sync.check_runs WHERE started_at = $1 ORDER BY check_id',
        [at],
      )
    ).rows;

  it('runs every check at start: a status gauge per check, retained JSON alerts, stored and archived', async () => {
    const live1 = await watchAlerts();
    const scheduler = startOpsScheduler({
      settings: schedulerSettings(config),
      pool: live.pool,
      publish: (t, p, o) => live.ingest.publish(t, p, o),
      log: createLogger({ level: 'silent' }),
      timers: clock,
    });
    try {
      const ids = ALL_CHECKS.map((c) => c.id).sort();
      await eventually(
        async () => [...live1.values()].filter((m) => m.alert.at === start.toISOString()).length,
        (n) => n === ids.length,
        60_000,
        'an alert per check',
      );
      expect(
        scheduler
          .latest()
          .map((r) => r.id)
          .sort(),
      ).toEqual(ids);
      expect((await runsAt(start)).map((r) => r.check_id)).toEqual(ids);

      const statuses = (await checkStatus.get()).values;
      for (const r of scheduler.latest()) {
        expect(statuses.find((v) => v.labels.check === r.id)).toEqual(
          expect.objectContaining({ labels: { check: r.id, cadence: r.cadence }, value: statusValue(r.status) }),
        );
      }
      const xid = (await checkValue.get()).values.find((v) => v.labels.check === 'xid.wraparound');
      expect(xid?.value).toBeGreaterThan(0);

      // A subscriber arriving later still gets every verdict: the broker retained them.
      const later = await watchAlerts();
      await eventually(
        async () => later.size,
        (n) => n >= ids.length,
        10_000,
        'the retained alerts',
      );
      const msg = later.get('uns-meta/alerts/xid.wraparound');
      expect(msg?.retain).toBe(true);
      expect(msg?.alert).toMatchObject({
        id: 'xid.wraparound',
        cadence: 'daily',
        status: 'OK',
        unit: 'xids',
        warn: 1_200_000_000,
        crit: 1_500_000_000,
        at: start.toISOString(),
      });
      expect(msg?.alert.value).toBe(xid?.value);
      expect(later.get('uns-meta/alerts/manual.review')?.alert).toMatchObject({ status: 'SKIP', cadence: 'quarterly' });

      const day = join(archive, 'db-checks', '2031-05-14');
      expect(
        ['daily.json', 'daily.md', 'weekly.json', 'quarterly.json'].filter((f) => !existsSync(join(day, f))),
      ).toEqual([]);

      // Nothing else is due before the daily time; at it, the daily checks run, and only they.
      const parsed = parseSchedule(schedulerSettings(config).at);
      if (!parsed.ok) throw new Error(parsed.reason);
      const daily = nextDue(parsed.schedule, 'daily', start);
      expect(daily).toEqual(new Date(2031, 4, 15, 2, 0));
      clock.advanceTo(new Date(daily.getTime() - 1));
      await new Promise((r) => setTimeout(r, 300));
      expect(
        await db.pool.query('SELECT 1 FROM uns_meta_sync.check_runs WHERE started_at > $1', [start]),
      ).toHaveProperty('rowCount', 0);
      clock.advanceTo(daily);
      const dailyIds = ALL_CHECKS.filter((c) => c.cadence === 'daily')
        .map((c) => c.id)
        .sort();
      await eventually(
        () => runsAt(daily),
        (rows) => rows.length === dailyIds.length,
        30_000,
        'the daily run',
      );
      expect((await runsAt(daily)).map((r) => [r.check_id, r.cadence])).toEqual(dailyIds.map((id) => [id, 'daily']));
      await eventually(
        async () => later.get('uns-meta/alerts/xid.wraparound')?.alert.at,
        (at) => at === daily.toISOString(),
        10_000,
        'the daily alert',
      );
      expect(existsSync(join(archive, 'db-checks', '2031-05-15', 'daily.json'))).toBe(true);
      expect(existsSync(join(archive, 'db-checks', '2031-05-15', 'weekly.json'))).toBe(false);
    } finally {
      await scheduler.stop();
    }
  });
});
