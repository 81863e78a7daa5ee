// Which of two births of one device is newer: payload timestamp first, then seq. A birth without a
// timestamp cannot be ordered and is treated as the newest (it was received last). Pure.

import type { BirthHeader } from './birth.js';

/** True when `a` is strictly older than `b`. */
export function isOlder(a: BirthHeader, b: BirthHeader): boolean {
  if (a.timestamp === null || b.timestamp === null) return false;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.seq !== null && b.seq !== null && a.seq < b.seq;
}
