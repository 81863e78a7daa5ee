// The durable outbox (uns_meta_sync.canary_outbox) and its dead letters: CDC enqueues debounced
// changes (idempotent by key), the Canary writer takes due rows, deletes what Canary accepted,
// reschedules what failed for a while, and moves permanent failures to canary_dead_letters with the
// reason. SQL only; what is due or permanent is decided by the callers.

import { withTransaction, type Pool, type Queryable } from '../db.js';
import type { JsonScalar, OutboxRow } from './outbox-rows.js';
import { claimTags } from './tag-owners.js';

export interface OutboxEntry {
  outboxId: bigint;
  metricId: bigint;
  canaryId: string;
  properties: Record<string, JsonScalar | null>;
  enqueuedAt: Date;
  attempts: number;
  /** When the change's birth arrived (or its transaction committed); null for rows without one (backfill). */
  sourceAt: Date | null;
}

/**
 * Inserts the rows; a row whose idempotency key is already there (a replay) is skipped. Rows for a
 * Canary tag another metric owns are turned into conflicts (tag-owners.ts). Run it inside a transaction.
 * Returns the rows inserted and kept.
 */
export async function enqueue(db: Queryable, rows: readonly OutboxRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db.query<{ outbox_id: bigint }>(
    `INSERT INTO uns_meta_sync.canary_outbox (metric_id, canary_id, properties, first_lsn, idempotency_key, source_at)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::jsonb[], $4::pg_lsn[], $5::text[], $6::timestamptz[])
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING outbox_id`,
    [
      rows.map((r) => r.metric_id.toString()),
      rows.map((r) => r.canary_id),
      rows.map((r) => JSON.stringify(r.properties)),
      rows.map((r) => r.first_lsn),
      rows.map((r) => r.idempotency_key),
      rows.map((r) => r.source_at ?? null),
    ],
  );
  const claims = await claimTags(
    db,
    r.rows.map((x) => x.outbox_id),
  );
  return r.rows.length - claims.conflicts;
}

export interface OutboxRecord {
  outbox_id: bigint;
  metric_id: bigint;
  canary_id: string;
  properties: Record<string, JsonScalar | null>;
  enqueued_at: Date;
  attempts: number;
  source_at: Date | null;
}

/** The select list `outboxEntry` reads. */
export const OUTBOX_COLUMNS = 'outbox_id, metric_id, canary_id, properties, enqueued_at, attempts, source_at';

export function outboxEntry(x: OutboxRecord): OutboxEntry {
  return {
    outboxId: x.outbox_id,
    metricId: x.metric_id,
    canaryId: x.canary_id,
    properties: x.properties,
    enqueuedAt: x.enqueued_at,
    attempts: x.attempts,
    sourceAt: x.source_at,
  };
}

/** Rows due for delivery, oldest first (the order changes happened in). */
export async function dueEntries(db: Queryable, limit: number): Promise<OutboxEntry[]> {
  const r = await db.query<OutboxRecord>(
    `SELECT ${OUTBOX_COLUMNS} FROM uns_meta_sync.canary_outbox WHERE next_attempt_at <= now() ORDER BY outbox_id LIMIT $1`,
    [limit],
  );
  return r.rows.map(outboxEntry);
}

/** Deletes the accepted rows and records, per metric, when Canary last accepted it (the status the API shows). */
export async function markDelivered(db: Queryable, ids: readonly bigint[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `WITH gone AS (DELETE FROM uns_meta_sync.canary_outbox WHERE outbox_id = ANY($1::bigint[]) RETURNING metric_id, canary_id, outbox_id)
     INSERT INTO uns_meta_sync.canary_deliveries (metric_id, canary_id, delivered_at)
     SELECT DISTINCT ON (metric_id) metric_id, canary_id, now() FROM gone ORDER BY metric_id, outbox_id DESC
     ON CONFLICT (metric_id) DO UPDATE SET canary_id = EXCLUDED.canary_id, delivered_at = EXCLUDED.delivered_at`,
    [ids.map(String)],
  );
}

/** Counts an attempt and waits `delayMs` before the rows are due again. */
export async function reschedule(db: Queryable, ids: readonly bigint[], delayMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE uns_meta_sync.canary_outbox SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
     WHERE outbox_id = ANY($1::bigint[])`,
    [ids.map(String), delayMs],
  );
}

/** Moves rows to the dead letters with the reason, in one transaction (never in both tables, never in neither). */
export async function deadLetter(
  pool: Pool,
  failures: ReadonlyArray<{ outboxId: bigint; reason: string; statusCode?: string }>,
): Promise<void> {
  if (failures.length === 0) return;
  await withTransaction(pool, async (c) => {
    await c.query(
      `WITH f AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[]) AS f(outbox_id, reason, status_code)),
            moved AS (DELETE FROM uns_meta_sync.canary_outbox o USING f WHERE o.outbox_id = f.outbox_id
                      RETURNING o.metric_id, o.canary_id, o.properties, o.attempts, f.reason, f.status_code)
       INSERT INTO uns_meta_sync.canary_dead_letters (metric_id, canary_id, payload, reason, status_code, attempts)
       SELECT metric_id, canary_id, properties, reason, status_code, attempts + 1 FROM moved`,
      [
        failures.map((f) => f.outboxId.toString()),
        failures.map((f) => f.reason),
        failures.map((f) => f.statusCode ?? null),
      ],
    );
  });
}

/**
 * Rows waiting. Exact up to 10,000 (an index-only walk that stops there); beyond that the planner's
 * estimate, so a gauge read every round stays cheap with a 24-hour backlog of millions of rows.
 */
export async function outboxDepth(db: Queryable): Promise<number> {
  const r = await db.query<{ n: string; estimate: string | null }>(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM uns_meta_sync.canary_outbox LIMIT 10001) s) AS n,
            (SELECT CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END FROM pg_class c
              WHERE c.oid = 'uns_meta_sync.canary_outbox'::regclass) AS estimate`,
  );
  const n = Number(r.rows[0]?.n ?? 0);
  return n <= 10_000 ? n : Math.max(n, Number(r.rows[0]?.estimate ?? n));
}
