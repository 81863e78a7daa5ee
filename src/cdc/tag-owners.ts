// One Canary tag, one metric: two paths can map to one tag id (`a.b` and `a/b` → `…a.b`). The first
// metric to enqueue a tag owns it; outbox rows of any other metric for that tag are taken out of the
// outbox and recorded in canary_conflicts until the owner lets go (renamed away or retired), when the
// next one to enqueue takes the tag over with its full current state. SQL only, inside the caller's
// transaction, over the outbox rows that transaction just inserted.

import type { Queryable } from '../db.js';
import { PROPERTY_JSON } from '../store/property-json.js';

export interface TagClaims {
  /** Rows taken out of the outbox because another metric owns their tag. */
  conflicts: number;
  /** Tags whose owner let go and that a new metric took over (its full state was enqueued). */
  takenOver: number;
}

export async function claimTags(db: Queryable, outboxIds: readonly bigint[]): Promise<TagClaims> {
  if (outboxIds.length === 0) return { conflicts: 0, takenOver: 0 };
  const ids = outboxIds.map(String);
  // The lowest metric id wins a tag claimed twice in one go: the older metric.
  const claimed = await db.query<{ metric_id: string; took_over: boolean; previous: string | null }>(
    `WITH fresh AS (
       SELECT DISTINCT ON (canary_id) canary_id, metric_id FROM uns_meta_sync.canary_outbox
       WHERE outbox_id = ANY($1::bigint[]) ORDER BY canary_id, metric_id),
     before AS (SELECT t.canary_id, t.metric_id FROM uns_meta_sync.canary_tag_owners t JOIN fresh USING (canary_id)),
     claim AS (
       INSERT INTO uns_meta_sync.canary_tag_owners AS t (canary_id, metric_id) SELECT canary_id, metric_id FROM fresh
       ON CONFLICT (canary_id) DO UPDATE SET metric_id = EXCLUDED.metric_id, claimed_at = now()
         WHERE t.metric_id <> EXCLUDED.metric_id AND NOT EXISTS (
           SELECT 1 FROM uns_meta.metrics o WHERE o.metric_id = t.metric_id AND o.canary_id = t.canary_id AND o.retired_at IS NULL)
       RETURNING canary_id, metric_id, (xmax <> 0) AS took_over)
     SELECT c.metric_id::text, c.took_over, b.metric_id::text AS previous FROM claim c LEFT JOIN before b USING (canary_id)`,
    [ids],
  );
  const moved = await db.query(
    `WITH moved AS (
       DELETE FROM uns_meta_sync.canary_outbox o USING uns_meta_sync.canary_tag_owners t
       WHERE o.outbox_id = ANY($1::bigint[]) AND t.canary_id = o.canary_id AND t.metric_id <> o.metric_id
       RETURNING o.metric_id, o.canary_id, t.metric_id AS owner)
     INSERT INTO uns_meta_sync.canary_conflicts (metric_id, canary_id, owner_metric_id)
     SELECT DISTINCT ON (metric_id) metric_id, canary_id, owner FROM moved ORDER BY metric_id
     ON CONFLICT (metric_id) DO UPDATE SET canary_id = EXCLUDED.canary_id, owner_metric_id = EXCLUDED.owner_metric_id, detected_at = now()`,
    [ids],
  );
  await endConflicts(db);
  const takers = claimed.rows.filter((r) => r.took_over).map((r) => ({ metricId: r.metric_id, previous: r.previous }));
  if (takers.length) await enqueueFullState(db, takers);
  return { conflicts: moved.rowCount ?? 0, takenOver: takers.length };
}

/**
 * Tags whose owner let go (retired, renamed away) while a metric waits in conflict for them: the waiting
 * metric (the oldest, when several wait) takes the tag with its whole state. An owner's retirement
 * changes no property, so this is asked for on its own, not only when rows are enqueued.
 */
export async function releaseTags(db: Queryable): Promise<number> {
  await endConflicts(db);
  const taken = await db.query<{ metric_id: string; previous: string }>(
    `WITH freed AS (
       SELECT DISTINCT ON (c.canary_id) c.metric_id, c.canary_id, c.owner_metric_id FROM uns_meta_sync.canary_conflicts c
       WHERE NOT EXISTS (
         SELECT 1 FROM uns_meta_sync.canary_tag_owners t JOIN uns_meta.metrics o ON o.metric_id = t.metric_id
         WHERE t.canary_id = c.canary_id AND o.canary_id = t.canary_id AND o.retired_at IS NULL)
       ORDER BY c.canary_id, c.metric_id),
     claim AS (
       INSERT INTO uns_meta_sync.canary_tag_owners AS t (canary_id, metric_id) SELECT canary_id, metric_id FROM freed
       ON CONFLICT (canary_id) DO UPDATE SET metric_id = EXCLUDED.metric_id, claimed_at = now()
       RETURNING canary_id)
     SELECT f.metric_id::text, f.owner_metric_id::text AS previous FROM freed f JOIN claim USING (canary_id)`,
  );
  const takers = taken.rows.map((r) => ({ metricId: r.metric_id, previous: r.previous }));
  if (takers.length === 0) return 0;
  await endConflicts(db);
  await enqueueFullState(db, takers);
  return takers.length;
}

/**
 * A tag taken over holds the previous owner's properties: send the new owner's whole state, and every
 * key of the previous owner the new one lacks as removed.
 */
async function enqueueFullState(
  db: Queryable,
  takers: ReadonlyArray<{ metricId: string; previous: string | null }>,
): Promise<void> {
  await db.query(
    `WITH taker AS (SELECT * FROM unnest($1::bigint[], $2::bigint[]) AS x(metric_id, previous)),
     cur AS (
       SELECT m.metric_id, m.canary_id, jsonb_object_agg(p.key, ${PROPERTY_JSON}) AS properties
       FROM taker t JOIN uns_meta.metrics m ON m.metric_id = t.metric_id AND m.retired_at IS NULL
       JOIN uns_meta.metric_properties p ON p.metric_id = m.metric_id GROUP BY m.metric_id, m.canary_id),
     gone AS (
       SELECT t.metric_id, jsonb_object_agg(p.key, NULL::jsonb) AS props
       FROM taker t JOIN uns_meta.metric_properties p ON p.metric_id = t.previous GROUP BY t.metric_id)
     INSERT INTO uns_meta_sync.canary_outbox (metric_id, canary_id, properties, first_lsn, idempotency_key)
     SELECT cur.metric_id, cur.canary_id, coalesce(gone.props, '{}') || cur.properties, NULL,
            encode(sha256(convert_to(jsonb_build_array('takeover', cur.canary_id, cur.properties, clock_timestamp())::text, 'UTF8')), 'hex')
     FROM cur LEFT JOIN gone ON gone.metric_id = cur.metric_id
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [takers.map((t) => t.metricId), takers.map((t) => t.previous)],
  );
}

/** A conflict ends when its metric owns the tag now, or no longer maps to it (renamed, retired). */
async function endConflicts(db: Queryable): Promise<void> {
  await db.query(
    `DELETE FROM uns_meta_sync.canary_conflicts c
     WHERE EXISTS (SELECT 1 FROM uns_meta_sync.canary_tag_owners t WHERE t.canary_id = c.canary_id AND t.metric_id = c.metric_id)
        OR NOT EXISTS (SELECT 1 FROM uns_meta.metrics m WHERE m.metric_id = c.metric_id AND m.canary_id = c.canary_id AND m.retired_at IS NULL)`,
  );
}

/** Metrics held back by a tag conflict right now, with the owner (ops, API, dashboard). */
export async function tagConflicts(
  db: Queryable,
  limit = 100,
): Promise<Array<{ metricId: bigint; canaryId: string; ownerMetricId: bigint; detectedAt: Date }>> {
  const r = await db.query<{ metric_id: bigint; canary_id: string; owner_metric_id: bigint; detected_at: Date }>(
    'SELECT metric_id, canary_id, owner_metric_id, detected_at FROM uns_meta_sync.canary_conflicts ORDER BY detected_at, metric_id LIMIT $1',
    [limit],
  );
  return r.rows.map((x) => ({
    metricId: x.metric_id,
    canaryId: x.canary_id,
    ownerMetricId: x.owner_metric_id,
    detectedAt: x.detected_at,
  }));
}
