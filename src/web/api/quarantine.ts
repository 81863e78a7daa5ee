// Quarantine entries: list (newest first), retry (re-applies the stored payload through intake and the
// birth writer; refused with 409 when it was truncated or is no longer open) and drop (status only).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { applyIntake } from '../../ingest/apply.js';
import { intakeBirth, type IntakeLimits } from '../../ingest/intake.js';
import type { WriterOptions } from '../../store/outcome.js';
import { decodeCursor, iso, page, pageQuery, parseId, parseQuery } from './query-params.js';

export interface QuarantineRetryDeps {
  limits: IntakeLimits;
  writer: WriterOptions;
}

interface Row { quarantine_id: bigint; topic: string; received_at: Date; error_code: string; message: string; status: string }

async function list(pool: pg.Pool, query: unknown) {
  const o = parseQuery(pageQuery(50, 500), query, 'GET /api/quarantine');
  const before = decodeCursor(o.cursor, z.string().regex(/^\d+$/));
  const r = await pool.query<Row>(
    `SELECT quarantine_id, topic, received_at, error_code, message, status FROM uns_meta_sync.quarantine
     WHERE ($1::bigint IS NULL OR quarantine_id < $1) ORDER BY quarantine_id DESC LIMIT $2`,
    [before, o.limit + 1],
  );
  const item = (x: Row) => ({ id: Number(x.quarantine_id), topic: x.topic, receivedAt: iso(x.received_at), code: x.error_code, message: x.message, status: x.status });
  return page(r.rows, o.limit, item, (x) => x.quarantine_id.toString());
}

/** Says why an entry could not be claimed: unknown (404) or not retryable (409). */
async function refusal(pool: pg.Pool, id: string, action: 'retry' | 'drop'): Promise<AppError> {
  const r = await pool.query<{ status: string; truncated: boolean; payload: boolean }>(
    'SELECT status, truncated, payload IS NOT NULL AS payload FROM uns_meta_sync.quarantine WHERE quarantine_id = $1',
    [id],
  );
  const x = r.rows[0];
  if (!x) return new AppError('not_found', `no quarantine entry with id ${id}; list them with GET /api/quarantine`);
  if (x.status !== 'open') return new AppError('conflict', `quarantine entry ${id} is already ${x.status}; only open entries can be ${action === 'retry' ? 'retried' : 'dropped'}`);
  return new AppError('conflict', `quarantine entry ${id} cannot be retried: its payload was ${x.payload ? 'truncated at QUARANTINE_PAYLOAD_MAX_BYTES' : 'not kept'}; have the edge node send a new birth (rebirth) instead`);
}

async function retry(pool: pg.Pool, deps: QuarantineRetryDeps, params: unknown) {
  const id = parseId(params, 'quarantine id', 'POST /api/quarantine/:id/retry');
  // Claimed first, so two concurrent retries never apply the same payload twice.
  const r = await pool.query<{ topic: string; payload: Buffer }>(
    `UPDATE uns_meta_sync.quarantine SET status = 'retried'
     WHERE quarantine_id = $1 AND status = 'open' AND payload IS NOT NULL AND NOT truncated RETURNING topic, payload`,
    [id],
  );
  const claimed = r.rows[0];
  if (!claimed) throw await refusal(pool, id, 'retry');
  try {
    const outcome = await applyIntake(pool, intakeBirth(claimed.topic, claimed.payload, 'protobuf', deps.limits), { ...deps.writer, changedBy: `api:quarantine-retry:${id}` });
    return { id: Number(id), status: 'retried', outcome: outcome.status, reason: outcome.reason ?? null, metrics: outcome.metrics };
  } catch (err) {
    await pool.query(`UPDATE uns_meta_sync.quarantine SET status = 'open' WHERE quarantine_id = $1`, [id]);
    throw err;
  }
}

async function drop(pool: pg.Pool, params: unknown) {
  const id = parseId(params, 'quarantine id', 'POST /api/quarantine/:id/drop');
  const r = await pool.query(`UPDATE uns_meta_sync.quarantine SET status = 'dropped' WHERE quarantine_id = $1 AND status = 'open'`, [id]);
  if (r.rowCount === 0) throw await refusal(pool, id, 'drop');
  return { id: Number(id), status: 'dropped' };
}

export function registerQuarantineRoutes(app: FastifyInstance, pool: pg.Pool, deps: QuarantineRetryDeps, admin: (req: FastifyRequest) => Promise<void>): void {
  app.get('/api/quarantine', async (req) => list(pool, req.query));
  app.post('/api/quarantine/:id/retry', { onRequest: admin }, async (req) => retry(pool, deps, req.params));
  app.post('/api/quarantine/:id/drop', { onRequest: admin }, async (req) => drop(pool, req.params));
}
