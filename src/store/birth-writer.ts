// Applies one decoded birth to uns_meta in ONE transaction: rows are streamed with COPY into staging,
// then merged set-based (merge.ts). Bad metrics are quarantined while the rest applies; an unchanged
// birth writes zero rows in uns_meta. Does not decode or read the broker: see src/ingest.

import { createHash, webcrypto } from 'node:crypto';
import type pg from 'pg';
import type { Birth, BirthHeader } from '../sparkplug/birth.js';
import { DEFAULT_MAX_CLOCK_SKEW_MS, guardHolds, isOlder, orderingHeader } from '../sparkplug/birth-order.js';
import { devicePath } from '../uns/identity.js';
import { xactLock, type Queryable } from '../db.js';
import { deviceLockKey } from './device.js';
import { AppError, isConstraintViolation } from '../errors.js';
import { clockSkewClampedTotal, constraintViolationTotal, rowsWrittenTotal, versionsTotal } from '../metrics.js';
import { recordQuarantine, bigintReplacer, type QuarantineEntry } from './quarantine.js';
import { mergeBirth } from './birth-merge.js';
import { markReceivedAt } from './birth-message.js';
import { emptyOutcome, type BirthOutcome, type WriterOptions } from './outcome.js';

export type { BirthOutcome, WriterOptions } from './outcome.js';

export async function applyBirth(pool: pg.Pool, birth: Birth, opts: WriterOptions): Promise<BirthOutcome> {
  const started = performance.now();
  const { group, edge, device } = birth.parsed;
  const dev = devicePath(birth.parsed);
  const skewMs = opts.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  const order = orderingHeader(birth.header, opts.receivedAt ?? Date.now(), skewMs);
  if (order.clamped) clockSkewClampedTotal.inc();
  const done = (o: BirthOutcome): BirthOutcome => {
    const r: BirthOutcome = { ...o, seconds: (performance.now() - started) / 1000 };
    if (order.clamped) r.clockClamped = true;
    return r;
  };
  if (!dev.ok) {
    await quarantineWhole(pool, birth, 'device_path_invalid', dev.reason, opts);
    return done({ ...emptyOutcome(birth.topic, null), status: 'quarantined', reason: dev.reason, quarantined: 1 });
  }
  const sha256 = payloadSha256(birth.payload);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Marks this transaction's property writes as the writer's own (fingerprints stay valid).
    await client.query(`SET LOCAL uns_meta.birth_writer = 'on'`);
    // Hash joins of a 100k-metric birth against its stored rows stay in memory (4 MB spills to disk).
    await client.query(`SET LOCAL work_mem = '64MB'`);
    await client.query(`SET LOCAL random_page_cost = 1.1`);
    await xactLock(client, deviceLockKey(group, edge, device));
    const stale = await staleReason(client, birth.parsed, order.header, skewMs, opts.session ?? null);
    if (stale) {
      await client.query('ROLLBACK');
      return done({ ...emptyOutcome(birth.topic, dev.path), status: 'stale', reason: stale });
    }
    const outcome = await mergeBirth(client, birth, dev.path, opts);
    await recordBirth(client, birth, order.header, opts.session ?? null, await sha256());
    if (opts.dryRun) {
      outcome.diffs = await pendingDiffs(client, opts.changedBy);
      await client.query('ROLLBACK');
    } else {
      if (opts.receivedAt !== undefined && (outcome.versions > 0 || outcome.propertiesWritten > 0))
        await markReceivedAt(client, opts.receivedAt);
      await client.query('COMMIT');
      countWrites(outcome);
    }
    return done(outcome);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    // The quarantine record goes through this same connection: asking the pool for a second one while
    // holding this one could deadlock when every connection is held by a birth doing the same.
    if (err instanceof AppError && err.code === 'birth_rejected') {
      await quarantineWhole(client, birth, 'birth_failed', err.message, opts);
      return done({
        ...emptyOutcome(birth.topic, dev.path),
        status: 'quarantined',
        reason: err.message,
        quarantined: 1,
      });
    }
    if (!isConstraintViolation(err)) throw err;
    constraintViolationTotal.inc();
    const e = err as { constraint?: string; table?: string; detail?: string; message: string };
    const reason = `constraint ${e.constraint ?? '?'} refused the birth: ${e.message}`;
    await quarantineWhole(client, birth, 'constraint_violation', reason, opts, {
      constraint: e.constraint,
      table: e.table,
      detail: e.detail,
    });
    return done({ ...emptyOutcome(birth.topic, dev.path), status: 'quarantined', reason, quarantined: 1 });
  } finally {
    // Rolled-back work counts in the statistics too: flush it now, not into someone's later reading.
    if (opts.flushStats) await client.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
    client.release();
  }
}

/**
 * Older than the newest applied birth of the device (timestamp, then seq) → not applied, unless both
 * belong to the same node session: within a session the broker's order is the edge's order. A stored
 * timestamp too far ahead of the clock (from before the clamp) orders nothing: the device heals.
 */
async function staleReason(
  client: pg.ClientBase,
  t: Birth['parsed'],
  header: BirthHeader,
  skewMs: number,
  session: bigint | null,
): Promise<string | null> {
  const r = await client.query<{ birth_ts: bigint | null; birth_seq: bigint | null; bdseq: bigint | null }>(
    'SELECT birth_ts, birth_seq, bdseq FROM uns_meta_sync.births WHERE group_id = $1 AND edge = $2 AND device = $3',
    [t.group, t.edge, t.device],
  );
  const row = r.rows[0];
  if (!row) return null;
  if (session !== null && row.bdseq !== null && BigInt(row.bdseq) === session) return null;
  const stored: BirthHeader = { timestamp: row.birth_ts, seq: row.birth_seq };
  if (!guardHolds(stored, Date.now(), skewMs) || !isOlder(header, stored)) return null;
  return `birth (timestamp ${header.timestamp}, seq ${header.seq}) is older than the applied one (timestamp ${stored.timestamp}, seq ${stored.seq})`;
}

/** Payloads up to this size are hashed in the thread pool while the birth is written (WebCrypto copies them). */
const HASH_AHEAD_MAX_BYTES = 64 * 2 ** 20;

/**
 * The payload's SHA-256 for the births row: a 98k-metric birth's 31 MB took 20 ms of the event loop, a
 * tenth of an unchanged rebirth. A bigger payload is hashed in place when needed, never copied.
 */
function payloadSha256(payload: Buffer): () => Promise<string> {
  if (payload.byteLength > HASH_AHEAD_MAX_BYTES) return async () => createHash('sha256').update(payload).digest('hex');
  const ahead = webcrypto.subtle.digest('SHA-256', payload).then((d) => Buffer.from(d).toString('hex'));
  ahead.catch(() => undefined); // a birth that stops early never asks; an error surfaces where it does
  return () => ahead;
}

async function recordBirth(
  client: pg.ClientBase,
  birth: Birth,
  header: BirthHeader,
  session: bigint | null,
  payloadSha: string,
): Promise<void> {
  const { group, edge, device } = birth.parsed;
  await client.query(
    `INSERT INTO uns_meta_sync.births (group_id, edge, device, topic, birth_ts, birth_seq, payload_sha256, bdseq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (group_id, edge, device) DO UPDATE SET topic = EXCLUDED.topic, birth_ts = EXCLUDED.birth_ts,
       birth_seq = EXCLUDED.birth_seq, payload_sha256 = EXCLUDED.payload_sha256, bdseq = EXCLUDED.bdseq, applied_at = now()`,
    [
      group,
      edge,
      device,
      birth.topic,
      header.timestamp?.toString() ?? null,
      header.seq?.toString() ?? null,
      payloadSha,
      session?.toString() ?? null,
    ],
  );
}

async function pendingDiffs(
  client: pg.ClientBase,
  changedBy: string,
): Promise<Array<{ uns_path: string; diff: unknown }>> {
  const r = await client.query(
    `SELECT m.uns_path, v.diff FROM uns_meta.metric_versions v JOIN uns_meta.metrics m USING (metric_id)
     WHERE v.changed_at = now() AND v.changed_by = $1 ORDER BY v.version_id LIMIT 1000`,
    [changedBy],
  );
  return r.rows;
}

async function quarantineWhole(
  db: Queryable,
  birth: Birth,
  code: QuarantineEntry['code'],
  message: string,
  opts: WriterOptions,
  details: Record<string, unknown> = {},
): Promise<void> {
  if (opts.dryRun) return;
  await recordQuarantine(
    db,
    [
      {
        topic: birth.topic,
        code,
        message,
        details: { ...details, header: JSON.parse(JSON.stringify(birth.header, bigintReplacer)) },
        payload: birth.payload,
      },
    ],
    opts.quarantinePayloadMaxBytes,
  );
}

function countWrites(o: BirthOutcome): void {
  const m = o.metrics;
  for (const op of ['created', 'updated', 'renamed', 'restored', 'retired'] as const)
    if (m[op]) versionsTotal.inc({ op }, m[op]);
  if (m.created) rowsWrittenTotal.inc({ table: 'metrics', op: 'insert' }, m.created);
  if (m.renamed + m.restored + m.retired)
    rowsWrittenTotal.inc({ table: 'metrics', op: 'update' }, m.renamed + m.restored + m.retired);
  if (o.propertiesWritten) rowsWrittenTotal.inc({ table: 'metric_properties', op: 'write' }, o.propertiesWritten);
  if (o.versions) rowsWrittenTotal.inc({ table: 'metric_versions', op: 'insert' }, o.versions);
}
