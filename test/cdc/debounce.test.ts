// Debounce per metric on a fake clock (quiet window, max window, merge rules) and the acknowledgement
// rule: a transaction's commit LSN is confirmed only once every entry it fed is released to the outbox.

import { describe, expect, it } from 'vitest';
import { Debouncer } from '../../src/cdc/debounce.js';
import type { MetricChange } from '../../src/cdc/changes.js';
import type { PropertyValue } from '../../src/sparkplug/birth.js';

function setup(quietMs = 180_000, maxMs = 600_000) {
  const clock = { now: 0 };
  const d = new Debouncer({ quietMs, maxMs, clock: () => clock.now });
  return { d, clock };
}
const int = (value: number): PropertyValue => ({ type: 'int', value });
function change(
  metricId: number,
  lsn: string,
  props: Record<string, PropertyValue | null>,
  extra: Partial<MetricChange> = {},
): MetricChange {
  return {
    metricId: BigInt(metricId),
    canaryId: null,
    resync: false,
    lsn,
    changes: new Map(Object.entries(props).map(([k, value]) => [k, { value }])),
    ...extra,
  };
}
/** One transaction: its changes, then its commit. */
function tx(d: Debouncer, lsn: string, ...changes: MetricChange[]) {
  for (const c of changes) d.add(c);
  d.committed(lsn);
}
const keys = (e: { changes: Map<string, { value: PropertyValue | null }> }) =>
  Object.fromEntries([...e.changes].map(([k, v]) => [k, v.value]));

describe('debounce windows', () => {
  it('flushes a metric once it has been quiet for quietMs, not before', () => {
    const { d, clock } = setup();
    tx(d, '0/100', change(1, '0/100', { a: int(1) }));
    clock.now = 179_999;
    expect(d.due()).toEqual([]);
    expect(d.nextDueAt()).toBe(180_000);
    expect(d.due(180_000)).toHaveLength(1);
  });

  it('a change restarts the quiet window; maxMs after the first change flushes anyway', () => {
    const { d, clock } = setup();
    for (let t = 0; t <= 600_000; t += 100_000) {
      clock.now = t;
      tx(d, `0/${(t / 1000 + 1).toString(16)}`, change(1, `0/${(t / 1000 + 1).toString(16)}`, { a: int(t) }));
      if (t < 600_000) expect(d.due()).toEqual([]);
    }
    const [e] = d.due();
    expect(e).toMatchObject({ metricId: 1n, firstAt: 0, lastAt: 600_000, firstLsn: '0/1', lastLsn: '0/259' });
    expect(keys(e!)).toEqual({ a: int(600_000) });
  });

  it('metrics are independent: only the quiet one flushes', () => {
    const { d, clock } = setup(1000, 5000);
    tx(d, '0/100', change(1, '0/100', { a: int(1) }), change(2, '0/100', { a: int(1) }));
    clock.now = 900;
    tx(d, '0/200', change(2, '0/200', { b: int(2) }));
    expect(d.due(1000).map((e) => e.metricId)).toEqual([1n]);
    expect(d.pending()).toBe(2);
    expect(d.due(1900).map((e) => e.metricId)).toEqual([2n]);
  });
});

describe('merging', () => {
  it('a later value of a key wins, a removal is kept as null, first and last LSN span the transactions', () => {
    const { d } = setup(0);
    tx(d, '0/100', change(1, '0/100', { a: int(1), b: int(1) }));
    tx(d, '0/200', change(1, '0/200', { a: int(2), c: null }));
    tx(d, '0/300', change(1, '0/300', { b: null }));
    const [e] = d.due();
    expect(keys(e!)).toEqual({ a: int(2), b: null, c: null });
    expect(e).toMatchObject({ firstLsn: '0/100', lastLsn: '0/300' });
  });

  it('keeps the latest known Canary id and any resync request', () => {
    const { d } = setup(0);
    tx(d, '0/100', change(1, '0/100', { a: int(1) }, { canaryId: 'S.P.T1' }));
    tx(d, '0/200', change(1, '0/200', {}, { canaryId: 'S.P.T2', resync: true }));
    tx(d, '0/300', change(1, '0/300', { a: int(3) }));
    expect(d.due()[0]).toMatchObject({ canaryId: 'S.P.T2', resync: true });
  });

  it('does not share state with the change it was given', () => {
    const { d } = setup(0);
    const c = change(1, '0/100', { a: int(1) });
    tx(d, '0/100', c);
    tx(d, '0/200', change(1, '0/200', { a: int(2) }));
    expect(c.changes.get('a')?.value).toEqual(int(1));
  });

  it('a change arriving while its metric is in flight starts a new entry', () => {
    const { d } = setup(0);
    tx(d, '0/100', change(1, '0/100', { a: int(1) }));
    const first = d.due();
    tx(d, '0/200', change(1, '0/200', { a: int(2) }));
    expect(d.pending()).toBe(2);
    const second = d.due();
    expect([keys(first[0]!), keys(second[0]!)]).toEqual([{ a: int(1) }, { a: int(2) }]);
  });
});

describe('safeLsn (the position that may be acknowledged)', () => {
  it('is null before anything was processed', () => {
    expect(setup().d.safeLsn()).toBeNull();
  });

  it('with nothing pending: the last processed commit LSN', () => {
    const { d } = setup(0);
    tx(d, '0/100');
    expect(d.safeLsn()).toBe('0/100');
  });

  it('holds at one below the oldest pending transaction until its entries are in the outbox', () => {
    const { d } = setup(0);
    tx(d, '0/100', change(1, '0/100', { a: int(1) }));
    tx(d, '0/200', change(2, '0/200', { a: int(1) }));
    expect(d.safeLsn()).toBe('0/FF');
    const batch = d.due();
    // Taken for the outbox but not committed there yet: still held.
    expect(d.safeLsn()).toBe('0/FF');
    d.release(batch);
    expect(d.safeLsn()).toBe('0/200');
  });

  it('a transaction that fed several metrics is confirmed only when the last of them is released', () => {
    const { d, clock } = setup(1000);
    tx(d, '0/100', change(1, '0/100', { a: int(1) }), change(2, '0/100', { a: int(1) }));
    clock.now = 500;
    tx(d, '0/200', change(2, '0/200', { b: int(1) }));
    d.release(d.due(1000)); // metric 1 only
    expect(d.safeLsn()).toBe('0/FF');
    d.release(d.due(1500));
    expect(d.safeLsn()).toBe('0/200');
  });

  it('a metric merged across transactions holds at its FIRST transaction', () => {
    const { d, clock } = setup(1000);
    tx(d, '0/100', change(1, '0/100', { a: int(1) }));
    clock.now = 900;
    tx(d, '0/300', change(1, '0/300', { a: int(2) }));
    tx(d, '0/400', change(2, '0/400', { a: int(2) }));
    expect(d.safeLsn()).toBe('0/FF');
  });

  it('keepalives advance it to one below their position, only as far as pending entries allow', () => {
    const { d } = setup(0);
    d.keepalive('0/1DE9678');
    expect(d.safeLsn()).toBe('0/1DE9677');
    tx(d, '0/1DEA000', change(1, '0/1DEA000', { a: int(1) }));
    d.keepalive('0/1DEB000');
    expect(d.safeLsn()).toBe('0/1DE9FFF');
    d.release(d.due());
    expect(d.safeLsn()).toBe('0/1DEAFFF');
    d.keepalive('0/0');
    d.keepalive('0/10');
    expect(d.safeLsn()).toBe('0/1DEAFFF');
  });

  it('drain hands over everything at shutdown', () => {
    const { d } = setup();
    tx(d, '0/100', change(1, '0/100', { a: int(1) }), change(2, '0/100', { a: int(1) }));
    const all = d.drain();
    expect(all.map((e) => e.metricId)).toEqual([1n, 2n]);
    expect(d.nextDueAt()).toBeNull();
    d.release(all);
    expect([d.pending(), d.safeLsn()]).toEqual([0, '0/100']);
  });
});
