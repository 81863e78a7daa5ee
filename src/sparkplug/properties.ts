// Types a Sparkplug PropertySet into the stored form (docs: spec "Property typing"): the declared
// PropertyValue type decides, never the magnitude; nested sets flatten into `a.b` / `a[0].b` keys.
// Shared by the protobuf and Sparkplug-JSON readers (same camelCase fields); untyped capture props are capture.ts's.
import type { PropertyValue } from './birth.js';
import { dataTypeName } from './datatypes.js';
import { INT64_MAX, narrowInt, toBigInt, toInt32 } from './integers.js';

/** A PropertySet as protobufjs decodes it or as the protobuf JSON mapping spells it (checked at run time). */
export interface RawPropertySet {
  keys?: unknown;
  values?: unknown;
}

/** `duplicate`: a key occurs twice (also after flattening: `a.b` next to `a` → `{b}`); the last would silently win. */
export type PropertiesResult =
  { ok: true; properties: Map<string, PropertyValue> } | { ok: false; reason: string; duplicate?: boolean };

class DuplicateKey {
  constructor(readonly reason: string) {}
}

const VALUE_FIELDS = [
  'intValue',
  'longValue',
  'floatValue',
  'doubleValue',
  'booleanValue',
  'stringValue',
  'propertysetValue',
  'propertysetsValue',
] as const;
type Raw = Partial<Record<(typeof VALUE_FIELDS)[number] | 'type' | 'isNull', unknown>>;

// Deeper nesting than this is not metadata anyone writes by hand; it only guards the recursion.
const MAX_DEPTH = 32;

export function nestedKey(parent: string, key: string): string {
  return `${parent}.${key}`;
}

export function listKey(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** Types every property of a metric; any bad property makes the whole set bad (the metric is rejected). */
export function typeProperties(set: RawPropertySet | null | undefined): PropertiesResult {
  const out = new Map<string, PropertyValue>();
  if (set == null) return { ok: true, properties: out };
  const reason = flattenSet(set, null, out, 0, new Set());
  if (reason instanceof DuplicateKey) return { ok: false, reason: reason.reason, duplicate: true };
  return reason === null ? { ok: true, properties: out } : { ok: false, reason };
}

/** `seen`: every flattened key so far, null ones included (a null value still claims its key). */
function flattenSet(
  set: unknown,
  parent: string | null,
  out: Map<string, PropertyValue>,
  depth: number,
  seen: Set<string>,
): string | DuplicateKey | null {
  const where = parent === null ? '' : ` in '${parent}'`;
  if (depth > MAX_DEPTH) return `property sets nested deeper than ${MAX_DEPTH}${where}`;
  if (typeof set !== 'object' || set === null) return `property set is not an object${where}`;
  const keys = (set as RawPropertySet).keys ?? [];
  const values = (set as RawPropertySet).values ?? [];
  if (!Array.isArray(keys) || !Array.isArray(values)) return `property set keys/values are not lists${where}`;
  if (keys.length !== values.length) {
    return `property set has ${keys.length} keys but ${values.length} values${where}`;
  }
  for (let i = 0; i < keys.length; i++) {
    const key: unknown = keys[i];
    if (typeof key !== 'string') return `property key #${i} is not a string${where}`;
    const reason = typeValue(values[i], parent === null ? key : nestedKey(parent, key), out, depth, seen);
    if (reason !== null) return reason;
  }
  return null;
}

function typeValue(
  raw: unknown,
  key: string,
  out: Map<string, PropertyValue>,
  depth: number,
  seen: Set<string>,
): string | DuplicateKey | null {
  if (seen.has(key))
    return new DuplicateKey(
      `property key '${key}' occurs twice (after flattening nested sets); which one is meant is unknown`,
    );
  seen.add(key);
  if (typeof raw !== 'object' || raw === null) return `property '${key}': value is not a PropertyValue`;
  const v = raw as Raw;
  const t = v.type;
  const field = expectedField(t);
  if (field === undefined) return `property '${key}': unknown or unsupported property type ${String(t)}`;
  if (v.isNull === true) return null;
  // UInt32 is int_value in spec 3.0 but long_value in Tahu's JS library; both are read.
  const got = v[field] ?? (t === 7 ? v.longValue : undefined);
  if (got == null) {
    const other = VALUE_FIELDS.find((f) => v[f] != null);
    return other === undefined ? null : misfit(key, t as number, other);
  }
  if (t === 20) return flattenSet(got, key, out, depth + 1, seen);
  if (t === 21) {
    if (typeof got !== 'object') return misfit(key, t, field);
    const sets = (got as { propertyset?: unknown }).propertyset ?? [];
    if (!Array.isArray(sets)) return `property '${key}': PropertySetList without a list`;
    for (let i = 0; i < sets.length; i++) {
      const reason = flattenSet(sets[i], listKey(key, i), out, depth + 1, seen);
      if (reason !== null) return reason;
    }
    return null;
  }
  const typed = scalar(t as number, got, v.intValue != null);
  if (typed === undefined) return misfit(key, t as number, field);
  out.set(key, typed);
  return null;
}

/** Which oneof field carries a property of declared type t; undefined for types properties may not use. */
function expectedField(t: unknown): (typeof VALUE_FIELDS)[number] | undefined {
  switch (t) {
    case 1:
    case 2:
    case 3:
    case 5:
    case 6:
    case 7:
      return 'intValue';
    case 4:
    case 8:
    case 13:
      return 'longValue';
    case 9:
      return 'floatValue';
    case 10:
      return 'doubleValue';
    case 11:
      return 'booleanValue';
    case 12:
    case 14:
    case 15:
      return 'stringValue';
    case 20:
      return 'propertysetValue';
    case 21:
      return 'propertysetsValue';
    default:
      return undefined;
  }
}

/** Converts a present scalar by declared type; undefined when the value does not fit that type. */
function scalar(t: number, v: unknown, fromInt: boolean): PropertyValue | undefined {
  switch (t) {
    case 1:
    case 2:
    case 3:
    case 5:
    case 6: {
      const n = toInt32(v);
      return n === undefined ? undefined : { type: 'int', value: narrowInt(t, n) };
    }
    case 7: {
      if (fromInt) {
        const n = toInt32(v);
        return n === undefined ? undefined : { type: 'long', value: BigInt(narrowInt(7, n)) };
      }
      const b = toBigInt(v);
      return b === undefined ? undefined : { type: 'long', value: BigInt.asUintN(32, b) };
    }
    case 4:
    case 13: {
      const b = toBigInt(v);
      return b === undefined ? undefined : { type: 'long', value: BigInt.asIntN(64, b) };
    }
    case 8: {
      const b = toBigInt(v);
      if (b === undefined) return undefined;
      const u = BigInt.asUintN(64, b);
      // PostgreSQL bigint stops at 2^63−1; larger UInt64 values are kept exactly as text.
      return u <= INT64_MAX ? { type: 'long', value: u } : { type: 'string', value: u.toString() };
    }
    case 9: {
      const f = float(v);
      return f === undefined ? undefined : { type: 'float', value: Math.fround(f) };
    }
    case 10: {
      const d = float(v);
      return d === undefined ? undefined : { type: 'double', value: d };
    }
    case 11:
      return typeof v === 'boolean' ? { type: 'boolean', value: v } : undefined;
    default:
      return typeof v === 'string' ? { type: 'string', value: v } : undefined;
  }
}

/** A number, or the protobuf JSON spellings of the non-finite values. */
function float(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function misfit(key: string, t: number, field: string): string {
  return `property '${key}': declared type ${dataTypeName(t) ?? t} does not fit its value (${field})`;
}
