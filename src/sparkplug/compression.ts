// The Sparkplug compressed wrapper (uuid SPBV1.0_COMPRESSED, body, `algorithm` metric): inflating a
// body under a hard output cap (zip bombs are rejected, never buffered whole) and, for tests, building one.
// Finding the wrapper's fields in a payload is payload.ts's job.
import { constants as bufferConstants } from 'node:buffer';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { AppError } from '../errors.js';
import { encodePayload } from './encoder.js';

export const COMPRESSED_UUID = 'SPBV1.0_COMPRESSED';
export const DEFAULT_MAX_INFLATED_BYTES = 512 * 1024 * 1024;

export type Algorithm = 'GZIP' | 'DEFLATE';
export type InflateResult = { ok: true; buf: Buffer } | { ok: false; reason: string };

/** Inflates a wrapper body; `algorithm` is the wrapper's metric value (absent means DEFLATE, per Tahu). */
export function inflateBody(body: Uint8Array, algorithm: string | null, maxBytes: number): InflateResult {
  const algo = algorithmOf(algorithm);
  if (!algo.ok) return algo;
  const opts = { maxOutputLength: cap(maxBytes) };
  try {
    if (algo.name === 'GZIP') return { ok: true, buf: zlib.gunzipSync(body, opts) };
    try {
      return { ok: true, buf: zlib.inflateSync(body, opts) };
    } catch (err) {
      // Some producers write raw DEFLATE (no zlib header); only a header/data error earns the retry.
      if (isTooLarge(err)) throw err;
      return { ok: true, buf: zlib.inflateRawSync(body, opts) };
    }
  } catch (err) {
    return failed(algo.name, err, opts.maxOutputLength);
  }
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);

/**
 * inflateBody in libuv's thread pool: a body that inflates to hundreds of MB (or a zip bomb up to the
 * cap) does not hold the event loop, so the broker connection, timers and /healthz go on meanwhile.
 */
export async function inflateBodyAsync(
  body: Uint8Array,
  algorithm: string | null,
  maxBytes: number,
): Promise<InflateResult> {
  const algo = algorithmOf(algorithm);
  if (!algo.ok) return algo;
  const opts = { maxOutputLength: cap(maxBytes) };
  try {
    if (algo.name === 'GZIP') return { ok: true, buf: await gunzip(body, opts) };
    try {
      return { ok: true, buf: await inflate(body, opts) };
    } catch (err) {
      if (isTooLarge(err)) throw err;
      return { ok: true, buf: await inflateRaw(body, opts) };
    }
  } catch (err) {
    return failed(algo.name, err, opts.maxOutputLength);
  }
}

function algorithmOf(algorithm: string | null): { ok: true; name: Algorithm } | { ok: false; reason: string } {
  const name = (algorithm ?? 'DEFLATE').toUpperCase();
  return name === 'GZIP' || name === 'DEFLATE'
    ? { ok: true, name }
    : { ok: false, reason: `unknown compression algorithm '${algorithm}'` };
}

function failed(algo: Algorithm, err: unknown, max: number): InflateResult {
  if (isTooLarge(err))
    return {
      ok: false,
      reason: `${algo} body inflates beyond ${max} bytes (maxInflatedBytes); rejected as a possible zip bomb`,
    };
  return { ok: false, reason: `${algo} body does not inflate: ${(err as Error).message}` };
}

/** Wraps an encoded payload the way Tahu does: uuid, compressed body and an `algorithm` String metric. */
export function compressPayload(buf: Uint8Array, algorithm: Algorithm): Buffer {
  const body = algorithm === 'GZIP' ? zlib.gzipSync(buf) : zlib.deflateSync(buf);
  return encodePayload({
    uuid: COMPRESSED_UUID,
    body,
    metrics: [{ name: 'algorithm', datatype: 'String', value: algorithm }],
  });
}

function cap(maxBytes: number): number {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new AppError('usage', `maxInflatedBytes must be a positive integer, got ${maxBytes}`);
  }
  return Math.min(maxBytes, bufferConstants.MAX_LENGTH);
}

function isTooLarge(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
}
