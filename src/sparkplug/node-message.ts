// Reads what the host needs from any Sparkplug message without decoding it whole: seq, timestamp and,
// per metric, name, alias and an integer value (enough for aliases in DATA and bdSeq in NBIRTH/NDEATH).
// Unwraps compressed payloads. Never throws on bad bytes; values other than integers are not read.
import protobuf from 'protobufjs/minimal.js';
import { COMPRESSED_UUID, DEFAULT_MAX_INFLATED_BYTES, inflateBody } from './compression.js';
import { toBigInt } from './integers.js';

const { Reader } = protobuf;

export interface MetricRef {
  name: string | null;
  alias: bigint | null;
  /** int_value or long_value, when the metric carries one. */
  integer: bigint | null;
  text: string | null;
}

export interface NodeMessage {
  timestamp: bigint | null;
  seq: number | null;
  metrics: MetricRef[];
}

export type NodeMessageResult = { ok: true; message: NodeMessage } | { ok: false; reason: string };

/** `inflated`: the body of a compressed payload already inflated (payload.ts preInflate). */
export function readNodeMessage(
  buf: Uint8Array,
  maxInflatedBytes = DEFAULT_MAX_INFLATED_BYTES,
  preInflated?: Buffer,
): NodeMessageResult {
  const outer = read(buf);
  if (!outer.ok || outer.uuid !== COMPRESSED_UUID) return outer.ok ? { ok: true, message: outer.message } : outer;
  if (!outer.body) return { ok: false, reason: `${COMPRESSED_UUID} payload without a body` };
  const algorithm = outer.message.metrics.find((m) => m.name === 'algorithm')?.text ?? null;
  const inflated = preInflated
    ? { ok: true as const, buf: preInflated }
    : inflateBody(outer.body, algorithm, maxInflatedBytes);
  if (!inflated.ok) return inflated;
  const inner = read(inflated.buf);
  if (!inner.ok) return inner;
  const m = inner.message;
  return {
    ok: true,
    message: { ...m, timestamp: m.timestamp ?? outer.message.timestamp, seq: m.seq ?? outer.message.seq },
  };
}

type Read =
  { ok: true; message: NodeMessage; uuid: string | null; body: Uint8Array | null } | { ok: false; reason: string };

function read(buf: Uint8Array): Read {
  const r = Reader.create(buf);
  const message: NodeMessage = { timestamp: null, seq: null, metrics: [] };
  let uuid: string | null = null;
  let body: Uint8Array | null = null;
  try {
    while (r.pos < r.len) {
      const tag = r.uint32();
      const field = tag >>> 3;
      const wire = tag & 7;
      if (field === 1 && wire === 0) message.timestamp = toBigInt(r.uint64()) ?? null;
      else if (field === 3 && wire === 0) message.seq = Number(toBigInt(r.uint64()) ?? -1n);
      else if (field === 2 && wire === 2) message.metrics.push(readMetric(r, r.uint32() + r.pos));
      else if (field === 4 && wire === 2) uuid = r.string();
      else if (field === 5 && wire === 2) body = r.bytes();
      else r.skipType(wire);
    }
  } catch (err) {
    return { ok: false, reason: `malformed protobuf: ${(err as Error).message}` };
  }
  return { ok: true, message, uuid, body };
}

function readMetric(r: protobuf.Reader, end: number): MetricRef {
  const m: MetricRef = { name: null, alias: null, integer: null, text: null };
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === 2) m.name = r.string();
    else if (field === 2 && wire === 0) m.alias = toBigInt(r.uint64()) ?? null;
    else if (field === 10 && wire === 0) m.integer = BigInt(r.uint32());
    else if (field === 11 && wire === 0) m.integer = toBigInt(r.uint64()) ?? null;
    else if (field === 15 && wire === 2) m.text = r.string();
    else r.skipType(wire);
  }
  if (r.pos !== end) throw new Error('metric overruns its length');
  return m;
}
