// GET /api/devices: every device (edge nodes included, device ''), keyset-paged by device path in byte
// order, with its count of active metrics.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../../db.js';
import { decodeCursor, page, pageQuery, parseQuery } from './query-params.js';

interface Row {
  device_id: bigint;
  group_id: string;
  edge: string;
  device: string;
  uns_path: string;
  metric_count: number;
}

async function devices(db: Queryable, query: unknown) {
  const o = parseQuery(pageQuery(50, 500), query, 'GET /api/devices');
  const after = decodeCursor(o.cursor, z.string());
  const r = await db.query<Row>(
    `SELECT d.device_id, d.group_id, d.edge, d.device, d.uns_path,
            (SELECT count(*)::int FROM uns_meta.metrics m WHERE m.device_id = d.device_id AND m.retired_at IS NULL) AS metric_count
     FROM uns_meta.devices d WHERE ($1::text IS NULL OR d.uns_path COLLATE "C" > $1)
     ORDER BY d.uns_path COLLATE "C" LIMIT $2`,
    [after, o.limit + 1],
  );
  return page(
    r.rows,
    o.limit,
    (x) => ({ deviceId: Number(x.device_id), group: x.group_id, edge: x.edge, device: x.device, unsPath: x.uns_path, metricCount: x.metric_count }),
    (x) => x.uns_path,
  );
}

export function registerDeviceRoutes(app: FastifyInstance, db: Queryable): void {
  app.get('/api/devices', async (req) => devices(db, req.query));
}
