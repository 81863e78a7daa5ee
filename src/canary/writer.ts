// The Canary writer: takes due outbox rows, turns them into tag writes and batches, sends each batch
// (retry, breaker, limiter inside), deletes what Canary accepted, bisects a refused batch so the rest is
// delivered and only the offenders are dead-lettered, and leaves everything else in the outbox for later.
// Only the leader runs it. Wiring and I/O; the rules live in the pure modules next to it.

import type { Pool } from '../db.js';
import type { Logger } from '../log.js';
import { canaryDeadLettersTotal, canaryRetriesTotal, e2eLatencySeconds, outboxDepth as outboxDepthGauge } from '../metrics.js';
import { deadLetter, dueEntries, markDelivered, outboxDepth, reschedule, type OutboxEntry } from '../cdc/outbox.js';
import { planBatches, type BatchLimits } from './batches.js';
import { bisect } from './bisect.js';
import type { CanaryClient, StoreOutcome } from './client.js';
import { tagWrites, type TagWrite } from './entries.js';
import { outboxChangeSets } from './outbox-sets.js';
import { sendWithRetry, type RetrySettings } from './retry-policy.js';
import type { DatasetOptions } from './tag-ids.js';
import type { TagResolver } from './tag-resolver.js';

export interface WriterDeps {
  pool: Pool;
  client: CanaryClient;
  limits: BatchLimits;
  datasets: DatasetOptions;
  /** Rows taken per round. */
  batchRows: number;
  /** Batches of a round sent at once (they never share a tag: a round holds one write per tag). */
  maxInFlight?: number;
  retry?: RetrySettings;
  /** Wait between rounds when the outbox has nothing due. */
  idleMs: number;
  /** Wait before rows that could not be delivered now are due again. */
  retryLaterMs: number;
  /** Only the CDC leader writes (another instance would race it on the same rows). */
  isLeader?: () => boolean;
  /** CANARY_RESOLVE_TAGS: rows of tags Canary does not have are dead-lettered instead of sent. */
  resolver?: TagResolver;
  /** After rows are deleted as accepted (the benchmark measures latency per row with it). */
  onDelivered?: (rows: readonly OutboxEntry[], at: number) => void;
  log: Logger;
}

export interface CanaryWriter {
  /** One round now (tests and the benchmark drive it directly); resolves with rows settled. */
  round(): Promise<number>;
  stop(): Promise<void>;
}

export function startCanaryWriter(d: WriterDeps, opts: { loop: boolean } = { loop: true }): CanaryWriter {
  let stopped = false;
  const abort = new AbortController();
  let running: Promise<void> | null = null;

  const round = async (): Promise<number> => {
    const due = await dueEntries(d.pool, d.batchRows);
    if (due.length) await deliver(d, due, abort.signal);
    outboxDepthGauge.set(await outboxDepth(d.pool));
    return due.length;
  };

  if (opts.loop) {
    running = (async () => {
      while (!stopped) {
        const n = d.isLeader && !d.isLeader() ? 0 : await round().catch((err: unknown) => {
          d.log.warn({ err: (err as Error).message }, 'canary writer round failed; retrying');
          return 0;
        });
        if (n === 0 && !stopped) await sleep(d.idleMs, abort.signal);
      }
    })();
  }

  return {
    round,
    stop: async () => {
      stopped = true;
      abort.abort(new Error('canary writer stopping'));
      await running?.catch(() => undefined);
    },
  };
}

async function deliver(d: WriterDeps, due: OutboxEntry[], signal: AbortSignal): Promise<void> {
  const plan = tagWrites(outboxChangeSets(due), d.datasets);
  const sources = (w: TagWrite) => w.sources.map((i) => due[i] as OutboxEntry);
  const ids = (w: TagWrite) => sources(w).map((r) => r.outboxId);
  await markDelivered(d.pool, plan.empty.map((i) => (due[i] as OutboxEntry).outboxId));
  await dead(d, plan.rejected.map((r) => ({ outboxId: (due[r.index] as OutboxEntry).outboxId, reason: `${r.reason}: ${r.detail}` })));
  const writes = d.resolver ? await resolved(d, plan.writes, ids) : plan.writes;
  const { batches, tooLarge } = planBatches(writes, d.limits);
  await dead(d, tooLarge.flatMap((t) => ids(t.write).map((outboxId) => ({ outboxId, reason: `payload_too_large: ${t.bytes} bytes in one tag` }))));

  await inParallel(batches, d.maxInFlight ?? 1, async (batch) => {
    if (signal.aborted) return;
    const { outcome } = await sendWithRetry<StoreOutcome>(({ signal: s }) => d.client.storeData(batch, s), {
      signal,
      settings: d.retry,
      onRetry: () => canaryRetriesTotal.inc(),
    }).catch((err: unknown) => ({ outcome: { kind: 'transient', cause: 'transport', message: (err as Error).message } as StoreOutcome }));
    if (outcome.kind === 'success') return delivered(d, batch.flatMap(sources));
    if (outcome.kind !== 'permanent') {
      d.log.warn({ tags: batch.length, outcome: outcome.kind, detail: 'message' in outcome ? outcome.message : undefined }, 'canary batch not delivered; stays in the outbox');
      return reschedule(d.pool, batch.flatMap(ids), outcome.kind === 'circuit_open' ? outcome.retryInMs : d.retryLaterMs);
    }
    const split = await bisect(batch, outcome, (subset) => d.client.storeData(subset, signal), (w) => w.tag);
    await delivered(d, split.delivered.flatMap(sources));
    await dead(d, split.offenders.flatMap(({ item, outcome: o }) => ids(item).map((outboxId) => ({ outboxId, reason: reasonOf(o), statusCode: statusOf(o) }))));
    await reschedule(d.pool, split.pending.flatMap(({ item }) => ids(item)), d.retryLaterMs);
  });
}

/** The writes whose tag Canary has; the others are dead-lettered. Views down: all wait for a later round. */
async function resolved(d: WriterDeps, writes: readonly TagWrite[], ids: (w: TagWrite) => bigint[]): Promise<TagWrite[]> {
  let unknown: Set<string>;
  try {
    unknown = await (d.resolver as TagResolver).unknown(writes.map((w) => w.tag));
  } catch (err) {
    d.log.warn({ err: (err as Error).message }, 'cannot resolve Canary tags (CANARY_RESOLVE_TAGS); rows stay in the outbox');
    await reschedule(d.pool, writes.flatMap(ids), d.retryLaterMs);
    return [];
  }
  const refused = writes.filter((w) => unknown.has(w.tag));
  await dead(d, refused.flatMap((w) => ids(w).map((outboxId) => ({ outboxId, reason: `tag_unknown: Canary has no tag ${w.tag} (CANARY_RESOLVE_TAGS=on)` }))));
  return writes.filter((w) => !unknown.has(w.tag));
}

/** Deletes what Canary accepted and records how long each change took from its source. */
async function delivered(d: WriterDeps, rows: readonly OutboxEntry[]): Promise<void> {
  const now = Date.now(); // Canary's reply, before our own bookkeeping
  await markDelivered(d.pool, rows.map((r) => r.outboxId));
  for (const r of rows) if (r.sourceAt) e2eLatencySeconds.observe(Math.max(0, now - r.sourceAt.getTime()) / 1000);
  d.onDelivered?.(rows, now);
}

async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}

async function dead(d: WriterDeps, rows: Array<{ outboxId: bigint; reason: string; statusCode?: string }>): Promise<void> {
  if (rows.length === 0) return;
  await deadLetter(d.pool, rows);
  for (const r of rows) canaryDeadLettersTotal.inc({ reason: r.reason.split(':')[0] ?? 'unknown' });
  d.log.warn({ rows: rows.length, first: rows[0]?.reason }, 'canary refused rows permanently; dead-lettered');
}

function reasonOf(o: StoreOutcome): string {
  return 'message' in o ? o.message : o.kind;
}

function statusOf(o: StoreOutcome): string | undefined {
  return 'status' in o && o.status !== undefined ? String(o.status) : undefined;
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
