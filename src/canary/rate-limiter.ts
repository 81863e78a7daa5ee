// At most `perSecond` requests in ANY sliding window of `windowMs` (1000) as Canary counts them: it
// remembers when the last N requests ended and lets the next go only once the N-th most recent ended
// ≥ windowMs ago. Waiters are served in order. Every Canary HTTP request (retries, session calls) takes
// a permit and releases it with its reply; the limiter does not know what the request is.

export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: LimiterClock = {
  now: () => performance.now(), // monotonic: a wall-clock step back must not stall or burst
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RateLimiter {
  /**
   * Resolves with the permit's release when the request may go; call it when the reply is in (or the
   * request failed): until then the permit counts as sent "now". Rejects with the signal's reason if
   * aborted while waiting.
   */
  take(signal?: AbortSignal): Promise<Release>;
  /** Requests waiting for their turn. */
  waiting(): number;
}

export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** One of the N permits: when its last request ended (its latest possible arrival at Canary), or in flight. */
interface Slot {
  endedAt: number;
  inFlight: boolean;
}

/**
 * Why not a token bucket: capacity N refilled at N/s lets N go at t = 0 (full bucket) and N more during
 * the next second, i.e. up to 2N in one sliding second.
 *
 * Why the window counts from each request's END, not its start: Canary counts arrivals, and a request
 * arrives somewhere between leaving here and its reply. A busy event loop or a GC pause can hold a
 * request after its permit, squeezing it towards the next ones; counting from the reply makes the
 * bound hold whatever the delay: a permit is reused only `windowMs` after the reply of its previous
 * request, so no window of `windowMs` at Canary ever holds more than N requests. The cost is one reply
 * time per window (10 ms replies: 99 % of the limit).
 */
export function createRateLimiter(perSecond: number, clock: LimiterClock = systemClock, windowMs = 1000): RateLimiter {
  if (!Number.isInteger(perSecond) || perSecond < 1)
    throw new RangeError(`rate limit must be an integer ≥ 1, got ${perSecond}`);
  const slots: Slot[] = Array.from({ length: perSecond }, () => ({
    endedAt: Number.NEGATIVE_INFINITY,
    inFlight: false,
  }));
  const queue: Waiter[] = [];
  let pumping = false;
  let onRelease: (() => void) | null = null;

  /** The permit free soonest (ended longest ago), or null while all are in flight. */
  const soonest = (): Slot | null => {
    let best: Slot | null = null;
    for (const slot of slots) if (!slot.inFlight && (best === null || slot.endedAt < best.endedAt)) best = slot;
    return best;
  };
  const waitMs = (slot: Slot | null): number =>
    slot ? slot.endedAt + windowMs - clock.now() : Number.POSITIVE_INFINITY;
  const grant = (slot: Slot): Release => {
    slot.inFlight = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      slot.inFlight = false;
      slot.endedAt = clock.now();
      onRelease?.();
    };
  };

  async function pump(): Promise<void> {
    pumping = true;
    try {
      while (queue.length > 0) {
        const slot = soonest();
        if (!slot) {
          // A reply frees a permit, and only then can the wait be known.
          await new Promise<void>((resolve) => (onRelease = resolve));
          onRelease = null;
          continue;
        }
        const wait = waitMs(slot);
        if (wait > 0) {
          await clock.sleep(wait);
          continue;
        }
        const waiter = queue.shift() as Waiter;
        waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.grant(grant(slot));
      }
    } finally {
      pumping = false;
    }
  }

  return {
    take(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const slot = queue.length === 0 ? soonest() : null;
      if (slot && waitMs(slot) <= 0) return Promise.resolve(grant(slot));
      return new Promise<Release>((resolve, reject) => {
        const waiter: Waiter = {
          grant: resolve,
          signal,
          onAbort: () => {
            const i = queue.indexOf(waiter);
            if (i !== -1) queue.splice(i, 1);
            reject(signal?.reason);
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        queue.push(waiter);
        if (!pumping) void pump();
      });
    },
    waiting: () => queue.length,
  };
}
