// Quarantine records: what could not be applied, with a specific code, a message an operator can act
// on, and the (size-capped) payload. Never throws for the bad input itself: text is made storable
// (no NUL, no lone surrogate) and long message/detail strings are clipped.

import type { Queryable } from '../db.js';
import { quarantinedTotal } from '../metrics.js';

export type QuarantineCode =
  | 'topic_invalid'
  | 'payload_too_large'
  | 'payload_undecodable'
  | 'device_path_invalid'
  | 'metric_undecodable'
  | 'metric_name_invalid'
  | 'metric_unnamed'
  /** An alias beyond 2^63-1 (uint64 on the wire, bigint in the store). */
  | 'alias_invalid'
  /** A property key or value the store cannot keep (NUL, key over MAX_PROPERTY_KEY_BYTES). */
  | 'property_invalid'
  /** Datatype 0 (Unknown), 20 or 21 (property-set types) on a metric. */
  | 'datatype_invalid'
  /** A property key twice in one metric (after flattening). */
  | 'property_duplicate'
  /** One alias on two metrics of a birth: both refused. */
  | 'alias_duplicate'
  | 'duplicate_name'
  | 'uns_path_collision'
  | 'uns_path_taken'
  | 'constraint_violation'
  | 'birth_failed';

export interface QuarantineEntry {
  topic: string;
  code: QuarantineCode;
  message: string;
  details?: Record<string, unknown>;
  payload?: Buffer | null;
  /** The same message this many times (QuarantineSink folds repeats); 1 when absent. */
  occurrences?: number;
}

const INSERT = `INSERT INTO uns_meta_sync.quarantine (topic, error_code, message, details, payload, payload_bytes, truncated, occurrences, last_seen_at)
SELECT t, c, m, d, p, pb, tr, n, CASE WHEN n > 1 THEN now() END
FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::bytea[], $6::int[], $7::boolean[], $8::int[]) AS u(t, c, m, d, p, pb, tr, n)
RETURNING quarantine_id, topic, error_code`;

// A multi-megabyte metric name must not turn into a multi-megabyte message or details document.
const MAX_MESSAGE_CHARS = 4096;
const MAX_DETAIL_CHARS = 1024;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export interface StoredQuarantine {
  id: bigint;
  /** As stored (see storableText). */
  topic: string;
  code: string;
}

/** Stores the entries; returns their rows (in no particular order). Counts each entry once, not its occurrences. */
export async function recordQuarantine(
  db: Queryable,
  entries: QuarantineEntry[],
  maxPayloadBytes: number,
): Promise<StoredQuarantine[]> {
  if (entries.length === 0) return [];
  const payloads = entries.map((e) => e.payload ?? null);
  const r = await db.query<{ quarantine_id: bigint; topic: string; error_code: string }>(INSERT, [
    // The topic is kept whole (it is what operators search by); MQTT caps it at 65,535 bytes anyway.
    entries.map((e) => storableText(e.topic, Infinity)),
    entries.map((e) => e.code),
    entries.map((e) => storableText(e.message, MAX_MESSAGE_CHARS)),
    entries.map((e) => JSON.stringify(e.details ?? {}, detailReplacer)),
    payloads.map((p) => (p === null ? null : p.subarray(0, maxPayloadBytes))),
    payloads.map((p) => p?.length ?? 0),
    payloads.map((p) => (p?.length ?? 0) > maxPayloadBytes),
    entries.map((e) => e.occurrences ?? 1),
  ]);
  for (const e of entries) quarantinedTotal.inc({ reason: e.code }, e.occurrences ?? 1);
  return r.rows.map((x) => ({ id: x.quarantine_id, topic: x.topic, code: x.error_code }));
}

/** More occurrences of stored entries (a publisher repeating the same bad message), counted by reason. */
export async function addOccurrences(
  db: Queryable,
  rows: ReadonlyArray<{ id: bigint; by: number; code: QuarantineCode }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `UPDATE uns_meta_sync.quarantine q SET occurrences = q.occurrences + u.by, last_seen_at = now()
     FROM unnest($1::bigint[], $2::int[]) AS u(id, by) WHERE q.quarantine_id = u.id`,
    [rows.map((r) => r.id.toString()), rows.map((r) => r.by)],
  );
  for (const r of rows) quarantinedTotal.inc({ reason: r.code }, r.by);
}

/**
 * Text as PostgreSQL can store it: NUL (refused by text and jsonb) shown as `\0`, a lone surrogate
 * (refused by jsonb) as U+FFFD, and anything over `maxChars` clipped with its full length noted.
 */
export function storableText(s: string, maxChars: number): string {
  const clipped = s.length > maxChars ? `${s.slice(0, maxChars)}… (${s.length} characters in all)` : s;
  return clipped.replaceAll('\u0000', '\\0').replace(LONE_SURROGATE, '\uFFFD');
}

function detailReplacer(key: string, value: unknown): unknown {
  return typeof value === 'string' ? storableText(value, MAX_DETAIL_CHARS) : bigintReplacer(key, value);
}

export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
