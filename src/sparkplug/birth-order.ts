// Which of two births of one device is newer: payload timestamp first, then seq. A birth without a
// timestamp cannot be ordered and is treated as the newest (it was received last). And the clock-skew
// clamp: an edge clock far ahead of the host's must not freeze a device. Pure.

import type { BirthHeader } from './birth.js';

/** True when `a` is strictly older than `b`. */
export function isOlder(a: BirthHeader, b: BirthHeader): boolean {
  if (a.timestamp === null || b.timestamp === null) return false;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.seq !== null && b.seq !== null && a.seq < b.seq;
}

/** Default of INGEST_MAX_CLOCK_SKEW_SECONDS. */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 300_000;

/** True when a payload timestamp (ms) is more than `maxSkewMs` ahead of the host's clock. */
export function aheadOfClock(timestamp: bigint | null, nowMs: number, maxSkewMs: number): boolean {
  return timestamp !== null && timestamp > BigInt(Math.floor(nowMs)) + BigInt(Math.floor(maxSkewMs));
}

/**
 * The header a birth is ordered by: its own, or, when its timestamp is too far ahead of the host's clock,
 * the time it was received (seq kept). Without this, one birth stamped in the year 2100 would make every
 * correct later birth look older until 2100.
 */
export function orderingHeader(
  header: BirthHeader,
  receivedAtMs: number,
  maxSkewMs: number,
): { header: BirthHeader; clamped: boolean } {
  if (!aheadOfClock(header.timestamp, receivedAtMs, maxSkewMs)) return { header, clamped: false };
  return { header: { timestamp: BigInt(Math.floor(receivedAtMs)), seq: header.seq }, clamped: true };
}

/**
 * Whether a stored guard (the newest applied or received birth) still orders new births: one stamped
 * too far ahead of the clock (kept before the clamp existed, or by a host with a wrong clock) does not.
 */
export function guardHolds(stored: BirthHeader, nowMs: number, maxSkewMs: number): boolean {
  return !aheadOfClock(stored.timestamp, nowMs, maxSkewMs);
}
