// A debounced entry → the uns_meta_sync.canary_outbox row the Canary writer delivers: JSON-safe property
// values (removed = null) and the idempotency key (canary.md: hash of canary id + sorted property
// entries + source LSN). Pure: it does not insert, resolve canary ids or read the current properties.

import { createHash } from 'node:crypto';
import type { PropertyValue } from '../sparkplug/birth.js';
import type { DebouncedEntry } from './debounce.js';

/** A property value as JSON: integers beyond ±2^53 and non-finite floats as strings (like property_json). */
export type JsonScalar = number | string | boolean;

export interface OutboxRow {
  metric_id: bigint;
  canary_id: string;
  /** key → value; null = removed (the writer sends ""). Keys in code-unit order. */
  properties: Record<string, JsonScalar | null>;
  first_lsn: string;
  idempotency_key: string;
  /** DebouncedEntry.sourceAt as a timestamp; not part of the idempotency key. */
  source_at?: Date | null;
}

/**
 * `canaryId`: the entry's own, or the one the adapter resolved. `current`: the metric's full property
 * set as stored now, required for a resync entry (a renamed tag starts with none of its properties);
 * being at least as new as the entry's changes, it wins over them. Null when there is nothing to send.
 */
export function outboxRow(
  entry: DebouncedEntry,
  canaryId: string,
  current?: ReadonlyMap<string, PropertyValue>,
): OutboxRow | null {
  const merged = new Map<string, JsonScalar | null>();
  for (const [key, c] of entry.changes) merged.set(key, c.value === null ? null : jsonValue(c.value));
  if (entry.resync && current) for (const [key, v] of current) merged.set(key, jsonValue(v));
  if (merged.size === 0) return null;
  const entries = [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const source = `${entry.firstLsn}..${entry.lastLsn}`;
  const idempotency = createHash('sha256')
    .update(JSON.stringify([canaryId, entries, source]))
    .digest('hex');
  return {
    metric_id: entry.metricId,
    canary_id: canaryId,
    // fromEntries defines own properties, so a key such as "__proto__" stays an ordinary key.
    properties: Object.fromEntries(entries) as Record<string, JsonScalar | null>,
    first_lsn: entry.firstLsn,
    idempotency_key: idempotency,
    source_at: entry.sourceAt === null ? null : new Date(entry.sourceAt),
  };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function jsonValue(v: PropertyValue): JsonScalar {
  switch (v.type) {
    case 'long':
      return v.value > MAX_SAFE || v.value < -MAX_SAFE ? v.value.toString() : Number(v.value);
    case 'int':
    case 'float':
    case 'double':
      return Number.isFinite(v.value) ? v.value : String(v.value);
    case 'string':
    case 'boolean':
      return v.value;
  }
}
