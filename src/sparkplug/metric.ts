// Turns the identity fields of one decoded metric (name, alias, datatype, properties, and what
// metric-metadata.ts keeps) into a BirthMetric, or the reason it is bad. Shared by the protobuf and Sparkplug-JSON readers; the value is not read here.
import type { MetricFault, MetricResult } from './birth.js';
import { dataTypeName } from './datatypes.js';
import { toBigInt } from './integers.js';
import { metricMetadata, type MetadataFields } from './metric-metadata.js';
import { typeProperties } from './properties.js';

/** The fields as decoded; `undefined`/`null` mean absent (protobuf presence is resolved by the caller). */
export interface MetricFields {
  name: unknown;
  alias: unknown;
  datatype: unknown;
  properties: unknown;
  /** Flags, MetaData, DataSet and Template reference as decoded (absent: none). */
  extra?: Omit<MetadataFields, 'datatype'>;
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
  // Unknown (0) types nothing; PropertySet (20) and PropertySetList (21) are property types only.
  if (NOT_METRIC_TYPES.has(dt))
    return bad(index, name, `datatype ${dt} (${datatype}) is not a metric datatype`, 'datatype_invalid');
  const props = typeProperties(f.properties as Parameters<typeof typeProperties>[0]);
  if (!props.ok) return bad(index, name, props.reason, props.duplicate ? 'property_duplicate' : undefined);
  const metadata = metricMetadata({ ...f.extra, datatype });
  if (!metadata.ok) return bad(index, name, metadata.reason);
  return { ok: true, metric: { name, alias, datatype, properties: props.properties, metadata: metadata.json } };
}

const NOT_METRIC_TYPES: ReadonlySet<number> = new Set([0, 20, 21]);

export function bad(index: number, name: string | null, reason: string, code?: MetricFault): MetricResult {
  const label = name === null ? `metric #${index}` : `metric #${index} '${clip(name)}'`;
  return code
    ? { ok: false, index, reason: `${label}: ${reason}`, code }
    : { ok: false, index, reason: `${label}: ${reason}` };
}

function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
