// GET /api/metrics/:id: one metric with its current typed properties and whether Canary has it
// (rows waiting in the outbox, open dead letters). 404 for an unknown id.

import type { FastifyInstance } from 'fastify';
import type { Queryable } from '../../db.js';
import { AppError } from '../../errors.js';
import { iso, parseId } from './query-params.js';

interface Row {
  metric_id: bigint;
  uns_path: string;
  canary_id: string;
  name: string;
  datatype: string;
  retired_at: Date | null;
  created_at: Date;
  updated_at: Date;
  group_id: string;
  edge: string;
  device: string;
  pending: number;
  dead_letters: number;
}

export async function requireMetric(db: Queryable, id: string): Promise<void> {
  const r = await db.query('SELECT 1 FROM uns_meta.metrics WHERE metric_id = $1', [id]);
  if (r.rowCount === 0) throw new AppError('not_found', `no metric with id ${id}; find ids with GET /api/metrics?q=<part of its path>`);
}

export async function metricDetail(db: Queryable, params: unknown) {
  const id = parseId(params, 'metric id', 'GET /api/metrics/:id');
  const r = await db.query<Row>(
    `SELECT m.metric_id, m.uns_path, m.canary_id, m.name, m.datatype, m.retired_at, m.created_at, m.updated_at,
            d.group_id, d.edge, d.device,
            (SELECT count(*)::int FROM uns_meta_sync.canary_outbox o WHERE o.metric_id = m.metric_id) AS pending,
            (SELECT count(*)::int FROM uns_meta_sync.canary_dead_letters x WHERE x.metric_id = m.metric_id AND x.status = 'open') AS dead_letters
     FROM uns_meta.metrics m JOIN uns_meta.devices d ON d.device_id = m.device_id WHERE m.metric_id = $1`,
    [id],
  );
  const m = r.rows[0];
  if (!m) throw new AppError('not_found', `no metric with id ${id}; find ids with GET /api/metrics?q=<part of its path>`);
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
    device: { group: m.group_id, edge: m.edge, device: m.device },
    retiredAt: iso(m.retired_at),
    createdAt: iso(m.created_at),
    updatedAt: iso(m.updated_at),
    properties: props.rows,
    canary: { status: m.dead_letters > 0 ? 'dead_lettered' : m.pending > 0 ? 'pending' : 'in_sync', pending: m.pending, deadLetters: m.dead_letters },
  };
}

export function registerMetricDetailRoutes(app: FastifyInstance, db: Queryable): void {
  app.get('/api/metrics/:id', async (req) => metricDetail(db, req.params));
}
