// GET /api/metrics/:id/versions (newest first, keyset by version id) and /lineage (renames, oldest
// first). The stored diff document is flattened to key → {old, new}; datatype and path changes appear
// under the keys "datatype" and "uns_path" next to the property keys.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../../db.js';
import { requireMetric } from './metric-detail.js';
import { decodeCursor, iso, page, pageQuery, parseId, parseQuery } from './query-params.js';

interface StoredDiff {
  op?: string;
  properties?: Record<string, { old: unknown; new: unknown }>;
  datatype?: { old: unknown; new: unknown };
  uns_path?: { old: unknown; new: unknown };
}

export function flattenDiff(d: StoredDiff): Record<string, { old: unknown; new: unknown }> {
  const out: Record<string, { old: unknown; new: unknown }> = {};
  if (d.datatype) out.datatype = { old: d.datatype.old ?? null, new: d.datatype.new ?? null };
  if (d.uns_path) out.uns_path = { old: d.uns_path.old ?? null, new: d.uns_path.new ?? null };
  for (const [k, v] of Object.entries(d.properties ?? {})) out[k] = { old: v.old ?? null, new: v.new ?? null };
  return out;
}

async function versions(db: Queryable, params: unknown, query: unknown) {
  const route = 'GET /api/metrics/:id/versions';
  const id = parseId(params, 'metric id', route);
  const o = parseQuery(pageQuery(50, 500), query, route);
  const before = decodeCursor(o.cursor, z.string().regex(/^\d+$/));
  await requireMetric(db, id);
  const r = await db.query<{ version_id: bigint; changed_at: Date; changed_by: string; diff: StoredDiff }>(
    `SELECT version_id, changed_at, changed_by, diff FROM uns_meta.metric_versions
     WHERE metric_id = $1 AND ($2::bigint IS NULL OR version_id < $2) ORDER BY version_id DESC LIMIT $3`,
    [id, before, o.limit + 1],
  );
  return page(
    r.rows,
    o.limit,
    (x) => ({
      versionId: Number(x.version_id),
      op: x.diff.op ?? 'updated',
      changedAt: iso(x.changed_at),
      changedBy: x.changed_by,
      diff: flattenDiff(x.diff),
    }),
    (x) => x.version_id.toString(),
  );
}

async function lineage(db: Queryable, params: unknown) {
  const id = parseId(params, 'metric id', 'GET /api/metrics/:id/lineage');
  await requireMetric(db, id);
  const r = await db.query<{ old_uns_path: string; new_uns_path: string; changed_at: Date }>(
    `SELECT old_uns_path, new_uns_path, changed_at FROM uns_meta.metric_path_lineage WHERE metric_id = $1 ORDER BY changed_at, lineage_id`,
    [id],
  );
  return {
    items: r.rows.map((x) => ({ oldPath: x.old_uns_path, newPath: x.new_uns_path, changedAt: iso(x.changed_at) })),
  };
}

export function registerMetricHistoryRoutes(app: FastifyInstance, db: Queryable): void {
  app.get('/api/metrics/:id/versions', async (req) => versions(db, req.params, req.query));
  app.get('/api/metrics/:id/lineage', async (req) => lineage(db, req.params));
}
