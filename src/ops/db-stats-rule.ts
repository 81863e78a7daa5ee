// The pure rule of db.stats: deltas of pg_stat_database counters since the previous run, per-hour rates
// compared with the median of the earlier periods' rates. No database: the check feeds it the counters
// and the history (uns_meta_sync.check_runs), so the rule is tested table-driven.

import { statusAbove, worst, type Measurement, type Status, type Thresholds } from './check.js';
import type { PastRun } from './context.js';

export const COUNTERS = ['deadlocks', 'blk_read_time', 'blk_write_time', 'conflicts', 'temp_bytes'] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Record<Counter, number>;

/** The counters compared with their median: the two I/O wait times (ms), as the spec says. */
const TIME_COUNTERS = ['blk_read_time', 'blk_write_time'] as const;
/** A period's rate above this multiple of the median rate is abnormal. */
export const MEDIAN_FACTOR = 3;
/** Median of at most this many earlier periods; fewer than MIN_PERIODS and there is no median yet. */
const MEDIAN_RUNS = 7;
const MIN_PERIODS = 3;
/** Less I/O wait than this in a whole period is noise, whatever its ratio to the median. */
export const TIME_FLOOR_MS = 1000;

export interface DbStatsReading {
  counters: Counters;
  statsReset: string | null;
  trackIoTiming: boolean;
}

interface Stored {
  counters?: Counters;
  statsReset?: string | null;
  deltas?: Counters;
  periodHours?: number;
}

export const IO_TIMING_REMEDY =
  'track_io_timing is off, so blk_read_time and blk_write_time stay 0 and cannot be judged: as superuser ALTER SYSTEM SET track_io_timing = on; SELECT pg_reload_conf(); (check the clock overhead with pg_test_timing first)';

/** history: earlier runs of db.stats, newest first. */
export function evaluateDbStats(now: Date, r: DbStatsReading, history: readonly PastRun[], t: Thresholds): Measurement {
  const base = { counters: r.counters, statsReset: r.statsReset, trackIoTiming: r.trackIoTiming };
  const ioUnknown = r.trackIoTiming ? {} : { remedy: IO_TIMING_REMEDY };
  const prevRun = history.find((h) => (h.evidence as Stored).counters !== undefined);
  const prev = prevRun?.evidence as Stored | undefined;
  const baseline = (note: string): Measurement => ({
    status: r.trackIoTiming ? 'OK' : 'UNKNOWN',
    value: null,
    evidence: { ...base, note },
    ...ioUnknown,
  });
  if (!prevRun || !prev?.counters)
    return baseline('first run: counters recorded as the baseline; deltas from the next run on');
  const reset =
    (prev.statsReset ?? null) !== r.statsReset || COUNTERS.some((k) => r.counters[k] < (prev.counters as Counters)[k]);
  if (reset) return baseline('statistics were reset since the previous run: counters recorded as a new baseline');

  const periodHours = Math.max((now.getTime() - prevRun.startedAt.getTime()) / 3_600_000, 1e-6);
  const deltas = Object.fromEntries(
    COUNTERS.map((k) => [k, r.counters[k] - (prev.counters as Counters)[k]]),
  ) as Counters;
  const earlier = history
    .map((h) => h.evidence as Stored)
    .filter((e) => e.deltas !== undefined && (e.periodHours ?? 0) > 0)
    .slice(0, MEDIAN_RUNS);
  const medianRatePerHour: Partial<Record<Counter, number>> = {};
  if (earlier.length >= MIN_PERIODS) {
    for (const k of COUNTERS)
      medianRatePerHour[k] = median(earlier.map((e) => (e.deltas as Counters)[k] / (e.periodHours as number)));
  }

  const statuses: Status[] = [statusAbove(deltas.deadlocks, t)];
  const findings: string[] = [];
  if (statuses[0] !== 'OK') findings.push(`${deltas.deadlocks} deadlock(s) in the last ${periodHours.toFixed(1)} h`);
  if (r.trackIoTiming) {
    for (const k of TIME_COUNTERS) {
      const m = medianRatePerHour[k];
      const rate = deltas[k] / periodHours;
      if (m !== undefined && m > 0 && deltas[k] >= TIME_FLOOR_MS && rate > MEDIAN_FACTOR * m) {
        statuses.push('WARN');
        findings.push(
          `${k}: ${rate.toFixed(0)} ms/h, ${(rate / m).toFixed(1)} × the median of the last ${earlier.length} periods (${m.toFixed(0)} ms/h)`,
        );
      }
    }
  }
  const notes: string[] = [];
  if (earlier.length < MIN_PERIODS)
    notes.push(
      `the median needs ${MIN_PERIODS} earlier periods (${earlier.length} so far): time counters not compared yet`,
    );
  if (!r.trackIoTiming) notes.push('track_io_timing is off: time counters not measured');
  let status = worst(statuses);
  // A found deadlock is a certain finding and wins; with nothing found, an unmeasurable half is UNKNOWN.
  if (status === 'OK' && !r.trackIoTiming) status = 'UNKNOWN';
  return {
    status,
    value: deltas.deadlocks,
    evidence: { ...base, periodHours, deltas, medianRatePerHour, findings, notes },
    ...(status === 'UNKNOWN' ? ioUnknown : {}),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
