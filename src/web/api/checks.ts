// GET /api/checks (the latest run of every check, from uns_meta_sync.check_runs) and
// /api/checks/:id/history (oldest → newest). The runner stores title, unit, thresholds and remedy in
// the evidence under _-prefixed keys; they are lifted out here so evidence is only what was measured.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../../db.js';
import { AppError } from '../../errors.js';
import { iso, limitParam, parseQuery } from './query-params.js';

interface Row {
  check_id: string;
  cadence: string;
  status: string;
  value: number | null;
  evidence: Record<string, unknown>;
  started_at: Date;
}

export function splitEvidence(e: Record<string, unknown>) {
  const evidence: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e))
    if (!['_title', '_unit', '_warn', '_crit', '_remedy'].includes(k)) evidence[k] = v;
  return {
    title: e._title ?? null,
    unit: e._unit ?? null,
    warn: e._warn ?? null,
    crit: e._crit ?? null,
    remedy: e._remedy ?? null,
    evidence,
  };
}

async function latest(db: Queryable) {
  const r = await db.query<Row>(
    `SELECT DISTINCT ON (check_id) check_id, cadence, status, value, evidence, started_at
     FROM uns_meta_sync.check_runs ORDER BY check_id, started_at DESC, run_id DESC`,
  );
  return {
    items: r.rows.map((x) => {
      const s = splitEvidence(x.evidence);
      return {
        id: x.check_id,
        title: s.title,
        cadence: x.cadence,
        status: x.status,
        value: x.value,
        unit: s.unit,
        warn: s.warn,
        crit: s.crit,
        remedy: s.remedy,
        evidence: s.evidence,
        startedAt: iso(x.started_at),
      };
    }),
  };
}

const HistoryQuery = z.object({ limit: limitParam(100, 1000) }).strict();
const CheckId = z.object({ id: z.string().regex(/^[a-z0-9_.-]{1,100}$/i, 'check id must look like "slots.lag"') });

async function history(db: Queryable, params: unknown, query: unknown) {
  const route = 'GET /api/checks/:id/history';
  const { id } = parseQuery(CheckId, params, route);
  const { limit } = parseQuery(HistoryQuery, query, route);
  const r = await db.query<Pick<Row, 'status' | 'value' | 'started_at'>>(
    `SELECT status, value, started_at FROM (
       SELECT status, value, started_at, run_id FROM uns_meta_sync.check_runs WHERE check_id = $1 ORDER BY started_at DESC, run_id DESC LIMIT $2) last
     ORDER BY started_at, run_id`,
    [id, limit],
  );
  if (r.rows.length === 0)
    throw new AppError('not_found', `no runs of a check "${id}"; GET /api/checks lists the checks that have run`);
  return { items: r.rows.map((x) => ({ status: x.status, value: x.value, startedAt: iso(x.started_at) })) };
}

export function registerCheckRoutes(app: FastifyInstance, db: Queryable): void {
  app.get('/api/checks', async () => latest(db));
  app.get('/api/checks/:id/history', async (req) => history(db, req.params, req.query));
}
