// GET /api/devices: every device (edge nodes included, device ''), keyset-paged by device path in byte
// order, with its count of active metrics and its liveness (uns_meta.device_status); `state=` filters.

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
  state: string;
  bdseq: string | null;
  last_birth_at: Date | null;
  last_death_at: Date | null;
}

const Query = pageQuery(50, 500).extend({ state: z.enum(['online', 'offline', 'unknown']).optional() });

export interface DeviceStatusRow {
  state: string;
  bdseq: string | null;
  last_birth_at: Date | null;
  last_death_at: Date | null;
}

/** The liveness fields of a device as the API shows them. */
export const liveness = (x: DeviceStatusRow) => ({
  state: x.state,
  bdSeq: x.bdseq,
  lastBirthAt: x.last_birth_at?.toISOString() ?? null,
  lastDeathAt: x.last_death_at?.toISOString() ?? null,
});

async function devices(db: Queryable, query: unknown) {
  const o = parseQuery(Query, query, 'GET /api/devices');
  const after = decodeCursor(o.cursor, z.string());
  const r = await db.query<Row>(
    `SELECT d.device_id, d.group_id, d.edge, d.device, d.uns_path, s.state, s.bdseq::text, s.last_birth_at, s.last_death_at,
            (SELECT count(*)::int FROM uns_meta.metrics m WHERE m.device_id = d.device_id AND m.retired_at IS NULL) AS metric_count
     FROM uns_meta.devices d JOIN uns_meta.device_status s USING (device_id)
     WHERE ($1::text IS NULL OR d.uns_path COLLATE "C" > $1) AND ($3::text IS NULL OR s.state = $3)
     ORDER BY d.uns_path COLLATE "C" LIMIT $2`,
    [after, o.limit + 1, o.state ?? null],
  );
  return page(
    r.rows,
    o.limit,
    (x) => ({
      deviceId: Number(x.device_id),
      group: x.group_id,
      edge: x.edge,
      device: x.device,
      unsPath: x.uns_path,
      metricCount: x.metric_count,
      ...liveness(x),
    }),
    (x) => x.uns_path,
  );
}

export function registerDeviceRoutes(app: FastifyInstance, db: Queryable): void {
  app.get('/api/devices', async (req) => devices(db, req.query));
}
