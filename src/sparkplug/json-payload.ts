// Reads a birth in Sparkplug-JSON form (the protobuf JSON mapping exported by common tools: camelCase
// fields, 64-bit numbers as strings or numbers) into the same shape as decodePayload. The typing rules
// are properties.ts's; metric values are ignored, as for protobuf births.
import type { BirthHeader, MetricResult } from './birth.js';
import { COMPRESSED_UUID } from './compression.js';
import { INT64_MAX, toBigInt } from './integers.js';
import { bad } from './metric.js';
import { isDefinition, metricResults, templateDefinition, type RawMetric } from './templates.js';
import type { DecodeResult } from './payload.js';

type Doc = Record<string, unknown>;

export function decodeJsonPayload(input: string | Buffer): DecodeResult {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof input === 'string' ? input : input.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  if (!isDoc(doc)) return { ok: false, reason: 'Sparkplug JSON payload is not an object' };
  if (doc.uuid === COMPRESSED_UUID) return { ok: false, reason: 'compressed payloads are not supported in JSON form' };
  const metrics = doc.metrics ?? [];
  if (!Array.isArray(metrics)) return { ok: false, reason: 'Sparkplug JSON payload: metrics is not a list' };
  const timestamp = headerField(doc, 'timestamp');
  const seq = headerField(doc, 'seq');
  if (typeof timestamp === 'string') return { ok: false, reason: timestamp };
  if (typeof seq === 'string') return { ok: false, reason: seq };
  const header: BirthHeader = { timestamp, seq };
  return {
    ok: true,
    header,
    metricCount: metrics.length,
    metrics: () => iterate(metrics),
    hasTemplates: () => metrics.some((m) => isDoc(m) && m.datatype === 19),
    templates: () => metrics.filter(isDoc).map(rawMetric).filter(isDefinition).map(templateDefinition),
  };
}

function* iterate(metrics: readonly unknown[]): Generator<MetricResult> {
  for (let index = 0; index < metrics.length; index++) {
    const m = metrics[index];
    if (!isDoc(m)) {
      yield bad(index, null, 'not an object');
      continue;
    }
    yield* metricResults(index, rawMetric(m));
  }
}

/** A uint64 header field as BigInt, null when absent, or the reason it is unreadable. */
function headerField(doc: Doc, key: 'timestamp' | 'seq'): bigint | null | string {
  const v = doc[key];
  if (v == null) return null;
  const b = toBigInt(v);
  if (b === undefined) return `Sparkplug JSON payload: ${key} ${JSON.stringify(v)} is not a 64-bit integer`;
  const u = BigInt.asUintN(64, b);
  // Stored in bigint columns (births.birth_ts, birth_seq); nothing real comes near 2^63.
  return u > INT64_MAX ? `Sparkplug JSON payload: ${key} ${u} is beyond 2^63-1` : u;
}

/** The protobuf JSON mapping of a Metric (camelCase) as templates.ts reads it. */
function rawMetric(m: Doc): RawMetric {
  const t = docOrNull(m.templateValue);
  const members = t && Array.isArray(t.metrics) ? t.metrics : [];
  return {
    name: m.name,
    alias: m.alias,
    datatype: m.datatype,
    properties: m.properties,
    extra: {
      isHistorical: m.isHistorical,
      isTransient: m.isTransient,
      metadata: docOrNull(m.metadata),
      dataset: docOrNull(m.datasetValue),
    },
    template: t && {
      isDefinition: t.isDefinition,
      templateRef: t.templateRef,
      version: t.version,
      members: members.map((x) => rawMetric(isDoc(x) ? x : {})),
    },
  };
}

function docOrNull(v: unknown): Doc | null {
  return isDoc(v) ? v : null;
}

function isDoc(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
