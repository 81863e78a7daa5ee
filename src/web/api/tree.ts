// GET /api/tree?path=: the children of one UNS path (group → edge → device → path segments → metric),
// each with the count of active metrics below it, and for edge nodes and devices their liveness. One
// range scan on the "C" path index per level.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../../db.js';
import { parseQuery } from './query-params.js';

const Query = z.object({ path: z.string().max(1000).default('') }).strict();

type Kind = 'group' | 'edge' | 'device' | 'segment' | 'metric';

interface Row {
  name: string;
  metric_count: number;
  metric_id: bigint | null;
  deeper: boolean;
}

const BY_METRIC = `WITH below AS (
    SELECT split_part(substr(uns_path, char_length($1) + 1), '/', 1) AS name, uns_path, metric_id, retired_at
    FROM uns_meta.metrics WHERE uns_path COLLATE "C" >= $1 AND uns_path COLLATE "C" < $2)
  SELECT name, (count(*) FILTER (WHERE retired_at IS NULL))::int AS metric_count,
         max(metric_id) FILTER (WHERE uns_path = $1 || name) AS metric_id,
         bool_or(uns_path <> $1 || name) AS deeper
  FROM below GROUP BY name ORDER BY name COLLATE "C"`;

const BY_DEVICE = `SELECT name, coalesce(sum(n), 0)::int AS metric_count, NULL::bigint AS metric_id, true AS deeper
  FROM (SELECT split_part(substr(d.uns_path, char_length($1) + 1), '/', 1) AS name, c.n
        FROM uns_meta.devices d
        LEFT JOIN (SELECT device_id, count(*) AS n FROM uns_meta.metrics WHERE retired_at IS NULL GROUP BY device_id) c ON c.device_id = d.device_id
        WHERE d.uns_path COLLATE "C" >= $1 AND d.uns_path COLLATE "C" < $2) x
  GROUP BY name ORDER BY name COLLATE "C"`;

async function tree(db: Queryable, query: unknown) {
  const path = parseQuery(Query, query, 'GET /api/tree').path.replace(/^\/+|\/+$/g, '');
  const below = path === '' ? '' : `${path}/`;
  const depth = path === '' ? 1 : path.split('/').length + 1;
  // Group and edge levels lie above every device path (group/edge[/device]): counted per device, which
  // avoids cutting a segment out of each of the (up to a million) metric paths below.
  const r = await db.query<Row>(depth <= 2 ? BY_DEVICE : BY_METRIC, [below, `${below}\u{10FFFF}`]);
  const paths = r.rows.map((x) => below + x.name);
  const devices =
    depth === 2 || depth === 3
      ? await db.query<{ uns_path: string; state: string }>(
          'SELECT uns_path, state FROM uns_meta.device_status WHERE uns_path = ANY($1::text[])',
          [paths],
        )
      : { rows: [] };
  const stateOf = new Map(devices.rows.map((x) => [x.uns_path, x.state]));

  const kindOf = (x: Row, p: string): Kind =>
    depth === 1
      ? 'group'
      : depth === 2
        ? 'edge'
        : stateOf.has(p)
          ? 'device'
          : x.metric_id !== null && !x.deeper
            ? 'metric'
            : 'segment';
  return {
    path,
    children: r.rows.map((x, n) => ({
      name: x.name,
      path: paths[n] as string,
      kind: kindOf(x, paths[n] as string),
      metricCount: x.metric_count,
      metricId: x.metric_id === null ? null : Number(x.metric_id),
      state: stateOf.get(paths[n] as string) ?? null,
    })),
  };
}

export function registerTreeRoutes(app: FastifyInstance, db: Queryable): void {
  app.get('/api/tree', async (req) => tree(db, req.query));
}
