// How the ops scheduler runs, on a real PostgreSQL 16 and a real broker with a manual clock: a run due
// while another is in progress waits for it; a failed run is logged and the cadence runs at its next
// time; a follower runs nothing until it becomes the leader, and drops its gauges when it stops leading.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { checkStatus } from '../../src/metrics.js';
import type { Publish } from '../../src/ops/alerts.js';
import { ALL_CHECKS } from '../../src/ops/registry.js';
import { startOpsScheduler } from '../../src/ops/scheduler.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/embedded/broker.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { eventually, startLiveService, type LiveService } from '../support/live-service.js';
import { manualClock } from '../support/manual-clock.js';
import { schedulerSettings } from '../../src/cli/settings.js';

let db: TestDatabase;
// Its own in-process broker: its retained alerts must not reach scheduler.test.ts on a shared Mosquitto.
let broker: EmbeddedBroker;
let live: LiveService;
const config = (env: Record<string, string> = {}) =>
  loadConfig(
    {
      DATABASE_URL: 'postgres://unused/x',
      OPS_SCHEDULE: 'on',
      OPS_RUN_ON_START: 'on',
      OPS_CHECK_TIMEOUT_SECONDS: '20',
      ...env,
    },
    { envFile: '/nonexistent' },
  );
const runsAt = async (at: Date) =>
  Number(
    (
      await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM uns_meta_sync.check_runs WHERE started_at = $1', [
        at,
      ])
    ).rows[0]?.n,
  );
const publish: Publish = (t, p, o) => live.ingest.publish(t, p, o);
const quiet = createLogger({ level: 'silent' });

beforeAll(async () => {
  db = await cloneDatabase('ops_scheduler_runs');
  broker = await startEmbeddedBroker({ port: 0 });
  live = await startLiveService(db.appUrl, broker.url);
  await eventually(
    () => live.ingest.readiness(),
    (r) => r.broker?.ok === true,
    20_000,
    'the service connected to the broker',
  );
});

afterAll(async () => {
  await live?.stop();
  await broker?.stop();
});

describe('ops scheduler runs', () => {
  it('never runs two at once: the daily run waits while the start run is held in the database', async () => {
    const start = new Date(2032, 2, 10, 12, 0);
    const daily = new Date(2032, 2, 11, 2, 0);
    const clock = manualClock(start);
    // EXCLUSIVE lets the test read check_runs but holds every run at its INSERT.
    const locker = await db.pool.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE uns_meta_sync.check_runs IN EXCLUSIVE MODE');
    const held = async () =>
      Number(
        (
          await db.pool.query<{ n: string }>(
            `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO uns_meta_sync.check_runs%'`,
            [db.name],
          )
        ).rows[0]?.n,
      );
    const scheduler = startOpsScheduler({
      settings: schedulerSettings(config()),
      pool: live.pool,
      publish,
      log: quiet,
      timers: clock,
    });
    let locked = true;
    try {
      await eventually(held, (n) => n === 1, 30_000, 'the start run waiting on the lock');
      clock.advanceTo(daily);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await held()).toBe(1);
      await locker.query('COMMIT');
      locked = false;
      await eventually(
        () => runsAt(daily),
        (n) => n === ALL_CHECKS.filter((c) => c.cadence === 'daily').length,
        30_000,
        'the daily run after the start run',
      );
      expect(await runsAt(start)).toBe(ALL_CHECKS.length);
    } finally {
      if (locked) await locker.query('ROLLBACK');
      locker.release();
      await scheduler.stop();
    }
  });

  it('a failed run is logged, and the cadence runs again at its next time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ops-sched-fail-'));
    const archive = join(dir, 'archive');
    writeFileSync(archive, 'a file where the archive directory should be');
    const start = new Date(2033, 5, 1, 12, 0);
    const daily = new Date(2033, 5, 2, 2, 0);
    const clock = manualClock(start);
    const lines: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });
    const scheduler = startOpsScheduler({
      settings: schedulerSettings(config({ OPS_ARCHIVE_DIR: archive })),
      pool: live.pool,
      publish,
      log,
      timers: clock,
    });
    try {
      const failed = () =>
        lines
          .map((l) => JSON.parse(l) as { msg: string; cadence?: string; err?: string })
          .filter((l) => l.msg.startsWith('ops check run failed'));
      await eventually(
        async () => failed(),
        (f) => f.length === 1,
        30_000,
        'the failure logged',
      );
      expect(failed()[0]).toMatchObject({
        cadence: 'all',
        err: expect.objectContaining({ message: expect.stringMatching(/EEXIST|ENOTDIR/) }),
      });
      expect(scheduler.latest()).toEqual([]);
      rmSync(archive);
      mkdirSync(archive);
      clock.advanceTo(daily);
      await eventually(
        async () => scheduler.latest().length,
        (n) => n === ALL_CHECKS.filter((c) => c.cadence === 'daily').length,
        30_000,
        'the daily run',
      );
      expect(existsSync(join(archive, 'db-checks', '2033-06-02', 'daily.json'))).toBe(true);
      expect(failed()).toHaveLength(1);
    } finally {
      await scheduler.stop();
    }
  });

  it('a follower runs nothing; on becoming the leader it runs the start run, on losing it drops its gauges', async () => {
    const start = new Date(2034, 0, 10, 12, 0);
    const clock = manualClock(start);
    let leader = false;
    const scheduler = startOpsScheduler({
      settings: schedulerSettings(config()),
      pool: live.pool,
      publish,
      log: quiet,
      timers: clock,
      isLeader: () => leader,
    });
    try {
      clock.advanceTo(new Date(2034, 0, 11, 2, 0)); // the daily time passes while a follower
      await new Promise((r) => setTimeout(r, 500));
      expect(scheduler.latest()).toEqual([]);
      expect(
        await db.pool.query('SELECT 1 FROM uns_meta_sync.check_runs WHERE started_at >= $1', [start]),
      ).toHaveProperty('rowCount', 0);
      leader = true;
      const polled = new Date(2034, 0, 11, 2, 0, 2);
      clock.advanceTo(polled);
      await eventually(
        () => runsAt(polled),
        (n) => n === ALL_CHECKS.length,
        30_000,
        'the start run on the new leader',
      );
      await eventually(
        async () => (await checkStatus.get()).values.length,
        (n) => n === ALL_CHECKS.length,
        10_000,
        'the gauges set',
      );
      // Leadership moves away: at its next due time this instance drops the verdicts it stopped refreshing.
      leader = false;
      clock.advanceTo(new Date(2034, 0, 12, 2, 0));
      await eventually(
        async () => (await checkStatus.get()).values.length,
        (n) => n === 0,
        10_000,
        'the gauges dropped',
      );
      expect(scheduler.latest()).toEqual([]);
      expect(await runsAt(new Date(2034, 0, 12, 2, 0))).toBe(0);
    } finally {
      await scheduler.stop();
    }
  });
});
