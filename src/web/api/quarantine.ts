// Quarantine entries over HTTP: list (newest first, paged), retry and drop (admin). The state machine
// is ingest/quarantine-entries.ts, which `uns-meta quarantine` uses too; here only the HTTP shapes.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import {
  dropQuarantine,
  listQuarantine,
  retryQuarantine,
  type QuarantineEntry,
} from '../../ingest/quarantine-entries.js';
import type { ApplySettings } from '../../ingest/apply-settings.js';
import { decodeCursor, iso, page, pageQuery, parseId, parseQuery } from './query-params.js';

async function list(pool: pg.Pool, query: unknown) {
  const o = parseQuery(pageQuery(50, 500), query, 'GET /api/quarantine');
  const before = decodeCursor(o.cursor, z.string().regex(/^\d+$/));
  const rows = await listQuarantine(pool, { limit: o.limit + 1, before: before === null ? null : BigInt(before) });
  const item = (x: QuarantineEntry) => ({
    id: Number(x.id),
    topic: x.topic,
    receivedAt: iso(x.receivedAt),
    code: x.code,
    message: x.message,
    status: x.status,
  });
  return page(rows, o.limit, item, (x) => x.id.toString());
}

async function retry(pool: pg.Pool, deps: ApplySettings, params: unknown) {
  const id = parseId(params, 'quarantine id', 'POST /api/quarantine/:id/retry');
  const r = await retryQuarantine(pool, BigInt(id), deps, `api:quarantine-retry:${id}`);
  return { id: Number(r.id), status: r.status, outcome: r.outcome, reason: r.reason, metrics: r.metrics };
}

async function drop(pool: pg.Pool, params: unknown) {
  const id = parseId(params, 'quarantine id', 'POST /api/quarantine/:id/drop');
  const r = await dropQuarantine(pool, BigInt(id));
  return { id: Number(r.id), status: r.status };
}

export function registerQuarantineRoutes(
  app: FastifyInstance,
  pool: pg.Pool,
  deps: ApplySettings,
  admin: (req: FastifyRequest) => Promise<void>,
): void {
  app.get('/api/quarantine', async (req) => list(pool, req.query));
  app.post('/api/quarantine/:id/retry', { onRequest: admin }, async (req) => retry(pool, deps, req.params));
  app.post('/api/quarantine/:id/drop', { onRequest: admin }, async (req) => drop(pool, req.params));
}
