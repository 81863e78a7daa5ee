// Reads the metrics of a scanned protobuf birth one at a time (payload.ts finds where each starts): a
// metric the caller knows byte for byte comes back light, one it does not want unread, the rest decoded
// in full with their raw fingerprint. Never throws on bad bytes.
import protobuf from 'protobufjs/minimal.js';
import type { LightHook, MetricResult, PropertyValue, ReadOptions } from './birth.js';
import { scanMetric, type LightMetric } from './metric-scan.js';
import { org } from './generated/sparkplug_b.js';
import { bad } from './metric.js';
import { metricResults, type RawMetric } from './templates.js';
import { hasReplacement, invalidMemberProperty, invalidProperty, replaced } from './utf8-check.js';

const { Reader } = protobuf;
const Metric = org.eclipse.tahu.protobuf.Payload.Metric;
const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

export function* iterate(
  buf: Buffer,
  starts: readonly number[],
  light: LightHook | undefined,
  { wanted, decoded }: ReadOptions,
): Generator<MetricResult> {
  const r = Reader.create(buf);
  let position = 0;
  for (let index = 0; index < starts.length; index++) {
    if (wanted && !wanted.has(index)) {
      position += 1;
      yield NOT_READ;
      continue;
    }
    const ahead = decoded?.get(index);
    if (ahead) {
      position += ahead.length;
      yield* ahead;
      continue;
    }
    const seen = scanAt(r, buf, starts, index);
    if (seen && !seen.template && light?.(seen, position)) {
      position += 1;
      yield {
        ok: true,
        light: true,
        metric: {
          name: seen.name,
          alias: seen.alias,
          datatype: seen.datatype,
          properties: NO_PROPERTIES,
          metadata: seen.metadata,
          rawFp: seen.rawFp,
        },
      };
      continue;
    }
    for (const result of fullResults(r, buf, index, seen)) {
      position += 1;
      yield result;
    }
  }
}

/** Positions the reader at the metric and scans its identity; null when its length runs past the end. */
function scanAt(r: protobuf.Reader, buf: Buffer, starts: readonly number[], index: number): LightMetric | null {
  // A failed nested decode leaves reader.len narrowed to that message; every metric starts afresh.
  r.len = buf.length;
  r.pos = starts[index] ?? 0;
  const len = r.uint32();
  const seen = r.pos + len <= buf.length ? scanMetric(buf, r.pos, r.pos + len) : null;
  r.pos = starts[index] ?? 0;
  return seen;
}

/** The metric the reader stands at, decoded in full, with the raw fingerprint `seen` read. */
function* fullResults(
  r: protobuf.Reader,
  buf: Buffer,
  index: number,
  seen: LightMetric | null,
): Generator<MetricResult> {
  for (const result of decodeOne(r, buf, index)) {
    // The raw fingerprint is stored with the metric so that its next unchanged birth stays light.
    if (result.ok && seen && !seen.template) result.metric.rawFp = seen.rawFp;
    yield result;
  }
}

export function readAhead(
  buf: Buffer,
  starts: readonly number[],
  indexes: readonly number[],
): Map<number, MetricResult[]> {
  const r = Reader.create(buf);
  const out = new Map<number, MetricResult[]>();
  for (const index of indexes) {
    const seen = scanAt(r, buf, starts, index);
    out.set(index, [...fullResults(r, buf, index, seen)]);
  }
  return out;
}

/** The properties of a light result: not read (shared, never written to). */
const NO_PROPERTIES = new Map<string, PropertyValue>();
/** A metric the caller did not want (see Birth.metrics): not even its identity was read. */
const NOT_READ: MetricResult = {
  ok: true,
  light: true,
  metric: { name: null, alias: null, datatype: '', properties: NO_PROPERTIES, metadata: null },
};

function* decodeOne(r: protobuf.Reader, buf: Buffer, index: number): Generator<MetricResult> {
  let m: org.eclipse.tahu.protobuf.Payload.Metric;
  let start: number;
  try {
    const len = r.uint32();
    start = r.pos;
    // The generated decoder confines nested reads to `len` and throws on an overrun.
    m = Metric.decode(r, len);
  } catch (err) {
    // Includes RangeError from a hostile nesting depth (Template metrics) blowing the stack.
    yield bad(index, null, `malformed protobuf: ${(err as Error).message}`);
    return;
  }
  const raw = buf.subarray(start, r.pos);
  for (const result of metricResults(index, rawMetric(m))) {
    // The stored strings are the name, property keys and string values; only a U+FFFD among them needs a closer look.
    if (result.ok && result.metric.name !== null && replaced(result.metric.name, raw))
      yield bad(index, result.metric.name, 'name is not valid UTF-8');
    else if (result.ok && hasReplacement(result.metric.properties)) {
      const where = invalidProperty(m.properties, raw, 0) ?? invalidMemberProperty(m.templateValue?.metrics, raw);
      if (where !== null) yield bad(index, result.metric.name, `${where} is not valid UTF-8`);
      else yield result;
    } else yield result;
  }
}

/** The fields of a decoded Metric message that a birth keeps; absent ones null (proto2 presence). */
export function rawMetric(m: org.eclipse.tahu.protobuf.Payload.IMetric): RawMetric {
  const t = own(m, 'templateValue') ? m.templateValue : null;
  return {
    name: own(m, 'name') ? m.name : null,
    alias: own(m, 'alias') ? m.alias : null,
    datatype: own(m, 'datatype') ? m.datatype : null,
    properties: own(m, 'properties') ? m.properties : null,
    extra: {
      isHistorical: own(m, 'isHistorical') ? m.isHistorical : null,
      isTransient: own(m, 'isTransient') ? m.isTransient : null,
      // Own fields only: the decoded message answers absent ones with defaults from its prototype.
      metadata: own(m, 'metadata') && m.metadata ? { ...m.metadata } : null,
      dataset: own(m, 'datasetValue') ? m.datasetValue : null,
    },
    template: t
      ? {
          isDefinition: own(t, 'isDefinition') ? t.isDefinition : null,
          templateRef: own(t, 'templateRef') ? t.templateRef : null,
          version: own(t, 'version') ? t.version : null,
          members: (t.metrics ?? []).map(rawMetric),
        }
      : null,
  };
}
