// JSON of a typed property value exactly as uns_meta_sync.property_json renders it in SQL, for the
// 'created' diffs the writer builds while staging (a test holds the two renderings equal).

import type { PropertyValue } from '../sparkplug/birth.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The same rendering in SQL, of a metric_properties row aliased `p` (outbox, snapshot, Canary state). */
export const PROPERTY_JSON =
  'uns_meta_sync.property_json(p.type, p.value_int, p.value_long, p.value_float, p.value_double, p.value_string, p.value_bool)';

export function propertyJson(v: PropertyValue): number | string | boolean {
  switch (v.type) {
    case 'int':
    case 'string':
    case 'boolean':
      return v.value;
    case 'long':
      return v.value > MAX_SAFE || v.value < -MAX_SAFE ? v.value.toString() : Number(v.value);
    case 'float':
      return finite(shortestFloat32(v.value));
    case 'double':
      return finite(v.value);
  }
}

/** PostgreSQL prints NaN and infinities of real/double as JSON strings. */
function finite(x: number): number | string {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

/** The shortest decimal that reads back as the same float32 (as PostgreSQL's float4out prints it). */
function shortestFloat32(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  for (let p = 1; p < 9; p++) {
    const candidate = Number(x.toPrecision(p));
    if (Math.fround(candidate) === x) return candidate;
  }
  return Number(x.toPrecision(9));
}

/** The diff of a metric's 'created' version: every property, datatype and path as { old: null, new }. */
export function createdDiffJson(
  properties: Map<string, PropertyValue>,
  datatype: string,
  path: string,
  sourceJson: string,
  metadataJson: string | null = null,
): string {
  // No prototype: a property named `__proto__` is a key like any other.
  const props: Record<string, { old: null; new: number | string | boolean }> = Object.create(null) as Record<
    string,
    never
  >;
  for (const [key, v] of properties) props[key] = { old: null, new: propertyJson(v) };
  const rest = JSON.stringify({
    op: 'created',
    properties: props,
    datatype: { old: null, new: datatype },
    uns_path: { old: null, new: path },
  });
  const metadata = metadataJson === null ? '' : `,"metadata":{"old":null,"new":${metadataJson}}`;
  return `${rest.slice(0, -1)}${metadata},"source":${sourceJson}}`;
}
