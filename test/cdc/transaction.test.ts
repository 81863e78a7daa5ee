// The message stream cut into transactions: a result on each commit, `open` in between, and a stream
// out of order is an error (never a silently merged or split transaction).

import { describe, expect, it } from 'vitest';
import { TransactionStream } from '../../src/cdc/transaction.js';
import type { PgoutputMessage } from '../../src/cdc/pgoutput.js';

const properties = { schema: 'uns_meta', name: 'metric_properties' };
const row = (key: string) => ({ metric_id: '5', key, type: 'int', value_int: 1, value_long: null, value_float: null, value_double: null, value_string: null, value_bool: null });
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
    const first = s.push(commit('0/100'));
    expect(s.open).toBe(false);
    expect(first?.commitLsn).toBe('0/100');
    expect([...(first?.changes[0]?.changes.keys() ?? [])]).toEqual(['a']);
    s.push(begin('0/200'));
    s.push(ins('b'));
    const second = s.push(commit('0/200'));
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
    expect(s.push(commit('0/1'))?.changes).toHaveLength(0);
  });
});
