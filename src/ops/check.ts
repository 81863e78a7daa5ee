// The check model of spec/operations.md: what a check is, the result every renderer and the scheduler
// read, and the pure rules that turn a measured value into a status. No database, no I/O.

export const STATUSES = ['OK', 'WARN', 'CRIT', 'UNKNOWN', 'SKIP'] as const;
export type Status = (typeof STATUSES)[number];

export const CADENCES = ['daily', 'weekly', 'monthly', 'quarterly'] as const;
export type Cadence = (typeof CADENCES)[number];

export interface Thresholds {
  warn: number | null;
  crit: number | null;
}

export interface CheckResult {
  id: string;
  title: string;
  cadence: Cadence;
  status: Status;
  value: number | null;
  unit: string;
  warn: number | null;
  crit: number | null;
  /** What was seen: rows, numbers, file names; enough for a DBA to act without rerunning the query. */
  evidence: Record<string, unknown>;
  /** The playbook section to follow, and for UNKNOWN the exact grant or install that is missing. */
  remedy: string;
  durationMs: number;
}

/** What a check's body returns; the runner adds id, title, cadence, thresholds and timing. */
export interface Measurement {
  status: Status;
  value?: number | null;
  evidence?: Record<string, unknown>;
  /** Overrides the definition's remedy (e.g. an UNKNOWN naming the missing grant). */
  remedy?: string;
}

export interface CheckDefinition<Ctx> {
  id: string;
  title: string;
  cadence: Cadence;
  unit: string;
  /** Defaults; OPS_<ID>_WARN / OPS_<ID>_CRIT override them. */
  thresholds: Thresholds;
  remedy: string;
  run(ctx: Ctx, t: Thresholds): Promise<Measurement>;
}

/** Higher is worse: CRIT at or above crit, WARN above warn. A null threshold is never reached. */
export function statusAbove(value: number, t: Thresholds): Status {
  if (t.crit !== null && value > t.crit) return 'CRIT';
  if (t.warn !== null && value > t.warn) return 'WARN';
  return 'OK';
}

/** Lower is worse (days of certificate validity left). */
export function statusBelow(value: number, t: Thresholds): Status {
  if (t.crit !== null && value < t.crit) return 'CRIT';
  if (t.warn !== null && value < t.warn) return 'WARN';
  return 'OK';
}

const RANK: Record<Status, number> = { OK: 0, SKIP: 0, WARN: 1, UNKNOWN: 2, CRIT: 3 };

/** The worst of several statuses: CRIT > UNKNOWN > WARN > OK/SKIP. */
export function worst(statuses: Iterable<Status>): Status {
  let w: Status = 'OK';
  for (const s of statuses) if (RANK[s] > RANK[w]) w = s;
  return w;
}

/** Nagios plugin convention: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (SKIP counts as OK). */
export function nagiosCode(s: Status): 0 | 1 | 2 | 3 {
  return s === 'CRIT' ? 2 : s === 'WARN' ? 1 : s === 'UNKNOWN' ? 3 : 0;
}

/** The value exported as uns_meta_check_status. */
export function statusValue(s: Status): number {
  return s === 'SKIP' ? 0 : nagiosCode(s);
}
