// Runs the check cadences inside the service: each at its OPS_*_AT time, all once at start with
// OPS_RUN_ON_START, one run at a time, only on the leader; a failed run is logged and the cadence runs
// again at its next time. Results go to check_runs (and the archive), the gauges and the MQTT alerts;
// the daily run also prunes records past OPS_RETENTION_DAYS.

import type { ViewsTarget } from '../canary/views.js';
import type { Pool } from '../db.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { AlertPublisher, clearCheckGauges, setCheckGauges, type Publish, type Timers } from './alerts.js';
import { CADENCES, worst, type Cadence, type CheckResult } from './check.js';
import { runCheckCadence } from './check-run.js';
import { opsContext, type OpsSettings } from './context.js';
import { pruneRecords } from './retention.js';
import { nextDue, nextDueAll, parseSchedule, type ScheduleSettings } from './schedule.js';

export interface SchedulerSettings {
  /** OPS_SCHEDULE: off leaves the checks to an outside scheduler running `uns-meta ops check`. */
  enabled: boolean;
  at: ScheduleSettings;
  /** OPS_RUN_ON_START: every cadence once, as soon as this instance leads. */
  runOnStart: boolean;
  /** OPS_ARCHIVE_DIR: where each run is filed too; unset = check_runs only. */
  archiveDir: string | undefined;
  /** OPS_RETENTION_DAYS: the daily run prunes records older than this (0 keeps them). */
  retentionDays: number;
  /** What the checks read, as `uns-meta ops check` gives it. */
  checks: OpsSettings;
}

export interface SchedulerDeps {
  settings: SchedulerSettings;
  pool: Pool;
  /** The service's broker connection (retained QoS 1 alerts). */
  publish: Publish;
  /**
   * Runs happen only while this says true. The service passes the CDC's leadership: two instances would
   * otherwise publish (and store) every verdict twice. Absent = always the leader.
   */
  isLeader?: () => boolean;
  log: Logger;
  /** Real time unless a test drives it. */
  timers?: Timers;
  /** The embedded Canary simulator's Views API when it is the service's Canary (canary.parity reads it). */
  canaryViews?: ViewsTarget | undefined;
}

export interface OpsScheduler {
  /** The newest result of every check run so far, in run order. */
  latest(): CheckResult[];
  /** Ends the timers and waits for the run in progress (it uses the pool, which closes after). */
  stop(): Promise<void>;
}

/** Longest sleep: bounds setTimeout's 24.8-day limit and notices wall-clock jumps (NTP, suspend) within it. */
const MAX_SLEEP_MS = 3_600_000;
/** How often a waiting start run asks whether this instance has become the leader. */
const LEADER_POLL_MS = 2_000;

export const systemTimers: Timers = {
  now: () => new Date(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export function startOpsScheduler(d: SchedulerDeps): OpsScheduler {
  const latest = new Map<string, CheckResult>();
  const s = d.settings;
  if (!s.enabled) return { latest: () => [], stop: async () => undefined };
  const parsed = parseSchedule(s.at);
  if (!parsed.ok) throw new AppError('config_invalid', `${parsed.reason}; fix it or set OPS_SCHEDULE=off`);
  const schedule = parsed.schedule;
  const t = d.timers ?? systemTimers;
  const leader = d.isLeader ?? (() => true);
  const alerts = new AlertPublisher(d.publish, t, d.log);
  const due = nextDueAll(schedule, t.now());
  const queued = new Set<Cadence | 'all'>();
  let chain: Promise<void> = Promise.resolve();
  let startPending = s.runOnStart;
  let timer: unknown = null;
  let stopped = false;

  const run = async (cadence: Cadence | 'all'): Promise<void> => {
    queued.delete(cadence);
    if (stopped) return;
    if (!leader()) {
      // A former leader's verdicts would stay frozen (a stale CRIT alerting forever): drop them.
      if (latest.size) clearCheckGauges();
      latest.clear();
      d.log.info({ cadence }, 'ops checks left to the leader instance');
      return;
    }
    try {
      const r = await runCheckCadence(opsContext(d.pool, s.checks, t.now, { canaryViews: d.canaryViews }), {
        cadence,
        archiveDir: s.archiveDir,
      });
      for (const x of r.results) latest.set(x.id, x);
      setCheckGauges(r.results);
      if (r.notRecorded) d.log.warn({ cadence }, r.notRecorded);
      const bad = r.results
        .filter((x) => x.status === 'CRIT' || x.status === 'WARN' || x.status === 'UNKNOWN')
        .map((x) => `${x.id} ${x.status}`);
      d.log.info(
        {
          cadence,
          checks: r.results.length,
          worst: worst(r.results.map((x) => x.status)),
          bad,
          archived: r.archived.length,
        },
        'ops checks run',
      );
      await alerts.send(r.results, r.startedAt);
      if (cadence === 'daily' || cadence === 'all') {
        const pruned = await pruneRecords(d.pool, s.retentionDays);
        d.log.info({ ...pruned }, 'records older than OPS_RETENTION_DAYS pruned');
      }
    } catch (err) {
      d.log.error({ cadence, err }, 'ops check run failed; it runs again at its next scheduled time');
    }
  };
  // One run at a time; a cadence already waiting is not queued twice.
  const enqueue = (cadence: Cadence | 'all') => {
    if (queued.has(cadence)) return;
    queued.add(cadence);
    chain = chain.then(() => run(cadence));
  };

  const wake = () => {
    timer = null;
    if (stopped) return;
    const now = t.now();
    if (startPending && leader()) {
      startPending = false;
      enqueue('all');
    }
    for (const c of CADENCES) {
      if (due[c] > now) continue;
      enqueue(c); // once, however many due times a suspended machine slept through
      due[c] = nextDue(schedule, c, now);
    }
    const soonest = Math.min(...CADENCES.map((c) => due[c].getTime()));
    const sleep = Math.min(
      Math.max(0, soonest - now.getTime()),
      MAX_SLEEP_MS,
      startPending ? LEADER_POLL_MS : Infinity,
    );
    timer = t.setTimeout(wake, sleep);
  };
  d.log.info(
    { next: Object.fromEntries(CADENCES.map((c) => [c, due[c].toISOString()])), runOnStart: startPending },
    'ops check schedule',
  );
  wake();

  return {
    latest: () => [...latest.values()],
    stop: async () => {
      stopped = true;
      if (timer !== null) t.clearTimeout(timer);
      await chain;
      await alerts.stop();
    },
  };
}
