// Retention of the service's own records, so nothing in uns_meta_sync grows forever: quarantine records
// (by their last occurrence), check runs, and dead letters already retried or dropped (open ones are
// kept until someone decides). Delivered outbox rows are deleted when delivered; what was delivered is
// one row per metric in canary_deliveries, so neither needs pruning. Run by the daily cadence and by
// `uns-meta ops retention`.

import type { Queryable } from '../db.js';

export interface RetentionResult {
  days: number;
  quarantine: number;
  checkRuns: number;
  deadLetters: number;
}

export async function pruneRecords(db: Queryable, days: number): Promise<RetentionResult> {
  if (days <= 0) return { days, quarantine: 0, checkRuns: 0, deadLetters: 0 };
  const r = await db.query<{ quarantine: number; check_runs: number; dead_letters: number }>(
    `WITH q AS (DELETE FROM uns_meta_sync.quarantine WHERE coalesce(last_seen_at, received_at) < now() - make_interval(days => $1) RETURNING 1),
          c AS (DELETE FROM uns_meta_sync.check_runs WHERE started_at < now() - make_interval(days => $1) RETURNING 1),
          d AS (DELETE FROM uns_meta_sync.canary_dead_letters WHERE status <> 'open' AND failed_at < now() - make_interval(days => $1) RETURNING 1)
     SELECT (SELECT count(*) FROM q)::int AS quarantine, (SELECT count(*) FROM c)::int AS check_runs, (SELECT count(*) FROM d)::int AS dead_letters`,
    [days],
  );
  const row = r.rows[0] ?? { quarantine: 0, check_runs: 0, dead_letters: 0 };
  return { days, quarantine: row.quarantine, checkRuns: row.check_runs, deadLetters: row.dead_letters };
}
