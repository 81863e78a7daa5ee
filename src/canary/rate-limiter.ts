// At most `perSecond` acquisitions in ANY sliding window of `windowMs` (1000): it remembers the last N grant
// times and grants the next only once the N-th most recent is ≥ windowMs old. Waiters are served in order.
// Every Canary HTTP request (retries, session calls) takes one; it does not know what the request is.

export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: LimiterClock = {
  now: () => performance.now(), // monotonic: a wall-clock step back must not stall or burst
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The window the Canary client uses: 5 % longer than a second. Grants are spaced by the client's clock,
 * but Canary counts arrivals, and a request that leaves late (a busy event loop, a GC pause) squeezes
 * the gap to the next one; the margin keeps Canary's own count within the limit and still sustains
 * over 95 % of it.
 */
export const CANARY_WINDOW_MS = 1050;

export interface RateLimiter {
  /** Resolves when the request may go; rejects with the signal's reason if aborted while waiting. */
  take(signal?: AbortSignal): Promise<void>;
  /** Requests waiting for their turn. */
  waiting(): number;
}

interface Waiter {
  grant: () => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * Why not a token bucket: capacity N refilled at N/s lets N go at t = 0 (full bucket) and N more during
 * the next second, i.e. up to 2N in one sliding second. Here any N+1 grants span ≥ windowMs, so a
 * half-open window [s, s + windowMs) never holds more than N.
 */
export function createRateLimiter(perSecond: number, clock: LimiterClock = systemClock, windowMs = 1000): RateLimiter {
  if (!Number.isInteger(perSecond) || perSecond < 1) throw new RangeError(`rate limit must be an integer ≥ 1, got ${perSecond}`);
  const grants: number[] = new Array<number>(perSecond).fill(Number.NEGATIVE_INFINITY); // ring of the last N grant times
  let oldest = 0; // index of the N-th most recent grant
  const queue: Waiter[] = [];
  let pumping = false;

  const waitMs = (): number => grants[oldest] as number + windowMs - clock.now();
  const grantNow = (): void => {
    grants[oldest] = clock.now();
    oldest = (oldest + 1) % perSecond;
  };

  async function pump(): Promise<void> {
    pumping = true;
    try {
      while (queue.length > 0) {
        const wait = waitMs();
        if (wait > 0) {
          await clock.sleep(wait);
          continue;
        }
        const waiter = queue.shift() as Waiter;
        waiter.signal?.removeEventListener('abort', waiter.onAbort);
        grantNow();
        waiter.grant();
      }
    } finally {
      pumping = false;
    }
  }

  return {
    take(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (queue.length === 0 && waitMs() <= 0) {
        grantNow();
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
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
