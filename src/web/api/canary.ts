// The Canary side of the store: the outbox (oldest first, with its depth) and the dead letters, whose
// retry/drop go through canary/dead-letters.ts like the CLI's `canary dlq`. Admin token on the POSTs.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../../db.js';
import { dropDeadLetters, retryDeadLetters, type DeadLetterOutcome } from '../../canary/dead-letters.js';
import { outboxDepth } from '../../cdc/outbox.js';
import { decodeCursor, iso, page, pageQuery, parseId, parseQuery } from './query-params.js';

const IdCursor = z.string().regex(/^\d+$/);

interface OutboxRow {
  outbox_id: bigint;
  canary_id: string;
  properties: unknown;
  enqueued_at: Date;
  attempts: number;
  next_attempt_at: Date;
}
interface DeadRow {
  dead_letter_id: bigint;
  canary_id: string | null;
  reason: string;
  status_code: string | null;
  failed_at: Date;
  attempts: number;
  status: string;
}

async function outbox(db: Queryable, query: unknown) {
  const o = parseQuery(pageQuery(50, 500), query, 'GET /api/canary/outbox');
  const after = decodeCursor(o.cursor, IdCursor);
  const r = await db.query<OutboxRow>(
    `SELECT outbox_id, canary_id, properties, enqueued_at, attempts, next_attempt_at FROM uns_meta_sync.canary_outbox
     WHERE ($1::bigint IS NULL OR outbox_id > $1) ORDER BY outbox_id LIMIT $2`,
    [after, o.limit + 1],
  );
  const item = (x: OutboxRow) => ({
    outboxId: Number(x.outbox_id),
    canaryId: x.canary_id,
    properties: x.properties,
    enqueuedAt: iso(x.enqueued_at),
    attempts: x.attempts,
    nextAttemptAt: iso(x.next_attempt_at),
  });
  return { depth: await outboxDepth(db), ...page(r.rows, o.limit, item, (x) => x.outbox_id.toString()) };
}

async function deadLetters(db: Queryable, query: unknown) {
  const o = parseQuery(pageQuery(50, 500), query, 'GET /api/canary/dead-letters');
  const before = decodeCursor(o.cursor, IdCursor);
  const r = await db.query<DeadRow>(
    `SELECT dead_letter_id, canary_id, reason, status_code, failed_at, attempts, status FROM uns_meta_sync.canary_dead_letters
     WHERE ($1::bigint IS NULL OR dead_letter_id < $1) ORDER BY dead_letter_id DESC LIMIT $2`,
    [before, o.limit + 1],
  );
  const item = (x: DeadRow) => ({
    id: Number(x.dead_letter_id),
    canaryId: x.canary_id,
    reason: x.reason,
    statusCode: x.status_code,
    failedAt: iso(x.failed_at),
    attempts: x.attempts,
    status: x.status,
  });
  return page(r.rows, o.limit, item, (x) => x.dead_letter_id.toString());
}

const ids = (o: DeadLetterOutcome) => ({ done: o.done.map(Number), skipped: o.skipped.map(Number) });

export function registerCanaryRoutes(
  app: FastifyInstance,
  db: Queryable,
  admin: (req: FastifyRequest) => Promise<void>,
): void {
  app.get('/api/canary/outbox', async (req) => outbox(db, req.query));
  app.get('/api/canary/dead-letters', async (req) => deadLetters(db, req.query));
  app.post('/api/canary/dead-letters/:id/retry', { onRequest: admin }, async (req) => {
    const id = parseId(req.params, 'dead letter id', 'POST /api/canary/dead-letters/:id/retry');
    return ids(await retryDeadLetters(db, { all: false, ids: [BigInt(id)] }));
  });
  app.post('/api/canary/dead-letters/:id/drop', { onRequest: admin }, async (req) => {
    const id = parseId(req.params, 'dead letter id', 'POST /api/canary/dead-letters/:id/drop');
    return ids(await dropDeadLetters(db, { all: false, ids: [BigInt(id)] }));
  });
}
