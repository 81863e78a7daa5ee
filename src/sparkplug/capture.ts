// Reads one line of a JSONL capture ({topic, metrics:[{name, datatype, ts, props}]}, already decoded by
// another tool, so props carry no Sparkplug types). The captured uns_path/canary_id/device_uns_path come
// from an older identity rule and are ignored; metric values are ignored too.
//
// Typing of untyped props (the capture lost the declared types, so the JSON value decides):
//   boolean → boolean; string → string; null → absent;
//   integer within int32 → int; other safe integer → long; any other number → double (an integer
//   beyond 2^53 was already rounded by JSON.parse, so it is not presented as an exact long);
//   object → flattened like a PropertySet (`limits.high`); array → like a PropertySetList (`alarms[0].name`,
//   a scalar element as `tags[0]`).
// So a captured Ignition Quality of 2147484164 is a long here, not the int −2147483132 a typed birth gives.
import type { BirthHeader, MetricResult, PropertyValue } from './birth.js';
import { dataTypeName } from './datatypes.js';
import { bad } from './metric.js';
import { listKey, nestedKey } from './properties.js';

export type CaptureResult =
  | { ok: true; topic: string; header: BirthHeader; metricCount: number; metrics: () => Iterable<MetricResult> }
  | { ok: false; reason: string };

type Doc = Record<string, unknown>;
const MAX_DEPTH = 32;

export function parseCaptureLine(line: string): CaptureResult {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch (err) {
    return { ok: false, reason: `capture line is not JSON: ${(err as Error).message}` };
  }
  if (!isDoc(doc)) return { ok: false, reason: 'capture line is not a JSON object' };
  if (typeof doc.topic !== 'string') return { ok: false, reason: 'capture line has no topic' };
  const metrics = doc.metrics;
  if (!Array.isArray(metrics)) return { ok: false, reason: 'capture line has no metrics list' };
  // Captures keep no payload timestamp; the newest metric timestamp is the closest stand-in.
  let timestamp: bigint | null = null;
  for (const m of metrics) {
    const ts = isDoc(m) ? m.ts : undefined;
    if (typeof ts === 'number' && Number.isSafeInteger(ts) && (timestamp === null || BigInt(ts) > timestamp))
      timestamp = BigInt(ts);
  }
  return {
    ok: true,
    topic: doc.topic,
    header: { timestamp, seq: null },
    metricCount: metrics.length,
    metrics: () => iterate(metrics),
  };
}

function* iterate(metrics: readonly unknown[]): Generator<MetricResult> {
  for (let index = 0; index < metrics.length; index++) yield captureMetric(metrics[index], index);
}

function captureMetric(m: unknown, index: number): MetricResult {
  if (!isDoc(m)) return bad(index, null, 'not an object');
  if (m.name != null && typeof m.name !== 'string') return bad(index, null, 'name is not a string');
  const name = m.name ?? null;
  const datatype = typeof m.datatype === 'number' ? dataTypeName(m.datatype) : undefined;
  if (datatype === undefined) return bad(index, name, `unknown datatype ${String(m.datatype)}`);
  const properties = new Map<string, PropertyValue>();
  if (m.props != null) {
    if (!isDoc(m.props)) return bad(index, name, 'props is not an object');
    for (const [key, value] of Object.entries(m.props)) {
      const reason = typeUntyped(value, key, properties, 0);
      if (reason !== null) return bad(index, name, reason);
    }
  }
  return { ok: true, metric: { name, alias: null, datatype, properties, metadata: null } };
}

function typeUntyped(v: unknown, key: string, out: Map<string, PropertyValue>, depth: number): string | null {
  if (depth > MAX_DEPTH) return `prop '${key}' nested deeper than ${MAX_DEPTH}`;
  if (v === null) return null;
  if (typeof v === 'boolean') out.set(key, { type: 'boolean', value: v });
  else if (typeof v === 'string') out.set(key, { type: 'string', value: v });
  else if (typeof v === 'number') out.set(key, numberValue(v));
  else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const reason = typeUntyped(v[i], listKey(key, i), out, depth + 1);
      if (reason !== null) return reason;
    }
  } else if (isDoc(v)) {
    for (const [k, child] of Object.entries(v)) {
      const reason = typeUntyped(child, nestedKey(key, k), out, depth + 1);
      if (reason !== null) return reason;
    }
  } else return `prop '${key}' has an unsupported value`;
  return null;
}

function numberValue(n: number): PropertyValue {
  if (Number.isInteger(n) && n >= -0x80000000 && n <= 0x7fffffff) return { type: 'int', value: n };
  if (Number.isSafeInteger(n)) return { type: 'long', value: BigInt(n) };
  return { type: 'double', value: n };
}

function isDoc(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
