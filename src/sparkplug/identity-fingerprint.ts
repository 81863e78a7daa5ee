// The identity fingerprint of a protobuf birth: md5 over the declaration hash of each metric in birth
// order, a 128-bit hash of the raw bytes of the fields the store derives its rows from (name, alias, datatype, is_historical, is_transient,
// MetaData, PropertySet), never the value, timestamp or is_null, which change with every rebirth. Two
// births with the same fingerprint declare the same metrics byte for byte, so an unchanged rebirth is
// recognised without decoding a single metric (B2). Null when a metric is a DataSet or a Template (their
// stored metadata comes from the value) or the bytes cannot be walked: such births take the per-metric
// path, which also says what is wrong. A conservative test: other encodings of the same content differ.
// Pure.

import { createHash } from 'node:crypto';
import { createXXHash128 } from 'hash-wasm';

// One instance, reused metric after metric: node:crypto's one-shot md5 costs ~2 µs a call, which is
// 200 ms for a 98k-metric birth; this is a quarter of that. Not cryptographic, and not meant to be:
// the births come from the site's own edge nodes, which could publish any metadata they liked anyway.
const xxh128 = await createXXHash128();

const DATASET = 16;
const TEMPLATE = 19;
/** Metric fields whose bytes are hashed (1 by field number): 1 name, 2 alias, 4 datatype, 5 is_historical, 6 is_transient, 8 metadata, 9 properties. */
const KEPT = Uint8Array.from([0, 1, 1, 0, 1, 1, 1, 0, 1, 1]);
const DATATYPE = 4;
/** The store reads columns, types and template references out of these values (17 dataset_value, 18 template_value). */
const DATASET_VALUE = 17;
const TEMPLATE_VALUE = 18;

class Walk {
  pos = 0;
  constructor(
    readonly buf: Buffer,
    public end: number,
  ) {}

  /** A varint of at most 32 bits (tags, lengths); -1 when it runs past the end or is longer. */
  uint32(): number {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.pos >= this.end) return -1;
      const b = this.buf[this.pos++] as number;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v <= 0xffffffff ? v : -1;
    }
    return -1;
  }

  /** Moves past a field's value of this wire type; false when malformed. */
  skip(wire: number): boolean {
    switch (wire) {
      case 0:
        for (let i = 0; i < 10; i++) {
          if (this.pos >= this.end) return false;
          if ((this.buf[this.pos++] as number) < 0x80) return true;
        }
        return false;
      case 1:
        this.pos += 8;
        return this.pos <= this.end;
      case 2: {
        const len = this.uint32();
        if (len < 0) return false;
        this.pos += len;
        return this.pos <= this.end;
      }
      case 5:
        this.pos += 4;
        return this.pos <= this.end;
      default:
        return false; // groups (3, 4) are not part of Sparkplug B
    }
  }
}

/**
 * Feeds the kept fields of the metric whose length prefix is at `start` to `h`, run by run (the fields
 * are mostly adjacent: name, alias, datatype, metadata, properties). False: DataSet, Template, malformed.
 */
function hashKept(w: Walk, start: number, h: { update(data: Uint8Array): unknown }): boolean {
  w.end = w.buf.length;
  w.pos = start;
  const len = w.uint32();
  if (len < 0 || w.pos + len > w.buf.length) return false;
  w.end = w.pos + len;
  const buf = w.buf;
  let runStart = -1;
  let runEnd = -1;
  while (w.pos < w.end) {
    const fieldStart = w.pos;
    const tag = w.uint32();
    if (tag < 0) return false;
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === DATASET_VALUE || field === TEMPLATE_VALUE) return false;
    if (field === DATATYPE && wire === 0) {
      const datatype = buf[w.pos];
      if (datatype === DATASET || datatype === TEMPLATE) return false;
    }
    if (!w.skip(wire)) return false;
    if (field >= KEPT.length || KEPT[field] === 0) continue;
    if (fieldStart !== runEnd) {
      if (runStart >= 0) h.update(buf.subarray(runStart, runEnd));
      runStart = fieldStart;
    }
    runEnd = w.pos;
  }
  if (runStart >= 0) h.update(buf.subarray(runStart, runEnd));
  return true;
}

export const DECLARATION_BYTES = 16;

/**
 * The 128-bit xxHash of each metric's kept bytes, 16 bytes per metric in birth order: what the metric declares,
 * without value or timestamp. Equal to a stored metric's and its row is what that declaration made, so
 * a rebirth that changes 1 % of its metrics decodes only that 1 % (store/declarations.ts). Null when a
 * metric is a DataSet or a Template or cannot be walked.
 */
export function declarationHashes(buf: Buffer, starts: readonly number[]): Buffer | null {
  const hashes = Buffer.allocUnsafe(starts.length * DECLARATION_BYTES);
  const w = new Walk(buf, buf.length);
  for (let i = 0; i < starts.length; i++) {
    xxh128.init();
    if (!hashKept(w, starts[i] as number, xxh128)) return null;
    hashes.set(xxh128.digest('binary'), i * DECLARATION_BYTES);
  }
  return hashes;
}

/**
 * The birth's fingerprint: md5 of `salt` (what else the stored rows depend on: the device path, the
 * store's rules) and the declaration hashes of its metrics in order.
 */
export function identityFingerprint(hashes: Buffer | null, salt: string): string | null {
  if (hashes === null) return null;
  return createHash('md5').update(salt).update('\u0000').update(hashes).digest('hex');
}
