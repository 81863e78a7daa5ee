// Turns the identity fields of one decoded metric (name, alias, datatype, properties) into a BirthMetric,
// or the reason it is bad. Shared by the protobuf and Sparkplug-JSON readers; the value is not read here.
import type { MetricResult } from './birth.js';
import { dataTypeName } from './datatypes.js';
import { toBigInt } from './integers.js';
import { typeProperties } from './properties.js';

/** The fields as decoded; `undefined`/`null` mean absent (protobuf presence is resolved by the caller). */
export interface MetricFields {
  name: unknown;
  alias: unknown;
  datatype: unknown;
  properties: unknown;
}

export function birthMetric(index: number, f: MetricFields): MetricResult {
  if (f.name != null && typeof f.name !== 'string') return bad(index, null, 'name is not a string');
  const name = f.name ?? null;
  let alias: bigint | null = null;
  if (f.alias != null) {
    const a = toBigInt(f.alias);
    if (a === undefined) return bad(index, name, `alias ${String(f.alias)} is not a 64-bit integer`);
    alias = BigInt.asUintN(64, a);
  }
  // A birth must declare every metric's datatype (spec 3.0 §6.4.4); without it nothing can be typed.
  if (f.datatype == null) return bad(index, name, 'no datatype');
  const dt = typeof f.datatype === 'number' ? f.datatype : Number.NaN;
  const datatype = dataTypeName(dt);
  if (datatype === undefined) return bad(index, name, `unknown datatype ${String(f.datatype)}`);
  const props = typeProperties(f.properties as Parameters<typeof typeProperties>[0]);
  if (!props.ok) return bad(index, name, props.reason);
  return { ok: true, metric: { name, alias, datatype, properties: props.properties } };
}

export function bad(index: number, name: string | null, reason: string): MetricResult {
  const label = name === null ? `metric #${index}` : `metric #${index} '${clip(name)}'`;
  return { ok: false, index, reason: `${label}: ${reason}` };
}

function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
