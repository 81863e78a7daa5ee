// Integer readings shared by the property typing and the metric values: exact 64-bit reads (protobufjs
// Long, bigint, safe number, JSON decimal string → BigInt, never through a double above 2^53) and
// sign extension by declared width. Which oneof field holds the number is the caller's business.

const DECIMAL = /^-?\d+$/;
const MIN = -(2n ** 63n);
const MAX = 2n ** 64n - 1n;
/** The largest value of a PostgreSQL bigint: uint64 wire values above it cannot be stored as integers. */
export const INT64_MAX = 2n ** 63n - 1n;

/**
 * The integer as BigInt within [-2^63, 2^64-1] (both signed and unsigned readings stay possible;
 * the caller applies BigInt.asIntN/asUintN for the declared type), or undefined if it is not one.
 */
export function toBigInt(v: unknown): bigint | undefined {
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) return undefined;
    n = BigInt(v);
  } else if (typeof v === 'string') {
    if (!DECIMAL.test(v)) return undefined;
    n = BigInt(v);
  } else if (isLong(v)) {
    return BigInt.asUintN(64, (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0));
  } else return undefined;
  return n >= MIN && n <= MAX ? n : undefined;
}

/** protobufjs returns uint64 fields as Long objects ({ low, high, unsigned }) when long.js is present. */
function isLong(v: unknown): v is { low: number; high: number } {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { low?: unknown }).low === 'number' &&
    typeof (v as { high?: unknown }).high === 'number'
  );
}

/** An integer that fits 32 bits either way (uint32 wire value or a signed JSON rendering). */
export function toInt32(v: unknown): number | undefined {
  const n = typeof v === 'string' && DECIMAL.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= -0x80000000 && n <= 0xffffffff ? n : undefined;
}

/**
 * Casts a 32-bit wire value to the declared Sparkplug integer type (1 Int8, 2 Int16, 3 Int32, 5 UInt8,
 * 6 UInt16, 7 UInt32). Width-based sign extension reads Int8 −1 sent as 0xFF or as 0xFFFFFFFF alike.
 */
export function narrowInt(datatype: number, n: number): number {
  switch (datatype) {
    case 1:
      return (n << 24) >> 24;
    case 2:
      return (n << 16) >> 16;
    case 3:
      return n | 0;
    case 5:
      return n & 0xff;
    case 6:
      return n & 0xffff;
    default:
      return n >>> 0;
  }
}
