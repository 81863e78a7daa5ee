// The identity fingerprint of a protobuf birth: md5 over, metric by metric in birth order, the raw bytes
// of the fields the store derives its rows from (name, alias, datatype, is_historical, is_transient,
// MetaData, PropertySet), never the value, timestamp or is_null, which change with every rebirth. Two
// births with the same fingerprint declare the same metrics byte for byte, so an unchanged rebirth is
// recognised without decoding a single metric (B2). Null when a metric is a DataSet or a Template (their
// stored metadata comes from the value) or the bytes cannot be walked: such births take the per-metric
// path, which also says what is wrong. A conservative test: other encodings of the same content differ.
// Pure.

import { createHash } from 'node:crypto';

const DATASET = 16;
const TEMPLATE = 19;
/** Metric fields whose bytes are hashed: 1 name, 2 alias, 4 datatype, 5 is_historical, 6 is_transient, 8 metadata, 9 properties. */
const KEPT = new Set([1, 2, 4, 5, 6, 8, 9]);
/** 17 dataset_value, 18 template_value: the store reads columns, types and template references out of the value. */
const FROM_VALUE = new Set([17, 18]);
const FLUSH_AT = 1 << 20;

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
 * `starts`: the offset of each metric's length prefix in `buf` (the payload scan's). `salt` names what
 * else the stored rows depend on (the device path, the store's rules).
 */
export function identityFingerprint(buf: Buffer, starts: readonly number[], salt: string): string | null {
  const h = createHash('md5').update(salt).update('\u0000');
  let out = Buffer.allocUnsafe(FLUSH_AT + 64);
  let n = 0;
  const w = new Walk(buf, buf.length);
  for (const start of starts) {
    w.end = buf.length;
    w.pos = start;
    const len = w.uint32();
    if (len < 0 || w.pos + len > buf.length) return null;
    w.end = w.pos + len;
    if (n + len + 4 > out.length) {
      h.update(out.subarray(0, n));
      n = 0;
      if (len + 4 > out.length) out = Buffer.allocUnsafe(len + 4);
    }
    // Each metric's kept bytes are prefixed with their length: metrics cannot run into each other.
    const prefixAt = n;
    n += 4;
    while (w.pos < w.end) {
      const fieldStart = w.pos;
      const tag = w.uint32();
      if (tag < 0) return null;
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (FROM_VALUE.has(field)) return null;
      if (field === 4 && wire === 0) {
        const valueStart = w.pos;
        const datatype = w.uint32();
        if (datatype === DATASET || datatype === TEMPLATE) return null;
        w.pos = valueStart;
      }
      if (!w.skip(wire)) return null;
      if (!KEPT.has(field)) continue;
      const size = w.pos - fieldStart;
      if (size > 48) buf.copy(out, n, fieldStart, w.pos);
      else for (let i = 0; i < size; i++) out[n + i] = buf[fieldStart + i] as number;
      n += size;
    }
    out.writeUInt32LE(n - prefixAt - 4, prefixAt);
    if (n >= FLUSH_AT) {
      h.update(out.subarray(0, n));
      n = 0;
    }
  }
  h.update(out.subarray(0, n));
  return h.digest('hex');
}
