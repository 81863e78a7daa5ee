// A manual clock for the Canary writer's pure parts: now() and sleep() that only move when the test says.
// It lets pending promise callbacks run between timers; it does not touch the global timers.

import type { LimiterClock } from '../../src/canary/rate-limiter.js';

export class FakeClock implements LimiterClock {
  private t: number;
  private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
  private seq = 0;

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve }));
  }

  /** Moves time forward to now + ms, firing due sleeps in time order and letting their callbacks run. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    await settle();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (next === undefined || next.at > target) break;
      this.timers.shift();
      this.t = next.at;
      next.resolve();
      await settle();
    }
    this.t = target;
    await settle();
  }
}

/** Lets every queued promise callback run (a macrotask turn of the real event loop). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
