// Splits tag writes into storeData requests of ≤ maxTags tags and ≤ maxBytes of serialized JSON body, the
// session token counted at its longest expected length. Pure, deterministic, order-preserving; it never
// drops a write: one that is too large on its own comes back in `tooLarge` (dead-letter: payload_too_large).

import type { PropertyEntry } from './entries.js';

export interface BatchLimits {
  maxTags: number;
  maxBytes: number;
  /** Longest session token the measurement allows for (ASCII). Default 64; Canary's look like 19–36 chars. */
  sessionTokenLength?: number;
}

export interface Batchable {
  tag: string;
  entries: readonly PropertyEntry[];
}

export interface BatchPlan<W extends Batchable> {
  batches: W[][];
  tooLarge: Array<{ write: W; bytes: number }>;
}

export const DEFAULT_SESSION_TOKEN_LENGTH = 64;

/** The storeData body exactly as it is sent: the only serializer, so what was measured is what goes out. */
export function storeDataBody(sessionToken: string, writes: readonly Batchable[]): string {
  const properties: Record<string, readonly PropertyEntry[]> = Object.create(null) as Record<string, never>;
  // defineProperty: a tag named `__proto__` is a key like any other.
  for (const w of writes) Object.defineProperty(properties, w.tag, { value: w.entries, enumerable: true });
  return JSON.stringify({ sessionToken, properties });
}

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Bytes one write adds inside `properties`: `"tag":[…]` (plus a comma when it is not the first). */
export function writeBytes(write: Batchable): number {
  return utf8(JSON.stringify(write.tag)) + 1 + utf8(JSON.stringify(write.entries));
}

/** Bytes of a body with no writes, `{"sessionToken":"…","properties":{}}`. */
export function emptyBodyBytes(sessionTokenLength = DEFAULT_SESSION_TOKEN_LENGTH): number {
  return utf8(storeDataBody('x'.repeat(sessionTokenLength), []));
}

/**
 * Greedy in input order: a write joins the current request while the request stays within both limits
 * and does not already hold its tag (two writes for one tag never share a request); otherwise the
 * request is closed and a new one starts.
 */
export function planBatches<W extends Batchable>(writes: readonly W[], limits: BatchLimits): BatchPlan<W> {
  if (!(limits.maxTags >= 1)) throw new RangeError(`planBatches: maxTags must be ≥ 1, got ${limits.maxTags}`);
  const base = emptyBodyBytes(limits.sessionTokenLength);
  const plan: BatchPlan<W> = { batches: [], tooLarge: [] };
  let current: W[] = [];
  let tags = new Set<string>();
  let bytes = base;
  for (const write of writes) {
    const size = writeBytes(write);
    if (base + size > limits.maxBytes) {
      plan.tooLarge.push({ write, bytes: base + size });
      continue;
    }
    const added = current.length === 0 ? size : size + 1;
    if (current.length >= limits.maxTags || bytes + added > limits.maxBytes || tags.has(write.tag)) {
      plan.batches.push(current);
      current = [];
      tags = new Set();
      bytes = base;
    }
    bytes += current.length === 0 ? size : size + 1;
    current.push(write);
    tags.add(write.tag);
  }
  if (current.length > 0) plan.batches.push(current);
  return plan;
}
