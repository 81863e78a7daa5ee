// The limiter never lets Canary count more than N requests in ANY sliding 1000 ms window, wherever
// between leaving and its reply a request arrives; serves waiters in order; and is not more conservative
// than that (N per second go through when replies are instant).
import { describe, expect, it } from 'vitest';
import { createRateLimiter, type Release } from '../../src/canary/rate-limiter.js';
import { seededRandom } from '../../src/seeded-random.js';
import { FakeClock, settle } from './fake-clock.js';

/** The most grants in any half-open window [s, s + windowMs): checking windows that start at a grant suffices. */
function maxInAnyWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && (sorted[j] as number) < (sorted[i] as number) + windowMs) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

describe('maxInAnyWindow (the checker itself)', () => {
  it('sees the 2N a token bucket of capacity N refilled at N/s allows', () => {
    const n = 5;
    // Full bucket: N at t=0; refill one token every 200 ms → four more before t=1000, one at 1000.
    const bucket = [0, 0, 0, 0, 0, 200, 400, 600, 800, 1000];
    expect(maxInAnyWindow(bucket)).toBe(2 * n - 1);
    expect(maxInAnyWindow([0, 999])).toBe(2);
    expect(maxInAnyWindow([0, 1000])).toBe(1);
  });
});

describe('rate limiter', () => {
  it('a burst of 3N+2 at once goes out as N per second, at 0, 1000, 2000, 3000 ms', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter(5, clock);
    const times: number[] = [];
    const all = Array.from({ length: 17 }, () =>
      limiter.take().then((release) => (release(), times.push(clock.now()))),
    );
    await clock.advance(5_000);
    await Promise.all(all);
    expect(times).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000, 2000, 2000, 2000, 3000, 3000]);
    expect(maxInAnyWindow(times)).toBe(5);
  });

  it('grants at once while under the limit (no clock movement needed)', async () => {
    const clock = new FakeClock(10_000);
    const limiter = createRateLimiter(3, clock);
    let granted = 0;
    for (let i = 0; i < 3; i++) void limiter.take().then((release) => (release(), granted++));
    await settle();
    expect(granted).toBe(3);
    void limiter.take().then((release) => (release(), granted++));
    await settle();
    expect(granted).toBe(3);
    expect(limiter.waiting()).toBe(1);
    await clock.advance(999);
    expect(granted).toBe(3);
    await clock.advance(1);
    expect(granted).toBe(4);
  });

  it('the window counts from the reply: a request still in flight holds its permit', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter(2, clock);
    const slow = await limiter.take(); // sent at 0, replied to at 1300
    (await limiter.take())(); // sent and replied to at 0
    const times: number[] = [];
    let third: Release | undefined;
    void limiter.take().then((release) => ((third = release), times.push(clock.now())));
    const fourth = limiter.take().then((release) => (release(), times.push(clock.now())));
    await clock.advance(1_000);
    expect(times).toEqual([1000]); // the instant one's permit, a window after its reply
    await clock.advance(300);
    slow();
    await clock.advance(200);
    third?.(); // at 1500: its permit is free at 2500, the slow one's at 2300
    await clock.advance(799);
    expect(times).toEqual([1000]);
    await clock.advance(1);
    await fourth;
    expect(times).toEqual([1000, 2300]);
  });

  // Random arrival patterns (bursts, trickles, pauses), random reply times, random clock steps. Each
  // request reaches Canary at a random moment between its permit and its reply: the bound holds in
  // every window as Canary counts, everyone is served, in arrival order.
  it.each([
    [1, 11],
    [3, 12],
    [10, 13],
    [50, 14],
    [500, 15],
  ])('N=%i (seed %i): no sliding second at Canary ever holds more than N, FIFO, nobody starves', async (n, seed) => {
    const random = seededRandom(seed);
    const clock = new FakeClock(random.int(1_000_000));
    const limiter = createRateLimiter(n, clock);
    const grants: Array<{ id: number; at: number }> = [];
    const arrivals: number[] = [];
    const taken: Array<Promise<void>> = [];
    let id = 0;
    for (let step = 0; step < 300; step++) {
      const burst = random.next() < 0.1 ? random.int(3 * n + 2) : random.int(3);
      for (let i = 0; i < burst; i++) {
        const mine = id++;
        taken.push(
          limiter.take().then(async (release) => {
            const at = clock.now();
            grants.push({ id: mine, at });
            const replyMs = random.int(4) === 0 ? random.int(400) : random.int(20);
            arrivals.push(at + random.next() * replyMs);
            await clock.sleep(replyMs);
            release();
          }),
        );
      }
      await clock.advance(random.int(4) === 0 ? random.int(1500) : random.int(40));
    }
    for (let i = 0; i < 2 * Math.ceil(id / n) + 4 && grants.length < id; i++) await clock.advance(1_000);
    await clock.advance(1_000);
    await Promise.all(taken);
    expect(grants).toHaveLength(id);
    expect(grants.map((g) => g.id)).toEqual([...grants.map((g) => g.id)].sort((a, b) => a - b));
    expect(maxInAnyWindow(arrivals)).toBeLessThanOrEqual(n);
  });

  it('an aborted waiter leaves the queue and takes no slot; the next one goes at the same time', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter(1, clock);
    (await limiter.take())();
    const ctrl = new AbortController();
    const aborted = limiter.take(ctrl.signal);
    const times: number[] = [];
    const next = limiter.take().then((release) => (release(), times.push(clock.now())));
    await clock.advance(300);
    ctrl.abort(new Error('shutdown'));
    await expect(aborted).rejects.toThrow('shutdown');
    await clock.advance(700);
    await next;
    expect(times).toEqual([1000]);
    expect(limiter.waiting()).toBe(0);
  });

  it('an already aborted signal is refused without waiting', async () => {
    const limiter = createRateLimiter(1, new FakeClock());
    await expect(limiter.take(AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    await expect(limiter.take()).resolves.toBeTypeOf('function');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a limit of %s', (n) => {
    expect(() => createRateLimiter(n, new FakeClock())).toThrow(RangeError);
  });
});
