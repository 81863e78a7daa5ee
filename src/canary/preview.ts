// `canary preview`: what the writer would send for the outbox as it is now — tag ids after
// CANARY_DATASET_OVERRIDE/PREFIX, the storeData entries, the batches and their bytes, and the rows it
// would dead-letter. Reads the outbox (due or not) and sends nothing.

import type { Queryable } from '../db.js';
import { OUTBOX_COLUMNS, outboxEntry, type OutboxEntry, type OutboxRecord } from '../cdc/outbox.js';
import { planBatches, storeDataBody, DEFAULT_SESSION_TOKEN_LENGTH, type BatchLimits } from './batches.js';
import { tagWrites, type PropertyEntry } from './entries.js';
import { outboxChangeSets } from './outbox-sets.js';
import type { DatasetOptions } from './tag-ids.js';

export interface PreviewOptions {
  /** uns_path prefix; compared with canary_id (slashes as dots). '' = every row. */
  prefix: string;
  /** Outbox rows read, oldest first. */
  limit: number;
  datasets: DatasetOptions;
  limits: BatchLimits;
}

export interface Preview {
  /** Outbox rows read (≤ limit) and how many the outbox holds under the prefix. */
  rows: number;
  outboxRows: number;
  writes: Array<{ tag: string; canaryIds: string[]; entries: PropertyEntry[] }>;
  /** Body bytes counted with the longest session token the writer allows for. */
  batches: Array<{ tags: number; bytes: number }>;
  deadLetters: Array<{ canaryId: string; reason: string }>;
}

export async function previewOutbox(db: Queryable, o: PreviewOptions): Promise<Preview> {
  const like = o.prefix.replaceAll('/', '.');
  const r = await db.query<OutboxRecord>(
    `SELECT ${OUTBOX_COLUMNS} FROM uns_meta_sync.canary_outbox
     WHERE starts_with(canary_id, $1::text) ORDER BY outbox_id LIMIT $2`,
    [like, o.limit],
  );
  const total = await db.query<{ n: bigint }>(
    'SELECT count(*) AS n FROM uns_meta_sync.canary_outbox WHERE starts_with(canary_id, $1::text)',
    [like],
  );
  const entries: OutboxEntry[] = r.rows.map(outboxEntry);
  const plan = tagWrites(outboxChangeSets(entries), o.datasets);
  const { batches, tooLarge } = planBatches(plan.writes, o.limits);
  const token = 'x'.repeat(o.limits.sessionTokenLength ?? DEFAULT_SESSION_TOKEN_LENGTH);
  const canaryIds = (sources: readonly number[]) => sources.map((i) => (entries[i] as OutboxEntry).canaryId);
  return {
    rows: entries.length,
    outboxRows: Number(total.rows[0]?.n ?? 0),
    writes: plan.writes.map((w) => ({ tag: w.tag, canaryIds: canaryIds(w.sources), entries: w.entries })),
    batches: batches.map((b) => ({ tags: b.length, bytes: Buffer.byteLength(storeDataBody(token, b), 'utf8') })),
    deadLetters: [
      ...plan.rejected.map((x) => ({ canaryId: x.canaryId, reason: `${x.reason}: ${x.detail}` })),
      ...tooLarge.flatMap((t) =>
        canaryIds(t.write.sources).map((canaryId) => ({
          canaryId,
          reason: `payload_too_large: ${t.bytes} bytes in one tag`,
        })),
      ),
    ],
  };
}
