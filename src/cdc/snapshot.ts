// The initial snapshot: when CDC has to create its slot (first start on a database that already holds
// metrics, a slot dropped, invalidated, lost in a failover or a restore), the full current state of every
// active metric goes to the outbox, so Canary gets what was written before the slot existed.
// Consistency: the snapshot is read AFTER the slot exists, so every commit is either in it, or after
// the slot's consistent point and streamed, or both (duplicates are harmless, gaps are impossible).
// A snapshot is recorded before the slot is created and closed in the same transaction as its rows:
// one interrupted at any point is taken again at the next start.

import { withTransaction, type Pool, type Queryable } from '../db.js';
import { PROPERTY_JSON } from '../store/property-json.js';
import { claimTags } from './tag-owners.js';

export type SnapshotReason = 'slot_missing' | 'slot_lost';

/** Metrics per page: the rows of one page, never the whole state, are in memory at once. */
const PAGE = 5_000;

/** Records that a snapshot is due for `slot` (before creating it); returns its id. */
export async function recordSnapshotDue(db: Queryable, slot: string, reason: SnapshotReason): Promise<bigint> {
  const r = await db.query<{ snapshot_id: bigint }>(
    'INSERT INTO uns_meta_sync.cdc_snapshots (slot_name, reason) VALUES ($1, $2) RETURNING snapshot_id',
    [slot, reason],
  );
  return r.rows[0]?.snapshot_id as bigint;
}

export interface DueSnapshot {
  snapshotId: bigint;
  reason: string;
}

/** The oldest snapshot of `slot` not finished yet, if any. */
export async function dueSnapshot(db: Queryable, slot: string): Promise<DueSnapshot | null> {
  const r = await db.query<{ snapshot_id: bigint; reason: string }>(
    'SELECT snapshot_id, reason FROM uns_meta_sync.cdc_snapshots WHERE slot_name = $1 AND finished_at IS NULL ORDER BY snapshot_id LIMIT 1',
    [slot],
  );
  const x = r.rows[0];
  return x ? { snapshotId: x.snapshot_id, reason: x.reason } : null;
}

export interface SnapshotResult {
  metrics: number;
  enqueued: number;
  consistentLsn: string;
}

/**
 * Enqueues every active metric's current state, page by page in ONE transaction (one view of the data),
 * and closes every open snapshot record of the slot with it. `slotLsn` is the slot's position: part of
 * each row's idempotency key, so taking the same snapshot again adds nothing.
 */
export async function takeSnapshot(pool: Pool, slot: string, slotLsn: string): Promise<SnapshotResult> {
  return withTransaction(pool, async (c) => {
    await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    let after = '0';
    let metrics = 0;
    let enqueued = 0;
    for (;;) {
      const r = await c.query<{ ids: bigint[]; n: string; last: string | null }>(
        `WITH page AS (
           SELECT metric_id, canary_id FROM uns_meta.metrics WHERE retired_at IS NULL AND metric_id > $1::bigint ORDER BY metric_id LIMIT $2),
         present AS (
           SELECT g.metric_id, jsonb_object_agg(p.key, ${PROPERTY_JSON}) AS props
           FROM page g JOIN uns_meta.metric_properties p ON p.metric_id = g.metric_id GROUP BY g.metric_id),
         -- Every key the metric ever had (its versions name them) goes too: a key removed while no slot
         -- streamed is sent as removed, since what Canary still holds is not known here.
         past AS (
           SELECT g.metric_id, jsonb_object_agg(k.key, NULL::jsonb) AS props
           FROM page g JOIN uns_meta.metric_versions v ON v.metric_id = g.metric_id
           CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(v.diff -> 'properties') = 'object' THEN v.diff -> 'properties' END) AS k(key)
           GROUP BY g.metric_id),
         cur AS (
           SELECT g.metric_id, g.canary_id, coalesce(past.props, '{}') || coalesce(present.props, '{}') AS properties
           FROM page g LEFT JOIN present ON present.metric_id = g.metric_id LEFT JOIN past ON past.metric_id = g.metric_id
           WHERE present.props IS NOT NULL OR past.props IS NOT NULL),
         ins AS (
           INSERT INTO uns_meta_sync.canary_outbox (metric_id, canary_id, properties, first_lsn, idempotency_key)
           SELECT metric_id, canary_id, properties, $3::pg_lsn,
                  encode(sha256(convert_to(jsonb_build_array('snapshot', $4::text, canary_id, properties)::text, 'UTF8')), 'hex')
           FROM cur ORDER BY metric_id
           ON CONFLICT (idempotency_key) DO NOTHING
           RETURNING outbox_id)
         SELECT (SELECT coalesce(array_agg(outbox_id), '{}') FROM ins) AS ids, (SELECT count(*) FROM cur) AS n, (SELECT max(metric_id)::text FROM page) AS last`,
        [after, PAGE, slotLsn, slotLsn],
      );
      const page = r.rows[0];
      if (!page || page.last === null) break;
      const claims = await claimTags(c, page.ids);
      metrics += Number(page.n);
      enqueued += page.ids.length - claims.conflicts;
      after = page.last;
    }
    await c.query(
      'UPDATE uns_meta_sync.cdc_snapshots SET finished_at = clock_timestamp(), consistent_lsn = $2::pg_lsn, metrics = $3 WHERE slot_name = $1 AND finished_at IS NULL',
      [slot, slotLsn, metrics],
    );
    return { metrics, enqueued, consistentLsn: slotLsn };
  });
}
