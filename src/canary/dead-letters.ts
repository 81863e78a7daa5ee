// The operator's view of uns_meta_sync.canary_dead_letters: list the open ones, re-drive them into the
// outbox (status 'retried') or give them up (status 'dropped'). SQL only; rows are never deleted here,
// and nothing is sent: the running writer delivers what a retry put back in the outbox.

import type { Queryable } from '../db.js';

export interface DeadLetter {
  deadLetterId: bigint;
  metricId: bigint | null;
  canaryId: string | null;
  reason: string;
  statusCode: string | null;
  failedAt: Date;
  attempts: number;
}

/** Which open dead letters a command acts on: the ids given, or every open one. */
export type DeadLetterSelection = { all: true } | { all: false; ids: readonly bigint[] };

export interface DeadLetterOutcome {
  /** Ids that changed status. */
  done: bigint[];
  /** Requested ids that are not open dead letters (unknown, already retried or dropped, or not retryable). */
  skipped: bigint[];
}

export async function openDeadLetters(db: Queryable, limit: number): Promise<{ total: number; rows: DeadLetter[] }> {
  const r = await db.query<{
    dead_letter_id: bigint;
    metric_id: bigint | null;
    canary_id: string | null;
    reason: string;
    status_code: string | null;
    failed_at: Date;
    attempts: number;
  }>(
    `SELECT dead_letter_id, metric_id, canary_id, reason, status_code, failed_at, attempts
     FROM uns_meta_sync.canary_dead_letters WHERE status = 'open' ORDER BY dead_letter_id LIMIT $1`,
    [limit],
  );
  const total = await db.query<{ n: bigint }>(
    `SELECT count(*) AS n FROM uns_meta_sync.canary_dead_letters WHERE status = 'open'`,
  );
  return {
    total: Number(total.rows[0]?.n ?? 0),
    rows: r.rows.map((x) => ({
      deadLetterId: x.dead_letter_id,
      metricId: x.metric_id,
      canaryId: x.canary_id,
      reason: x.reason,
      statusCode: x.status_code,
      failedAt: x.failed_at,
      attempts: x.attempts,
    })),
  };
}

/**
 * Open dead letters → due outbox rows, marked 'retried', in one statement (one transaction: a dead letter
 * is never both retried and lost, nor re-driven twice). The idempotency key `dlq-retry:<id>` is new for
 * every dead letter, so the outbox does not swallow it as a replay of the row that failed. A dead letter
 * without metric or canary id cannot be addressed and stays open.
 * What is re-sent is the metric's CURRENT value of each key the dead letter carried (null = removed since)
 * under its current tag: the stored payload may be older than what Canary received meanwhile, and
 * re-sending it would turn Canary back. Only for a metric the database no longer has is it the payload.
 */
export async function retryDeadLetters(db: Queryable, sel: DeadLetterSelection): Promise<DeadLetterOutcome> {
  const r = await db.query<{ dead_letter_id: bigint }>(
    `WITH picked AS (
       UPDATE uns_meta_sync.canary_dead_letters SET status = 'retried'
       WHERE status = 'open' AND metric_id IS NOT NULL AND canary_id IS NOT NULL AND ($1::boolean OR dead_letter_id = ANY($2::bigint[]))
       RETURNING dead_letter_id, metric_id, canary_id, payload),
     moved AS (
       INSERT INTO uns_meta_sync.canary_outbox (metric_id, canary_id, properties, first_lsn, idempotency_key)
       SELECT p.metric_id, coalesce(m.canary_id, p.canary_id),
              CASE WHEN m.metric_id IS NULL THEN p.payload ELSE (
                SELECT coalesce(jsonb_object_agg(k.key, (
                  SELECT uns_meta_sync.property_json(mp.type, mp.value_int, mp.value_long, mp.value_float, mp.value_double, mp.value_string, mp.value_bool)
                  FROM uns_meta.metric_properties mp WHERE mp.metric_id = p.metric_id AND mp.key = k.key)), '{}'::jsonb)
                FROM jsonb_object_keys(p.payload) AS k(key)) END,
              NULL, 'dlq-retry:' || p.dead_letter_id
       FROM picked p LEFT JOIN uns_meta.metrics m ON m.metric_id = p.metric_id
       ORDER BY p.dead_letter_id)
     -- A data-modifying WITH runs to completion whether or not the outer query reads it.
     SELECT dead_letter_id FROM picked ORDER BY dead_letter_id`,
    selectionParams(sel),
  );
  return outcome(
    sel,
    r.rows.map((x) => x.dead_letter_id),
  );
}

/** Open dead letters → status 'dropped' (kept for the record; a later `list` no longer shows them). */
export async function dropDeadLetters(db: Queryable, sel: DeadLetterSelection): Promise<DeadLetterOutcome> {
  const r = await db.query<{ dead_letter_id: bigint }>(
    `UPDATE uns_meta_sync.canary_dead_letters SET status = 'dropped'
     WHERE status = 'open' AND ($1::boolean OR dead_letter_id = ANY($2::bigint[]))
     RETURNING dead_letter_id`,
    selectionParams(sel),
  );
  return outcome(
    sel,
    r.rows.map((x) => x.dead_letter_id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

function selectionParams(sel: DeadLetterSelection): [boolean, string[]] {
  return sel.all ? [true, []] : [false, sel.ids.map(String)];
}

function outcome(sel: DeadLetterSelection, done: bigint[]): DeadLetterOutcome {
  const seen = new Set(done);
  return { done, skipped: sel.all ? [] : [...new Set(sel.ids)].filter((id) => !seen.has(id)) };
}
