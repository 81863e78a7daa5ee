// A clock and timers that move only when a test says so (the scheduler's `timers` dep): time is fake,
// everything else (PostgreSQL, the broker) stays real. Timers fire in due order as the clock passes them.

import type { Timers } from '../../src/ops/alerts.js';

export interface ManualClock extends Timers {
  /** Moves the clock to `to`, firing every timer due on the way, each at its own due time. */
  advanceTo(to: Date): void;
  /** Timers not yet fired, soonest first. */
  pending(): Date[];
}

export function manualClock(start: Date): ManualClock {
  let now = start.getTime();
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const soonest = () => [...timers.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
  return {
    now: () => new Date(now),
    setTimeout: (fn, ms) => {
      timers.set(++seq, { at: now + Math.max(0, ms), fn });
      return seq;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    advanceTo(to) {
      for (let next = soonest(); next && next[1].at <= to.getTime(); next = soonest()) {
        timers.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].fn();
      }
      now = Math.max(now, to.getTime());
    },
    pending: () => [...timers.values()].map((t) => new Date(t.at)).sort((a, b) => a.getTime() - b.getTime()),
  };
}
