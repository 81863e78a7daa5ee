// storeData property entries `[name, timestamp, value, 192]` from metrics' property change sets, one
// entries list per tag (change sets for the same tag merged). Pure: no batching, no session, no HTTP;
// values are rendered by store/property-json.ts so Canary gets exactly what the diff JSON holds.

import type { PropertyValue } from '../sparkplug/birth.js';
import { propertyJson } from '../store/property-json.js';
import { canaryTagId, type DatasetOptions, type TagIdRejection } from './tag-ids.js';

export const GOOD_QUALITY = 192;

export type EntryValue = number | string | boolean;
export type PropertyEntry = [name: string, timestamp: string, value: EntryValue, quality: typeof GOOD_QUALITY];

export interface PropertyChange {
  key: string;
  /** null: the property was removed (written as ""). */
  value: PropertyValue | null;
  at: Date;
}

export interface ChangeSet {
  canaryId: string;
  changes: readonly PropertyChange[];
}

export interface TagWrite {
  tag: string;
  entries: PropertyEntry[];
  /** Indexes (into the input) of the change sets merged into this write. */
  sources: number[];
}

export type ChangeSetRejection = TagIdRejection | 'invalid_timestamp' | 'invalid_property_name';

export interface TagWritePlan {
  writes: TagWrite[];
  /** Change sets that cannot be written as they are (dead-letter them with `reason`). */
  rejected: Array<{ index: number; canaryId: string; reason: ChangeSetRejection; detail: string }>;
  /** Change sets with no changes: nothing to send, nothing lost. */
  empty: number[];
}

/** `2026-11-24T12:00:00.1230000Z` (UTC, 7 fractional digits), or null for an invalid date or a year
 * outside 1–9999 (no four-digit ISO form). */
export function canaryTimestamp(at: Date): string | null {
  const ms = at.getTime();
  if (Number.isNaN(ms)) return null;
  const year = at.getUTCFullYear();
  if (year < 1 || year > 9999) return null;
  return `${at.toISOString().slice(0, -1)}0000Z`;
}

/** A removed property is `""`; everything else as its diff JSON (64-bit integers beyond 2^53 as strings). */
export function entryValue(value: PropertyValue | null): EntryValue {
  return value === null ? '' : propertyJson(value);
}

type Rejection = { reason: ChangeSetRejection; detail: string };

function entriesOf(changes: readonly PropertyChange[]): PropertyEntry[] | Rejection {
  const entries: PropertyEntry[] = [];
  for (const change of changes) {
    if (change.key === '') return { reason: 'invalid_property_name', detail: 'property name is empty' };
    const ts = canaryTimestamp(change.at);
    if (ts === null) return { reason: 'invalid_timestamp', detail: `property '${change.key}' has no valid timestamp` };
    entries.push([change.key, ts, entryValue(change.value), GOOD_QUALITY]);
  }
  return entries;
}

/** Names in first-seen order, each name's entries by timestamp; for the same name and timestamp the
 * later entry (later change set) wins, so one request never asks Canary to pick between two. */
function merged(entries: readonly PropertyEntry[]): PropertyEntry[] {
  const byName = new Map<string, Map<string, PropertyEntry>>();
  for (const e of entries) {
    const times = byName.get(e[0]) ?? new Map<string, PropertyEntry>();
    times.set(e[1], e);
    byName.set(e[0], times);
  }
  // Fixed-width timestamps sort as strings.
  return [...byName.values()].flatMap((times) =>
    [...times.values()].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)),
  );
}

export function tagWrites(sets: readonly ChangeSet[], options: DatasetOptions = {}): TagWritePlan {
  const plan: TagWritePlan = { writes: [], rejected: [], empty: [] };
  const byTag = new Map<string, { entries: PropertyEntry[]; sources: number[] }>();
  sets.forEach((set, index) => {
    const reject = ({ reason, detail }: Rejection): void =>
      void plan.rejected.push({ index, canaryId: set.canaryId, reason, detail });
    if (set.changes.length === 0) return void plan.empty.push(index);
    const id = canaryTagId(set.canaryId, options);
    if (!id.ok) return reject(id);
    const entries = entriesOf(set.changes);
    if (!Array.isArray(entries)) return reject(entries);
    const acc = byTag.get(id.tag) ?? { entries: [], sources: [] };
    acc.entries.push(...entries);
    acc.sources.push(index);
    byTag.set(id.tag, acc);
  });
  for (const [tag, acc] of byTag) plan.writes.push({ tag, entries: merged(acc.entries), sources: acc.sources });
  return plan;
}
