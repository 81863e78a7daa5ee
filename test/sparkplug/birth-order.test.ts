import { describe, expect, it } from 'vitest';
import { aheadOfClock, guardHolds, isOlder, orderingHeader } from '../../src/sparkplug/birth-order.js';

const NOW = 1_796_000_000_000; // ms, 2026-12
const SKEW = 300_000;
const YEAR_2100 = 4_102_444_800_000n;

describe('birth ordering and the clock-skew clamp', () => {
  it('orders by timestamp, then seq; a birth without a timestamp is never older', () => {
    expect(isOlder({ timestamp: 1n, seq: 9n }, { timestamp: 2n, seq: 0n })).toBe(true);
    expect(isOlder({ timestamp: 2n, seq: 1n }, { timestamp: 2n, seq: 2n })).toBe(true);
    expect(isOlder({ timestamp: 2n, seq: 2n }, { timestamp: 2n, seq: 2n })).toBe(false);
    expect(isOlder({ timestamp: null, seq: 0n }, { timestamp: 2n, seq: 2n })).toBe(false);
  });

  it('a timestamp more than the skew ahead of the clock is replaced by the receive time, seq kept', () => {
    expect(orderingHeader({ timestamp: YEAR_2100, seq: 7n }, NOW, SKEW)).toEqual({
      header: { timestamp: BigInt(NOW), seq: 7n },
      clamped: true,
    });
    // At the limit and below it the edge's own timestamp stands (clocks a little ahead are normal).
    const atLimit = { timestamp: BigInt(NOW + SKEW), seq: 1n };
    expect(orderingHeader(atLimit, NOW, SKEW)).toEqual({ header: atLimit, clamped: false });
    expect(orderingHeader({ timestamp: BigInt(NOW + SKEW + 1), seq: 1n }, NOW, SKEW).clamped).toBe(true);
    expect(orderingHeader({ timestamp: null, seq: 1n }, NOW, SKEW).clamped).toBe(false);
    expect(aheadOfClock(BigInt(NOW - 3_600_000), NOW, SKEW)).toBe(false);
  });

  it('a stored guard from a clock far ahead orders nothing; one within the skew still does', () => {
    expect(guardHolds({ timestamp: YEAR_2100, seq: 0n }, NOW, SKEW)).toBe(false);
    expect(guardHolds({ timestamp: BigInt(NOW + 60_000), seq: 0n }, NOW, SKEW)).toBe(true);
    expect(guardHolds({ timestamp: null, seq: null }, NOW, SKEW)).toBe(true);
  });
});
