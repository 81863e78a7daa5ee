// GET /api/metrics: search by a fragment anywhere in the path (trigram index) and/or a path prefix (a
// byte-order range on the "C" index), keyset-paged by uns_path in byte order. Read-only.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../../db.js';
import { decodeCursor, limitParam, page, parseQuery } from './query-params.js';

const Query = z
  .object({
    q: z.string().max(200).optional(),
    prefix: z.string().max(1000).optional(),
    limit: limitParam(50, 500),
    cursor: z.string().max(4000).optional(),
  })
  .strict();

interface Row {
  metric_id: bigint;
  uns_path: string;
  name: string;
  datatype: string;
  retired_at: Date | null;
  group_id: string;
  edge: string;
  device: string;
}

/** Escapes LIKE wildcards so a fragment is matched literally. */
export function likeFragment(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchMetrics(db: Queryable, raw: unknown) {
  const o = parseQuery(Query, raw, 'GET /api/metrics');
  const after = decodeCursor(o.cursor, z.string());
  // The WHERE is assembled from fixed clauses only; every value travels as a parameter.
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (n: number) => string, value: unknown) => where.push(clause(params.push(value)));
  if (o.q) add((n) => `m.uns_path ILIKE $${n}`, likeFragment(o.q));
  if (o.prefix) {
    add((n) => `m.uns_path COLLATE "C" >= $${n}`, o.prefix);
    add((n) => `m.uns_path COLLATE "C" < $${n}`, `${o.prefix}\u{10FFFF}`);
  }
  if (after !== null) add((n) => `m.uns_path COLLATE "C" > $${n}`, after);
  params.push(o.limit + 1);
  // The page's paths come from the path indexes alone (an index-only scan of the "C" index, or the
  // trigram bitmap), then the rows are fetched by path: a filter scanning many index entries then never
  // touches the table, which made common fragments 3× slower on 1,000,000 metrics.
  const r = await db.query<Row>(
    `SELECT m.metric_id, m.uns_path, m.name, m.datatype, m.retired_at, d.group_id, d.edge, d.device
     FROM (SELECT uns_path FROM uns_meta.metrics m ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
           ORDER BY uns_path COLLATE "C" LIMIT $${params.length}) hit
     JOIN uns_meta.metrics m ON m.uns_path = hit.uns_path JOIN uns_meta.devices d ON d.device_id = m.device_id
     ORDER BY hit.uns_path COLLATE "C"`,
    params,
  );
  return page(r.rows, o.limit, metricItem, (x) => x.uns_path);
}

function metricItem(x: Row) {
  return {
    metricId: Number(x.metric_id),
    unsPath: x.uns_path,
    name: x.name,
    datatype: x.datatype,
    device: { group: x.group_id, edge: x.edge, device: x.device },
    retired: x.retired_at !== null,
  };
}

export function registerMetricRoutes(app: FastifyInstance, db: Queryable): void {
  app.get('/api/metrics', async (req) => searchMetrics(db, req.query));
}
