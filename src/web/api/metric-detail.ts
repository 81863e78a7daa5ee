// GET /api/metrics/:id: one metric with its current typed properties and its Canary status — a fact
// read from the sync tables (outbox, deliveries, dead letters, conflicts, parity drift), never a
// default. 404 for an unknown id.

import type { FastifyInstance } from 'fastify';
import type { Queryable } from '../../db.js';
import { AppError } from '../../errors.js';
import { iso, parseId } from './query-params.js';

/**
 * When several facts hold, the status names the one that needs attention first: a conflict (the metric
 * is not sent at all) > an open dead letter (an operator must act) > pending rows (Canary is about to
 * change) > drift found by canary.parity (a later delivery need not fix it; the next parity run decides)
 * > delivered > never sent.
 */
export const CANARY_STATUSES = ['conflict', 'dead_lettered', 'pending', 'drift', 'delivered', 'never_sent'] as const;
export type CanaryStatus = (typeof CANARY_STATUSES)[number];

interface CanaryFacts {
  pending: number;
  enqueued_at: Date | null;
  delivered_at: Date | null;
  dead_letters: number;
  dead_reason: string | null;
  dead_at: Date | null;
  conflict_canary_id: string | null;
  owner_metric_id: bigint | null;
  owner_path: string | null;
  conflict_at: Date | null;
  drift_at: Date | null;
  drift: unknown;
}

export function canaryStatus(f: CanaryFacts): CanaryStatus {
  if (f.conflict_at) return 'conflict';
  if (f.dead_letters > 0) return 'dead_lettered';
  if (f.pending > 0) return 'pending';
  if (f.drift_at) return 'drift';
  return f.delivered_at ? 'delivered' : 'never_sent';
}

const CANARY_FACTS = `
  (SELECT count(*)::int FROM uns_meta_sync.canary_outbox o WHERE o.metric_id = m.metric_id) AS pending,
  (SELECT min(o.enqueued_at) FROM uns_meta_sync.canary_outbox o WHERE o.metric_id = m.metric_id) AS enqueued_at,
  dl.delivered_at,
  (SELECT count(*)::int FROM uns_meta_sync.canary_dead_letters x WHERE x.metric_id = m.metric_id AND x.status = 'open') AS dead_letters,
  dead.reason AS dead_reason, dead.failed_at AS dead_at,
  cf.canary_id AS conflict_canary_id, cf.owner_metric_id, owner.uns_path AS owner_path, cf.detected_at AS conflict_at,
  dr.found_at AS drift_at, dr.differences AS drift`;

const CANARY_JOINS = `
  LEFT JOIN uns_meta_sync.canary_deliveries dl ON dl.metric_id = m.metric_id
  LEFT JOIN LATERAL (SELECT x.reason, x.failed_at FROM uns_meta_sync.canary_dead_letters x
                     WHERE x.metric_id = m.metric_id AND x.status = 'open' ORDER BY x.failed_at DESC, x.dead_letter_id DESC LIMIT 1) dead ON true
  LEFT JOIN uns_meta_sync.canary_conflicts cf ON cf.metric_id = m.metric_id
  LEFT JOIN uns_meta.metrics owner ON owner.metric_id = cf.owner_metric_id
  LEFT JOIN uns_meta_sync.canary_drift dr ON dr.metric_id = m.metric_id`;

function canary(f: CanaryFacts) {
  return {
    status: canaryStatus(f),
    pending: f.pending,
    enqueuedAt: iso(f.enqueued_at),
    deliveredAt: iso(f.delivered_at),
    deadLetters: f.dead_letters,
    deadLetter: f.dead_at ? { reason: f.dead_reason, failedAt: iso(f.dead_at) } : null,
    conflict: f.conflict_at
      ? {
          canaryId: f.conflict_canary_id,
          ownerMetricId: Number(f.owner_metric_id),
          ownerUnsPath: f.owner_path,
          detectedAt: iso(f.conflict_at),
        }
      : null,
    drift: f.drift_at ? { foundAt: iso(f.drift_at), differences: f.drift } : null,
  };
}

interface Row extends CanaryFacts {
  metric_id: bigint;
  uns_path: string;
  canary_id: string;
  name: string;
  datatype: string;
  metadata: unknown;
  retired_at: Date | null;
  created_at: Date;
  updated_at: Date;
  group_id: string;
  edge: string;
  device: string;
}

export async function requireMetric(db: Queryable, id: string): Promise<void> {
  const r = await db.query('SELECT 1 FROM uns_meta.metrics WHERE metric_id = $1', [id]);
  if (r.rowCount === 0)
    throw new AppError('not_found', `no metric with id ${id}; find ids with GET /api/metrics?q=<part of its path>`);
}

export async function metricDetail(db: Queryable, params: unknown) {
  const id = parseId(params, 'metric id', 'GET /api/metrics/:id');
  const r = await db.query<Row>(
    `SELECT m.metric_id, m.uns_path, m.canary_id, m.name, m.datatype, m.metadata, m.retired_at, m.created_at, m.updated_at,
            d.group_id, d.edge, d.device, ${CANARY_FACTS}
     FROM uns_meta.metrics m JOIN uns_meta.devices d ON d.device_id = m.device_id ${CANARY_JOINS}
     WHERE m.metric_id = $1`,
    [id],
  );
  const m = r.rows[0];
  if (!m)
    throw new AppError('not_found', `no metric with id ${id}; find ids with GET /api/metrics?q=<part of its path>`);
  const props = await db.query<{ key: string; type: string; value: unknown }>(
    `SELECT key, type::text AS type,
            uns_meta_sync.property_json(type, value_int, value_long, value_float, value_double, value_string, value_bool) AS value
     FROM uns_meta.metric_properties WHERE metric_id = $1 ORDER BY key`,
    [id],
  );
  return {
    metricId: Number(m.metric_id),
    unsPath: m.uns_path,
    canaryId: m.canary_id,
    name: m.name,
    datatype: m.datatype,
    metadata: m.metadata ?? null,
    device: { group: m.group_id, edge: m.edge, device: m.device },
    retiredAt: iso(m.retired_at),
    createdAt: iso(m.created_at),
    updatedAt: iso(m.updated_at),
    properties: props.rows,
    canary: canary(m),
  };
}

export function registerMetricDetailRoutes(app: FastifyInstance, db: Queryable): void {
  app.get('/api/metrics/:id', async (req) => metricDetail(db, req.params));
}
