// Sparkplug array types 22–34, carried in Metric.bytes_value (spec 3.0 "Array Types"): little-endian
// packed numbers, BooleanArray as a uint32 LE count plus MSB-first bits, StringArray as NUL-terminated
// UTF-8. 64-bit elements are BigInt. Pure; values only.

export type ArrayElement = number | bigint | boolean | string;
export type UnpackResult = { ok: true; value: ArrayElement[] } | { ok: false; reason: string };

const WIDTH: Readonly<Record<number, number>> = {
  22: 1,
  23: 2,
  24: 4,
  25: 8,
  26: 1,
  27: 2,
  28: 4,
  29: 8,
  30: 4,
  31: 8,
  34: 8,
};

export function isArrayType(datatype: number): boolean {
  return datatype >= 22 && datatype <= 34;
}

export function unpackArray(datatype: number, bytes: Uint8Array): UnpackResult {
  if (datatype === 32) return unpackBooleans(bytes);
  if (datatype === 33) return { ok: true, value: unpackStrings(bytes) };
  const width = WIDTH[datatype];
  if (width === undefined) return { ok: false, reason: `datatype ${datatype} is not an array type` };
  if (bytes.byteLength % width !== 0) {
    return { ok: false, reason: `array of ${bytes.byteLength} bytes is not a multiple of ${width}` };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const value: ArrayElement[] = [];
  for (let at = 0; at < bytes.byteLength; at += width) value.push(readElement(view, datatype, at));
  return { ok: true, value };
}

export function packArray(datatype: number, values: readonly ArrayElement[]): Buffer {
  if (datatype === 32) return packBooleans(values.map(Boolean));
  if (datatype === 33) return Buffer.from(values.map((s) => `${String(s)}\0`).join(''), 'utf8');
  const width = WIDTH[datatype];
  if (width === undefined) throw new RangeError(`datatype ${datatype} is not an array type`);
  const out = Buffer.alloc(values.length * width);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  values.forEach((v, i) => writeElement(view, datatype, i * width, v));
  return out;
}

function readElement(view: DataView, datatype: number, at: number): number | bigint {
  switch (datatype) {
    case 22:
      return view.getInt8(at);
    case 23:
      return view.getInt16(at, true);
    case 24:
      return view.getInt32(at, true);
    case 25:
    case 34:
      return view.getBigInt64(at, true);
    case 26:
      return view.getUint8(at);
    case 27:
      return view.getUint16(at, true);
    case 28:
      return view.getUint32(at, true);
    case 29:
      return view.getBigUint64(at, true);
    case 30:
      return view.getFloat32(at, true);
    default:
      return view.getFloat64(at, true);
  }
}

function writeElement(view: DataView, datatype: number, at: number, v: ArrayElement): void {
  switch (datatype) {
    case 22:
    case 26:
      return view.setUint8(at, Number(v) & 0xff);
    case 23:
    case 27:
      return view.setUint16(at, Number(v) & 0xffff, true);
    case 24:
    case 28:
      return view.setUint32(at, Number(v) >>> 0, true);
    case 25:
    case 29:
    case 34:
      return view.setBigUint64(at, BigInt.asUintN(64, BigInt(v)), true);
    case 30:
      return view.setFloat32(at, Number(v), true);
    default:
      return view.setFloat64(at, Number(v), true);
  }
}

function unpackBooleans(bytes: Uint8Array): UnpackResult {
  if (bytes.byteLength < 4) return { ok: false, reason: 'BooleanArray shorter than its 4-byte count' };
  const count = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (bytes.byteLength < 4 + Math.ceil(count / 8)) {
    return {
      ok: false,
      reason: `BooleanArray announces ${count} values but has ${bytes.byteLength - 4} bytes of bits`,
    };
  }
  const value: boolean[] = [];
  for (let i = 0; i < count; i++) value.push(((bytes[4 + (i >> 3)] ?? 0) & (0x80 >> (i & 7))) !== 0);
  return { ok: true, value };
}

function packBooleans(values: readonly boolean[]): Buffer {
  const out = Buffer.alloc(4 + Math.ceil(values.length / 8));
  out.writeUInt32LE(values.length, 0);
  values.forEach((v, i) => {
    if (v) out[4 + (i >> 3)] = (out[4 + (i >> 3)] ?? 0) | (0x80 >> (i & 7));
  });
  return out;
}

function unpackStrings(bytes: Uint8Array): string[] {
  if (bytes.byteLength === 0) return [];
  const parts = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').split('\0');
  // Every string is NUL-terminated, so the split leaves one empty tail; tolerate a missing last NUL.
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}
