// One storeData batch from send to settled rows, following the class responses.ts gives the reply:
// accepted → delivered; missing DataSet → its rows held, the rest sent again; refused for named tags →
// bisected so only the offenders are dead-lettered; anything else (Canary-wide) → rows rescheduled, never
// bisected (that would multiply requests against a Canary that refuses everything), never dead-lettered.

import type { Pool } from '../db.js';
import type { Logger } from '../log.js';
import { canaryDeadLettersTotal, canaryRetriesTotal } from '../metrics.js';
import { deadLetter, reschedule, type OutboxEntry } from '../cdc/outbox.js';
import { bisect } from './bisect.js';
import type { CanaryClient, StoreOutcome } from './client.js';
import { datasetOf, type DatasetHolds } from './dataset-holds.js';
import type { TagWrite } from './entries.js';
import { sendWithRetry, type RetrySettings } from './retry-policy.js';

export interface BatchDeps {
  pool: Pool;
  client: CanaryClient;
  retry?: RetrySettings;
  /** Wait before rows that could not be delivered now are due again. */
  retryLaterMs: number;
  /** The leader's liveness lease, asked right before every request: a leader that hung and woke up must not write. */
  isLeader?: () => boolean;
  /** After rows are deleted as accepted (the benchmark measures latency per row with it). */
  onDelivered?: (rows: readonly OutboxEntry[], at: number) => void;
  log: Logger;
}

export interface BatchContext {
  d: BatchDeps;
  holds: DatasetHolds;
  signal: AbortSignal;
  /** The outbox rows merged into a write. */
  rows: (w: TagWrite) => OutboxEntry[];
  /** Accepted rows are deleted through this (the writer records latency there). */
  delivered: (rows: readonly OutboxEntry[]) => Promise<void>;
}

/** Thrown instead of sending when this instance is no longer the leader; the rows are left as they are. */
export class NotLeader extends Error {
  constructor() {
    super('not the leader any more: the Canary writer leaves the rows to the new leader');
  }
}

/** Settles every row of `batch`; a lost leadership leaves the rows untouched for the new leader. */
export async function deliverBatch(c: BatchContext, batch: TagWrite[]): Promise<void> {
  try {
    await sendAndSettle(c, batch);
  } catch (err) {
    if (!(err instanceof NotLeader)) throw err;
    c.d.log.warn({ tags: batch.length, err }, err.message);
  }
}

async function sendAndSettle(c: BatchContext, batch: TagWrite[]): Promise<void> {
  if (batch.length === 0) return;
  const ids = (ws: readonly TagWrite[]) => ws.flatMap(c.rows).map((r) => r.outboxId);
  const outcome = await sendWithRetry<StoreOutcome>(({ signal }) => send(c, batch, signal), {
    signal: c.signal,
    settings: c.d.retry,
    onRetry: () => canaryRetriesTotal.inc(),
  }).then(
    (r) => r.outcome,
    (err: unknown): StoreOutcome => {
      if (err instanceof NotLeader) throw err;
      return { kind: 'transient', cause: 'transport', message: (err as Error).message };
    },
  );

  if (outcome.kind === 'success') return accepted(c, batch);
  const held =
    outcome.kind === 'missing_dataset' ? batch.filter((w) => outcome.datasets.includes(datasetOf(w.tag))) : [];
  if (outcome.kind === 'missing_dataset' && held.length > 0) {
    await reschedule(c.d.pool, ids(held), c.holds.missing(outcome.datasets, ids(held).length));
    // Canary stored nothing of the request (or we cannot tell): the other DataSets' tags go again now.
    return sendAndSettle(
      c,
      batch.filter((w) => !held.includes(w)),
    );
  }
  if (outcome.kind !== 'permanent') {
    c.d.log.warn(
      { tags: batch.length, outcome: outcome.kind, detail: 'message' in outcome ? outcome.message : undefined },
      'canary batch not delivered (Canary-wide); its rows stay in the outbox',
    );
    return reschedule(c.d.pool, ids(batch), outcome.kind === 'circuit_open' ? outcome.retryInMs : c.d.retryLaterMs);
  }

  const split = await bisect(
    batch,
    outcome,
    (subset) => send(c, subset, c.signal),
    (w) => w.tag,
  );
  await accepted(c, split.delivered);
  await dead(
    c,
    split.offenders.flatMap(({ item, outcome: o }) =>
      ids([item]).map((outboxId) => ({ outboxId, reason: reasonOf(o), statusCode: statusOf(o) })),
    ),
  );
  await settlePending(c, split.pending, ids);
}

/** Subsets bisection could not settle: held with their DataSet, or back later, one UPDATE per delay. */
async function settlePending(
  c: BatchContext,
  pending: ReadonlyArray<{ item: TagWrite; outcome: StoreOutcome }>,
  ids: (ws: readonly TagWrite[]) => bigint[],
): Promise<void> {
  const missing = new Map<string, bigint[]>();
  const later = new Map<number, bigint[]>();
  const add = <K>(m: Map<K, bigint[]>, k: K, v: bigint[]) => m.set(k, [...(m.get(k) ?? []), ...v]);
  for (const { item, outcome: o } of pending) {
    if (o.kind === 'missing_dataset' && o.datasets.includes(datasetOf(item.tag)))
      add(missing, datasetOf(item.tag), ids([item]));
    else add(later, o.kind === 'circuit_open' ? o.retryInMs : c.d.retryLaterMs, ids([item]));
  }
  for (const [dataset, list] of missing) add(later, c.holds.missing([dataset], list.length), list);
  for (const [delayMs, list] of later) await reschedule(c.d.pool, list, delayMs);
}

async function send(c: BatchContext, writes: readonly TagWrite[], signal: AbortSignal): Promise<StoreOutcome> {
  if (c.d.isLeader && !c.d.isLeader()) throw new NotLeader();
  return c.d.client.storeData(writes, signal);
}

async function accepted(c: BatchContext, writes: readonly TagWrite[]): Promise<void> {
  if (writes.length === 0) return;
  await c.delivered(writes.flatMap(c.rows));
  c.holds.delivered(writes.map((w) => w.tag));
}

export async function dead(
  c: { d: BatchDeps },
  rows: Array<{ outboxId: bigint; reason: string; statusCode?: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  await deadLetter(c.d.pool, rows);
  for (const r of rows) canaryDeadLettersTotal.inc({ reason: r.reason.split(':')[0] ?? 'unknown' });
  c.d.log.warn({ rows: rows.length, first: rows[0]?.reason }, 'canary refused rows permanently; dead-lettered');
}

function reasonOf(o: StoreOutcome): string {
  return 'message' in o ? o.message : o.kind;
}

function statusOf(o: StoreOutcome): string | undefined {
  return 'status' in o && o.status !== undefined ? String(o.status) : undefined;
}
