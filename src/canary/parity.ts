// Compares the current DB properties of each metric with Canary's latest values (getTagProperties) and
// lists what differs: tags Canary does not have, keys it lacks, values that differ, keys only Canary has
// (a removed property Canary holds as "" is in parity). Pure: no database, no HTTP.

import type { JsonScalar } from '../cdc/outbox-rows.js';

export interface ExpectedTag {
  tag: string;
  canaryId: string;
  properties: Record<string, JsonScalar>;
}

export interface ParityReport {
  /** Tags compared. */
  tags: number;
  inParity: number;
  missingTags: Array<{ tag: string; keys: number }>;
  missingKeys: Array<{ tag: string; key: string; expected: JsonScalar }>;
  differing: Array<{ tag: string; key: string; expected: JsonScalar; actual: unknown }>;
  extraKeys: Array<{ tag: string; key: string; actual: unknown }>;
  /** Metrics whose canary id is not a tag this service may write (CANARY_DATASET_PREFIX, invalid names). */
  skipped: Array<{ canaryId: string; reason: string }>;
}

export function parityDiffers(r: ParityReport): boolean {
  return r.missingTags.length + r.missingKeys.length + r.differing.length + r.extraKeys.length > 0;
}

export function compareParity(
  expected: readonly ExpectedTag[],
  actual: ReadonlyMap<string, Record<string, unknown>>,
  skipped: ParityReport['skipped'] = [],
): ParityReport {
  const r: ParityReport = {
    tags: expected.length,
    inParity: 0,
    missingTags: [],
    missingKeys: [],
    differing: [],
    extraKeys: [],
    skipped: [...skipped],
  };
  for (const e of expected) {
    const have = actual.get(e.tag) ?? {};
    const keys = Object.keys(e.properties);
    if (Object.keys(have).length === 0 && keys.length > 0) {
      r.missingTags.push({ tag: e.tag, keys: keys.length });
      continue;
    }
    let same = true;
    for (const key of keys) {
      const want = e.properties[key] as JsonScalar;
      if (!Object.hasOwn(have, key)) {
        r.missingKeys.push({ tag: e.tag, key, expected: want });
        same = false;
      } else if (!sameValue(want, have[key])) {
        r.differing.push({ tag: e.tag, key, expected: want, actual: have[key] });
        same = false;
      }
    }
    for (const [key, v] of Object.entries(have)) {
      if (Object.hasOwn(e.properties, key) || v === '') continue;
      r.extraKeys.push({ tag: e.tag, key, actual: v });
      same = false;
    }
    if (same) r.inParity++;
  }
  return r;
}

/** Same JSON type and value; numbers numerically (Canary may echo 1450 for 1450.0). */
function sameValue(want: JsonScalar, got: unknown): boolean {
  if (typeof want === 'number' && typeof got === 'number')
    return want === got || (Number.isNaN(want) && Number.isNaN(got));
  return want === got;
}

/** One finding about one tag, as canary.parity records it (uns_meta_sync.canary_drift.differences). */
export type TagDifference =
  | { kind: 'missing_tag'; keys: number }
  | { kind: 'missing_key'; key: string; expected: JsonScalar }
  | { kind: 'differs'; key: string; expected: JsonScalar; actual: unknown }
  | { kind: 'extra_key'; key: string; actual: unknown };

/** The report's findings grouped by tag; tags in parity are absent. */
export function differencesByTag(r: ParityReport): Map<string, TagDifference[]> {
  const out = new Map<string, TagDifference[]>();
  const add = (tag: string, d: TagDifference) => out.set(tag, [...(out.get(tag) ?? []), d]);
  for (const m of r.missingTags) add(m.tag, { kind: 'missing_tag', keys: m.keys });
  for (const m of r.missingKeys) add(m.tag, { kind: 'missing_key', key: m.key, expected: m.expected });
  for (const d of r.differing) add(d.tag, { kind: 'differs', key: d.key, expected: d.expected, actual: d.actual });
  for (const x of r.extraKeys) add(x.tag, { kind: 'extra_key', key: x.key, actual: x.actual });
  return out;
}
