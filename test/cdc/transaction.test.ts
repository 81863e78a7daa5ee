// The message stream cut into transactions: a result on each commit, `open` in between, and a stream
// out of order is an error (never a silently merged or split transaction).

import { describe, expect, it } from 'vitest';
import { TransactionStream, type StreamEvent } from '../../src/cdc/transaction.js';
import type { TransactionResult } from '../../src/cdc/changes.js';
import type { PgoutputMessage } from '../../src/cdc/pgoutput.js';

const properties = { schema: 'uns_meta', name: 'metric_properties' };
const row = (key: string) => ({
  metric_id: '5',
  key,
  type: 'int',
  value_int: 1,
  value_long: null,
  value_float: null,
  value_double: null,
  value_string: null,
  value_bool: null,
});
const begin = (lsn: string): PgoutputMessage => ({ tag: 'begin', commitLsn: lsn, xid: 1 });
const commit = (lsn: string): PgoutputMessage => ({ tag: 'commit', commitLsn: lsn, commitEndLsn: lsn });
const ins = (key: string): PgoutputMessage => ({ tag: 'insert', relation: properties, new: row(key) });

describe('TransactionStream', () => {
  it('yields each transaction on its commit and is open only in between', () => {
    const s = new TransactionStream();
    expect(s.open).toBe(false);
    expect(s.push(begin('0/100'))).toBeNull();
    expect(s.open).toBe(true);
    expect(s.push({ tag: 'relation' })).toBeNull();
    expect(s.push(ins('a'))).toBeNull();
    const first = tx(s.push(commit('0/100')));
    expect(s.open).toBe(false);
    expect(first?.commitLsn).toBe('0/100');
    expect([...(first?.changes[0]?.changes.keys() ?? [])]).toEqual(['a']);
    s.push(begin('0/200'));
    s.push(ins('b'));
    const second = tx(s.push(commit('0/200')));
    // Nothing of the first transaction leaks into the second.
    expect([...(second?.changes[0]?.changes.keys() ?? [])]).toEqual(['b']);
  });

  it.each([
    ['a row outside a transaction', [ins('a')], /a insert outside a transaction/],
    ['a commit without begin', [commit('0/1')], /a commit without its begin/],
    ['a nested begin', [begin('0/1'), begin('0/2')], /a begin inside an open transaction/],
  ])('refuses %s', (_what, messages, error) => {
    const s = new TransactionStream();
    expect(() => messages.forEach((m) => s.push(m))).toThrow(error);
  });

  it('reset drops a half-read transaction (the server resends it whole)', () => {
    const s = new TransactionStream();
    s.push(begin('0/1'));
    s.push(ins('a'));
    s.reset();
    expect(s.open).toBe(false);
    s.push(begin('0/1'));
    expect(tx(s.push(commit('0/1')))?.changes).toHaveLength(0);
  });

  it('cuts a big transaction into chunks at fixed row counts, each under the commit LSN its begin announced', () => {
    const s = new TransactionStream('uns_meta', 3);
    const events = [begin('0/900'), ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(ins), commit('0/900')]
      .map((m) => s.push(m))
      .filter((e) => e !== null);
    expect(events.map((e) => e.kind)).toEqual(['chunk', 'chunk', 'commit']);
    expect(events.map((e) => e.tx.commitLsn)).toEqual(['0/900', '0/900', '0/900']);
    // Each part carries only its own keys: nothing is held from one chunk to the next.
    expect(events.map((e) => [...(e.tx.changes[0]?.changes.keys() ?? [])])).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
      ['g'],
    ]);
    expect(events[2]).toMatchObject({ kind: 'commit', chunked: true });
    // A small transaction after it is whole again.
    const small = [begin('0/A00'), ins('x'), commit('0/A00')].map((m) => s.push(m)).filter((e) => e !== null);
    expect(small).toMatchObject([{ kind: 'commit', chunked: false }]);
  });
});

function tx(ev: StreamEvent | null): TransactionResult | undefined {
  return ev?.kind === 'commit' ? ev.tx : undefined;
}
