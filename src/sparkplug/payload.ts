// Decodes a Sparkplug B protobuf birth lazily: one cheap pass reads the header and locates each metric,
// then metrics() decodes ONE Metric at a time (metric-reader.ts; bounded memory for 250 MB births). Unwraps the
// compressed form. Never throws on bad bytes, and never computes metric values (see metric-value.ts).
import protobuf from 'protobufjs/minimal.js';
import type { BirthHeader, LightHook, MetricResult, ReadOptions } from './birth.js';
import { metricNameAt } from './metric-scan.js';
import { iterate, rawMetric, readAhead } from './metric-reader.js';
import { declarationHashes, identityFingerprint } from './identity-fingerprint.js';
import {
  COMPRESSED_UUID,
  DEFAULT_MAX_INFLATED_BYTES,
  inflateBody,
  inflateBodyAsync,
  type InflateResult,
} from './compression.js';
import { org } from './generated/sparkplug_b.js';
import { INT64_MAX, toBigInt } from './integers.js';
import { isDefinition, templateDefinition, type RawMetric } from './templates.js';

export { compressPayload } from './compression.js';
export { encodePayload, type MetricInput, type PayloadInput } from './encoder.js';
export { metricValue, type MetricValue, type ValueResult } from './metric-value.js';

const { Reader } = protobuf;
const Metric = org.eclipse.tahu.protobuf.Payload.Metric;

export interface DecodeOptions {
  /** Cap on the inflated size of a compressed payload (default 512 MiB). */
  maxInflatedBytes?: number;
  /** The body of a compressed payload already inflated (preInflate), so decoding does not inflate it again. */
  inflated?: Buffer;
}

export type DecodeResult =
  | {
      ok: true;
      header: BirthHeader;
      /** Top-level metrics; Template instances yield their members too, definitions nothing (templates.ts). */
      metricCount: number;
      metrics: (light?: LightHook, opts?: ReadOptions) => Iterable<MetricResult>;
      /** Whether any metric is a Template (its members make more results than metricCount). */
      hasTemplates: () => boolean;
      /** The Template definitions of the birth (an NBIRTH's), or why one cannot be kept. */
      templates: () => TemplateDefinitionResult[];
      /** The name of the metric at an index, read again (births without Template metrics: index = position). */
      nameAt?: (index: number) => string | null;
      /** See identity-fingerprint.ts (protobuf births only). */
      identity?: (salt: string) => string | null;
      declarations?: () => Buffer | null;
      /** The metrics at these indexes decoded in full now (births without Template metrics), for ReadOptions.decoded. */
      readAhead?: (indexes: readonly number[]) => Map<number, MetricResult[]>;
    }
  | { ok: false; reason: string };

export type TemplateDefinitionResult = ReturnType<typeof templateDefinition>;

interface Scan {
  ok: true;
  header: BirthHeader;
  uuid: string | null;
  body: Uint8Array | null;
  /** Offset of each metric's length prefix: enough to decode it later without re-scanning. */
  starts: number[];
}

export function decodePayload(input: Buffer | Uint8Array, opts: DecodeOptions = {}): DecodeResult {
  // protobufjs reads strings fastest from a Buffer (utf8Slice); a plain Uint8Array is wrapped, not copied.
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const outer = scan(buf);
  if (!outer.ok) return outer;
  if (outer.uuid !== COMPRESSED_UUID) return ready(buf, outer);
  const inflated = opts.inflated
    ? { ok: true as const, buf: opts.inflated }
    : inflateWrapped(buf, outer, opts.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES);
  if (!inflated.ok) return inflated;
  const inner = scan(inflated.buf);
  if (!inner.ok) return { ok: false, reason: `compressed payload: ${inner.reason}` };
  if (inner.uuid === COMPRESSED_UUID)
    return { ok: false, reason: 'compressed payload wraps another compressed payload' };
  // Producers differ on whether the wrapper or the inner payload carries timestamp/seq; take either.
  const header: BirthHeader = {
    timestamp: inner.header.timestamp ?? outer.header.timestamp,
    seq: inner.header.seq ?? outer.header.seq,
  };
  return ready(inflated.buf, { ...inner, header });
}

/**
 * The inflated body of a compressed payload (any Sparkplug message), inflated in the thread pool; null
 * when the payload is not compressed (or not readable: decoding then says why). Pass the body on as
 * `inflated` (decodePayload, readNodeMessage).
 */
export async function preInflate(
  input: Buffer,
  maxInflatedBytes = DEFAULT_MAX_INFLATED_BYTES,
): Promise<InflateResult | null> {
  const outer = scan(input);
  if (!outer.ok || outer.uuid !== COMPRESSED_UUID) return null;
  const w = wrapperParts(input, outer);
  if (!w.ok) return w;
  return inflateBodyAsync(w.body, w.algorithm, maxInflatedBytes);
}

function inflateWrapped(buf: Buffer, outer: Scan, maxInflatedBytes: number): InflateResult {
  const w = wrapperParts(buf, outer);
  return w.ok ? inflateBody(w.body, w.algorithm, maxInflatedBytes) : w;
}

/** The compressed wrapper's body and `algorithm`, or why the wrapper is unreadable. */
function wrapperParts(
  buf: Buffer,
  outer: Scan,
): { ok: true; body: Uint8Array; algorithm: string | null } | { ok: false; reason: string } {
  if (outer.body === null) return { ok: false, reason: `${COMPRESSED_UUID} payload without a body` };
  const algorithm = findAlgorithm(buf, outer.starts);
  if (typeof algorithm === 'object' && algorithm !== null) return algorithm;
  return { ok: true, body: outer.body, algorithm };
}

function ready(buf: Buffer, s: Scan): DecodeResult {
  const { header, starts } = s;
  // Walked once, on first need: the identity of every birth, the matching of a rebirth's metrics.
  let hashes: Buffer | null | undefined;
  const declarations = () => (hashes === undefined ? (hashes = declarationHashes(buf, starts)) : hashes);
  return {
    ok: true,
    header,
    metricCount: starts.length,
    metrics: (light?: LightHook, opts: ReadOptions = {}) => iterate(buf, starts, light, opts),
    hasTemplates: () => hasTemplate(buf, starts),
    templates: () => definitions(buf, starts),
    identity: (salt: string) => identityFingerprint(declarations(), salt),
    declarations,
    nameAt: (index: number) => nameAt(buf, starts, index),
    readAhead: (indexes: readonly number[]) => readAhead(buf, starts, indexes),
  };
}

/** Reads Payload fields 1, 3, 4, 5 and skips over every metric (field 2), recording where each starts. */
function scan(buf: Buffer): Scan | { ok: false; reason: string } {
  const r = Reader.create(buf);
  const s: Scan = { ok: true, header: { timestamp: null, seq: null }, uuid: null, body: null, starts: [] };
  try {
    while (r.pos < r.len) {
      const tag = r.uint32();
      const field = tag >>> 3;
      const wire = tag & 7;
      if (field === 2 && wire === 2) {
        s.starts.push(r.pos);
        r.skip(r.uint32());
      } else if ((field === 1 || field === 3) && wire === 0) {
        const v = toBigInt(r.uint64()) ?? null;
        // Stored in bigint columns (births.birth_ts, birth_seq); nothing real comes near 2^63.
        if (v !== null && v > INT64_MAX)
          return { ok: false, reason: `Payload ${field === 1 ? 'timestamp' : 'seq'} ${v} is beyond 2^63-1` };
        if (field === 1) s.header.timestamp = v;
        else s.header.seq = v;
      } else if (field === 4 && wire === 2) s.uuid = r.string();
      else if (field === 5 && wire === 2) s.body = r.bytes();
      else if (field >= 1 && field <= 5)
        return { ok: false, reason: `malformed protobuf: Payload field ${field} has wire type ${wire}` };
      else if (field === 0) return { ok: false, reason: 'malformed protobuf: field number 0' };
      else r.skipType(wire);
    }
  } catch (err) {
    return { ok: false, reason: `malformed protobuf: ${(err as Error).message}` };
  }
  return s;
}

function nameAt(buf: Buffer, starts: readonly number[], index: number): string | null {
  const start = starts[index];
  if (start === undefined) return null;
  const r = Reader.create(buf);
  r.pos = start;
  const len = r.uint32();
  return r.pos + len <= buf.length ? metricNameAt(buf, r.pos, r.pos + len) : null;
}

/**
 * Whether a metric of the payload has datatype Template, read from each metric's datatype field alone
 * (no full decode). An unreadable metric counts as one: the caller then takes the path that copes.
 */
function hasTemplate(buf: Buffer, starts: readonly number[]): boolean {
  const r = Reader.create(buf);
  for (const start of starts) {
    try {
      r.len = buf.length;
      r.pos = start;
      const end = r.uint32() + r.pos;
      r.len = end;
      while (r.pos < end) {
        const tag = r.uint32();
        if (tag >>> 3 === 4 && (tag & 7) === 0) {
          if (r.uint32() === 19) return true;
          break;
        }
        r.skipType(tag & 7);
      }
    } catch {
      return true;
    }
  }
  return false;
}

function definitions(buf: Buffer, starts: readonly number[]): TemplateDefinitionResult[] {
  if (!hasTemplate(buf, starts)) return [];
  const out: TemplateDefinitionResult[] = [];
  const r = Reader.create(buf);
  for (const start of starts) {
    r.len = buf.length;
    r.pos = start;
    let m: RawMetric;
    try {
      m = rawMetric(Metric.decode(r, r.uint32()));
    } catch {
      continue; // reported by metrics() as a malformed metric
    }
    if (isDefinition(m)) out.push(templateDefinition(m));
  }
  return out;
}

/** The wrapper's `algorithm` String metric value, null when absent, or the decode failure. */
function findAlgorithm(buf: Buffer, starts: readonly number[]): string | null | { ok: false; reason: string } {
  const r = Reader.create(buf);
  for (const start of starts) {
    r.len = buf.length;
    r.pos = start;
    try {
      const m = Metric.decode(r, r.uint32());
      if (m.name === 'algorithm' && typeof m.stringValue === 'string') return m.stringValue;
    } catch (err) {
      return { ok: false, reason: `malformed protobuf in compressed wrapper: ${(err as Error).message}` };
    }
  }
  return null;
}
