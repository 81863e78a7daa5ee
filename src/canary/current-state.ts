// The current state of the active (not retired) metrics as Canary should hold it: per metric its canary id
// and every property as JSON (uns_meta_sync.property_json, the rendering the outbox and diffs use).
// One SELECT, shared by backfill (as a CTE) and verify; metrics without properties are left out.

import type { Queryable } from '../db.js';
import type { JsonScalar } from '../cdc/outbox-rows.js';
import { PROPERTY_JSON } from '../store/property-json.js';

/** $1 = uns_path prefix ('' = every metric). Columns: metric_id, canary_id, properties (jsonb), n. */
export const CURRENT_STATE_SQL = `
  SELECT m.metric_id, m.canary_id,
         jsonb_object_agg(p.key, ${PROPERTY_JSON}) AS properties,
         count(*) AS n
  FROM uns_meta.metrics m JOIN uns_meta.metric_properties p ON p.metric_id = m.metric_id
  WHERE m.retired_at IS NULL AND starts_with(m.uns_path, $1::text)
  GROUP BY m.metric_id, m.canary_id`;

export interface MetricState {
  metricId: bigint;
  canaryId: string;
  properties: Record<string, JsonScalar>;
}

export async function currentState(db: Queryable, prefix: string, limit?: number): Promise<MetricState[]> {
  const r = await db.query<{ metric_id: bigint; canary_id: string; properties: Record<string, JsonScalar> }>(
    `${CURRENT_STATE_SQL} ORDER BY m.metric_id LIMIT $2`,
    [prefix, limit ?? null],
  );
  return r.rows.map((x) => ({ metricId: x.metric_id, canaryId: x.canary_id, properties: x.properties }));
}
