// What the store cannot keep, checked per metric of a birth before it is staged: names and property
// keys beyond the btree index row limit, NUL characters (PostgreSQL text cannot hold them) and lone
// UTF-16 surrogates. Pure.

import type { BirthMetric } from '../sparkplug/birth.js';
import { INT64_MAX } from '../sparkplug/integers.js';
import { metricPath } from '../uns/identity.js';
import type { QuarantineCode } from './quarantine.js';

/**
 * Salts the identity fingerprints of births (device-identity.ts): raise it whenever the store derives
 * different rows, or refuses different metrics, from the same birth, so no device's next rebirth is
 * taken as unchanged under the old rules.
 */
export const STORE_RULES_VERSION = 1;

/**
 * Limits that keep every key under PostgreSQL's btree index row limit (about 2,700 bytes; a longer key
 * fails with SQLSTATE 54000, which would abort the whole birth): the name in uq_metric_spb_identity,
 * the UNS path in uq_metrics_uns_path, idx_metrics_canary_id and the lineage indexes, the key in
 * metric_properties_pkey. Generous for real tags (the longest plant paths are ~150 bytes). UTF-8 bytes.
 */
export const MAX_NAME_BYTES = 1024;
export const MAX_UNS_PATH_BYTES = 1024;
export const MAX_PROPERTY_KEY_BYTES = 256;

/** True when `s` is longer than `max` UTF-8 bytes (a UTF-16 unit is at most 3 bytes: short strings skip the count). */
export function tooLong(s: string, max: number): boolean {
  return s.length * 3 > max && Buffer.byteLength(s) > max;
}

const NUL = 'a NUL character, which PostgreSQL text cannot store';
// A lone surrogate (possible from JSON input, never from protobuf) would be stored as U+FFFD, and jsonb refuses it.
const SURROGATE = 'a lone UTF-16 surrogate, which is not Unicode text';
// String.prototype.isWellFormed is in Node 20 but not in the ES2022 library types.
const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** PostgreSQL text cannot hold U+0000 (protobuf strings can); an over-long name cannot be indexed. */
export function nameFault(name: string): string | null {
  if (name.includes('\u0000')) return `the metric name contains ${NUL}`;
  if (!wellFormed(name)) return `the metric name contains ${SURROGATE}`;
  if (tooLong(name, MAX_NAME_BYTES))
    return `metric name is ${Buffer.byteLength(name)} bytes, longer than the limit ${MAX_NAME_BYTES}`;
  return null;
}

export function propertyFault(m: BirthMetric): string | null {
  for (const [key, v] of m.properties) {
    if (key.includes('\u0000')) return `property key "${clip(key)}" contains ${NUL}`;
    if (!wellFormed(key)) return `property key "${clip(key)}" contains ${SURROGATE}`;
    if (tooLong(key, MAX_PROPERTY_KEY_BYTES)) {
      return `property key "${clip(key)}" is ${Buffer.byteLength(key)} bytes, longer than the limit ${MAX_PROPERTY_KEY_BYTES}`;
    }
    if (v.type !== 'string') continue;
    if (v.value.includes('\u0000')) return `property "${clip(key)}" contains ${NUL}`;
    if (!wellFormed(v.value)) return `property "${clip(key)}" contains ${SURROGATE}`;
  }
  return null;
}

export type MetricCheck =
  | { ok: true; name: string; path: string }
  | { ok: false; code: QuarantineCode; message: string; details?: Record<string, unknown> };

/** Every check of one decoded metric, in order; its name and UNS path when the store can keep it. */
export function metricFault(m: BirthMetric, devicePath: string): MetricCheck {
  if (m.alias !== null && m.alias > INT64_MAX) {
    // uint64 on the wire; metrics.alias and the alias map are bigint.
    const message = `alias ${m.alias} is beyond 2^63-1, the largest alias the store can keep`;
    return { ok: false, code: 'alias_invalid', message };
  }
  if (m.name === null || m.name === '') {
    // Births name every metric; an alias alone is for DATA (spec/sparkplug.md, validity rules).
    const message =
      m.alias === null
        ? 'metric has neither a name nor an alias'
        : `metric has alias ${m.alias} but no name; a birth must name every metric`;
    return { ok: false, code: 'metric_unnamed', message };
  }
  const nameProblem = nameFault(m.name);
  if (nameProblem) return { ok: false, code: 'metric_name_invalid', message: nameProblem };
  const path = metricPath(devicePath, m.name);
  if (!path.ok) return { ok: false, code: 'metric_name_invalid', message: path.reason };
  if (tooLong(path.path, MAX_UNS_PATH_BYTES)) {
    const bytes = Buffer.byteLength(path.path);
    const message = `UNS path is ${bytes} bytes, longer than the limit ${MAX_UNS_PATH_BYTES}`;
    return { ok: false, code: 'metric_name_invalid', message, details: { uns_path_bytes: bytes } };
  }
  const propProblem = propertyFault(m);
  if (propProblem) return { ok: false, code: 'property_invalid', message: propProblem };
  return { ok: true, name: m.name, path: path.path };
}

/** A key as a message shows it: NUL visible, at most 80 characters. */
function clip(s: string): string {
  return (s.length > 80 ? `${s.slice(0, 80)}…` : s).replaceAll('\u0000', '\\0');
}
