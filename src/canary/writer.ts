// The Canary writer: takes due outbox rows, turns them into tag writes and batches, and hands each batch to
// batch-delivery.ts (retry, breaker, limiter inside; settled by the class of Canary's reply). Rows of a
// DataSet Canary reported missing wait out their hold without being sent. Only the leader runs it, and it
// asks again before every request. Wiring and I/O; the rules live in the pure modules next to it.

import { setMaxListeners } from 'node:events';
import type { Pool } from '../db.js';
import { e2eLatencySeconds, outboxDepth as outboxDepthGauge } from '../metrics.js';
import { dueEntries, markDelivered, outboxDepth, reschedule, type OutboxEntry } from '../cdc/outbox.js';
import { planBatches, type BatchLimits } from './batches.js';
import { dead, deliverBatch, type BatchContext, type BatchDeps } from './batch-delivery.js';
import { DatasetHolds } from './dataset-holds.js';
import { tagWrites, type TagWrite } from './entries.js';
import { outboxChangeSets } from './outbox-sets.js';
import type { DatasetOptions } from './tag-ids.js';
import type { TagResolver } from './tag-resolver.js';

/**
 * Outbox rows taken per round. The requests in flight drain to none at the end of a round, so a round
 * must last long enough for that gap not to count: 5,000 single-tag requests are 10 s at 500 req/s.
 */
export const ROUND_ROWS = 5_000;

export interface WriterDeps extends BatchDeps {
  pool: Pool;
  limits: BatchLimits;
  datasets: DatasetOptions;
  /** Rows taken per round. */
  batchRows: number;
  /** Batches of a round sent at once (they never share a tag: a round holds one write per tag). */
  maxInFlight?: number;
  /** Wait between rounds when the outbox has nothing due. */
  idleMs: number;
  /** How long the rows of a missing DataSet wait before it is tried again (canary.md: every minute). */
  datasetRetryMs?: number;
  /** CANARY_RESOLVE_TAGS: rows of tags Canary does not have are dead-lettered instead of sent. */
  resolver?: TagResolver;
}

export interface CanaryWriter {
  /** One round now (tests and the benchmark drive it directly); resolves with rows settled. */
  round(): Promise<number>;
  /** DataSets whose rows are held because Canary said they do not exist. */
  heldDatasets(): string[];
  stop(): Promise<void>;
}

export function startCanaryWriter(d: WriterDeps, opts: { loop: boolean } = { loop: true }): CanaryWriter {
  let stopped = false;
  const abort = new AbortController();
  // Every request in flight listens on it (CANARY_MAX_IN_FLIGHT up to 64, plus their retries).
  setMaxListeners(256, abort.signal);
  let running: Promise<void> | null = null;
  const holds = new DatasetHolds(d.log, d.datasetRetryMs);

  const round = async (): Promise<number> => {
    const due = await dueEntries(d.pool, d.batchRows);
    if (due.length) await deliver(d, holds, due, abort.signal);
    outboxDepthGauge.set(await outboxDepth(d.pool));
    return due.length;
  };

  if (opts.loop) {
    running = (async () => {
      while (!stopped) {
        const n =
          d.isLeader && !d.isLeader()
            ? 0
            : await round().catch((err: unknown) => {
                d.log.warn({ err }, 'canary writer round failed; retrying');
                return 0;
              });
        if (n === 0 && !stopped) await sleep(d.idleMs, abort.signal);
      }
    })();
  }

  return {
    round,
    heldDatasets: () => holds.held(),
    stop: async () => {
      stopped = true;
      abort.abort(new Error('canary writer stopping'));
      await running?.catch(() => undefined);
    },
  };
}

async function deliver(d: WriterDeps, holds: DatasetHolds, due: OutboxEntry[], signal: AbortSignal): Promise<void> {
  if (d.isLeader && !d.isLeader()) return; // the rows belong to the new leader now
  const plan = tagWrites(outboxChangeSets(due), d.datasets);
  const rows = (w: TagWrite) => w.sources.map((i) => due[i] as OutboxEntry);
  const ids = (w: TagWrite) => rows(w).map((r) => r.outboxId);
  // Rows Canary accepted are deleted together when the round's requests are done: a database round
  // trip per request would cap the request rate (8 in flight × 10 ms replies allow 800/s; with a few ms
  // of bookkeeping each, the 500/s limit is out of reach). A crash before that resends them: harmless.
  const accepted: OutboxEntry[] = [];
  const c: BatchContext = {
    d,
    holds,
    signal,
    rows,
    delivered: async (r) => void accepted.push(...observeDelivery(d, r)),
  };
  await markDelivered(
    d.pool,
    plan.empty.map((i) => (due[i] as OutboxEntry).outboxId),
  );
  await dead(
    c,
    plan.rejected.map((r) => ({
      outboxId: (due[r.index] as OutboxEntry).outboxId,
      reason: `${r.reason}: ${r.detail}`,
    })),
  );
  const free = await held(d, holds, plan.writes, ids);
  const writes = d.resolver ? await resolved(d, free, ids) : free;
  const { batches, tooLarge } = planBatches(writes, d.limits);
  await dead(
    c,
    tooLarge.flatMap((t) =>
      ids(t.write).map((outboxId) => ({ outboxId, reason: `payload_too_large: ${t.bytes} bytes in one tag` })),
    ),
  );
  try {
    await inParallel(batches, d.maxInFlight ?? 1, async (batch) => {
      if (!signal.aborted) await deliverBatch(c, batch);
    });
  } finally {
    await markDelivered(
      d.pool,
      accepted.map((r) => r.outboxId),
    );
  }
}

/** The writes that may go now; those of a held DataSet are rescheduled to the end of its hold. */
async function held(
  d: WriterDeps,
  holds: DatasetHolds,
  writes: readonly TagWrite[],
  ids: (w: TagWrite) => bigint[],
): Promise<TagWrite[]> {
  const waiting = new Map<number, bigint[]>();
  const free: TagWrite[] = [];
  for (const w of writes) {
    const ms = holds.waitMs(w.tag);
    if (ms === 0) free.push(w);
    else waiting.set(ms, [...(waiting.get(ms) ?? []), ...ids(w)]);
  }
  for (const [ms, list] of waiting) await reschedule(d.pool, list, ms);
  return free;
}

/** The writes whose tag Canary has; the others are dead-lettered. Views down: all wait for a later round. */
async function resolved(
  d: WriterDeps,
  writes: readonly TagWrite[],
  ids: (w: TagWrite) => bigint[],
): Promise<TagWrite[]> {
  let unknown: Set<string>;
  try {
    unknown = await (d.resolver as TagResolver).unknown(writes.map((w) => w.tag));
  } catch (err) {
    d.log.warn({ err }, 'cannot resolve Canary tags (CANARY_RESOLVE_TAGS); rows stay in the outbox');
    await reschedule(d.pool, writes.flatMap(ids), d.retryLaterMs);
    return [];
  }
  const refused = writes.filter((w) => unknown.has(w.tag));
  await dead(
    { d },
    refused.flatMap((w) =>
      ids(w).map((outboxId) => ({
        outboxId,
        reason: `tag_unknown: Canary has no tag ${w.tag} (CANARY_RESOLVE_TAGS=on)`,
      })),
    ),
  );
  return writes.filter((w) => !unknown.has(w.tag));
}

/** Records, at Canary's reply, how long each accepted change took from its source; returns the rows. */
function observeDelivery(d: WriterDeps, rows: readonly OutboxEntry[]): readonly OutboxEntry[] {
  const now = Date.now();
  for (const r of rows) if (r.sourceAt) e2eLatencySeconds.observe(Math.max(0, now - r.sourceAt.getTime()) / 1000);
  d.onDelivered?.(rows, now);
  return rows;
}

async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
