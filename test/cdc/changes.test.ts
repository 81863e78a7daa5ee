// Row messages of one transaction → property-level changes per metric, on hand-built messages shaped
// like pg-logical-replication's PgoutputPlugin output (int8 as decimal text, as its default parser gives).
// The same rules on real server bytes: pgoutput-capture.test.ts and pgoutput-fixture.test.ts.

import { describe, expect, it } from 'vitest';
import { transactionChanges, type MetricChange } from '../../src/cdc/changes.js';
import type { PgoutputMessage, Row } from '../../src/cdc/pgoutput.js';
import { BIRTH_MESSAGE_PREFIX } from '../../src/store/birth-message.js';
import type { PropertyValue } from '../../src/sparkplug/birth.js';

const metrics = { schema: 'uns_meta', name: 'metrics' };
const properties = { schema: 'uns_meta', name: 'metric_properties' };
const COLUMN = {
  int: 'value_int',
  long: 'value_long',
  float: 'value_float',
  double: 'value_double',
  string: 'value_string',
  boolean: 'value_bool',
} as const;

function propRow(metricId: number, key: string, type: PropertyValue['type'], value: unknown): Row {
  const row: Record<string, unknown> = { metric_id: String(metricId), key, type, updated_at: new Date(0) };
  for (const [t, c] of Object.entries(COLUMN)) row[c] = t === type ? value : null;
  return row;
}
function metricRow(metricId: number, path: string, retired = false): Row {
  return {
    metric_id: String(metricId),
    device_id: '1',
    name: path.split('/').at(-1),
    uns_path: path,
    datatype: 'Float',
    alias: null,
    retired_at: retired ? new Date(0) : null,
  };
}
const insert = (relation: typeof metrics, row: Row): PgoutputMessage => ({ tag: 'insert', relation, new: row });
const update = (relation: typeof metrics, row: Row, extra: { key?: Row; old?: Row } = {}): PgoutputMessage => ({
  tag: 'update',
  relation,
  key: extra.key ?? null,
  old: extra.old ?? null,
  new: row,
});
const del = (relation: typeof metrics, key: Row | null, old: Row | null = null): PgoutputMessage => ({
  tag: 'delete',
  relation,
  key,
  old,
});

const run = (...messages: PgoutputMessage[]) => transactionChanges(messages, '00000000/01DE94D0');
const values = (c: MetricChange | undefined) =>
  Object.fromEntries([...(c?.changes ?? [])].map(([k, v]) => [k, v.value]));

describe('property rows', () => {
  it('types every value from the type column and its value_* column; int8 stays exact beyond 2^53', () => {
    const r = run(
      insert(properties, propRow(7, 'i', 'int', -5)),
      insert(properties, propRow(7, 'big', 'long', '9007199254740993')),
      insert(properties, propRow(7, 'min', 'long', '-9223372036854775808')),
      insert(properties, propRow(7, 'f', 'float', 0.1)),
      insert(properties, propRow(7, 'd', 'double', NaN)),
      insert(properties, propRow(7, 's', 'string', 'kiln °C')),
      insert(properties, propRow(7, 'b', 'boolean', false)),
    );
    expect(r.commitLsn).toBe('0/1DE94D0');
    expect(r.changes).toEqual([
      { metricId: 7n, canaryId: null, resync: false, lsn: '0/1DE94D0', changes: expect.any(Map) },
    ]);
    expect(values(r.changes[0])).toEqual({
      i: { type: 'int', value: -5 },
      big: { type: 'long', value: 9007199254740993n },
      min: { type: 'long', value: -9223372036854775808n },
      f: { type: 'float', value: 0.1 },
      d: { type: 'double', value: NaN },
      s: { type: 'string', value: 'kiln °C' },
      b: { type: 'boolean', value: false },
    });
  });

  it('refuses an int8 that already went through a double, and names the cause', () => {
    expect(() => run(insert(properties, propRow(7, 'big', 'long', 9007199254740992)))).toThrow(
      /not an exact int8.*Number parser for int8/,
    );
    expect(values(run(insert(properties, propRow(7, 'ok', 'long', 42))).changes[0])).toEqual({
      ok: { type: 'long', value: 42n },
    });
  });

  it('the last write of a key in the transaction wins; a DELETE (primary-key image) is a removal', () => {
    const r = run(
      insert(properties, propRow(1, 'engUnit', 'string', 'C')),
      update(properties, propRow(1, 'engUnit', 'string', '°C')),
      update(properties, propRow(1, 'engUnit', 'double', 1.5)),
      insert(properties, propRow(1, 'gone', 'int', 1)),
      del(properties, { metric_id: '1', key: 'gone' }),
      del(properties, { metric_id: '2', key: 'displayHigh' }),
      del(properties, { metric_id: '1', key: 'back' }),
      insert(properties, propRow(1, 'back', 'boolean', true)),
    );
    expect(r.changes.map((c) => c.metricId)).toEqual([1n, 2n]);
    expect(values(r.changes[0])).toEqual({
      engUnit: { type: 'double', value: 1.5 },
      gone: null,
      back: { type: 'boolean', value: true },
    });
    expect(values(r.changes[1])).toEqual({ displayHigh: null });
  });

  it('reads the old image of REPLICA IDENTITY FULL, and refuses a DELETE without any key', () => {
    expect(values(run(del(properties, null, propRow(3, 'k', 'int', 1))).changes[0])).toEqual({ k: null });
    expect(() => run(del(properties, null))).toThrow(/needs REPLICA IDENTITY DEFAULT/);
  });

  it('an UPDATE of the key itself removes the old key', () => {
    const r = run(update(properties, propRow(1, 'new', 'int', 3), { key: { metric_id: '1', key: 'old' } }));
    expect(values(r.changes[0])).toEqual({ old: null, new: { type: 'int', value: 3 } });
  });

  it('an unchanged TOASTed value (not shipped) is no change and keeps an earlier write', () => {
    const toasted = propRow(1, 'doc', 'string', 'x'.repeat(10));
    const unshipped = { ...propRow(1, 'doc', 'string', null), value_string: undefined };
    expect(run(update(properties, unshipped)).changes).toEqual([]);
    expect(values(run(update(properties, toasted), update(properties, unshipped)).changes[0])).toEqual({
      doc: { type: 'string', value: 'x'.repeat(10) },
    });
  });

  it('a row breaking the type/value rule is an error, not a guess', () => {
    expect(() => run(insert(properties, propRow(1, 'k', 'int', null)))).toThrow(/type int has no value_int/);
    expect(() => run(insert(properties, { ...propRow(1, 'k', 'int', 1), type: 'toString' }))).toThrow(
      /"toString" is not a property type/,
    );
  });
});

describe('metric rows', () => {
  it('a new metric: the Canary id comes from uns_path (the generated column is not replicated); no resync', () => {
    const r = run(
      insert(properties, propRow(4, 'engUnit', 'string', 'C')),
      insert(metrics, metricRow(4, 'Secil/Portugal/Cement/Maceira/Kiln/T1')),
    );
    expect(r.changes).toEqual([
      {
        metricId: 4n,
        canaryId: 'Secil.Portugal.Cement.Maceira.Kiln.T1',
        resync: false,
        lsn: '0/1DE94D0',
        changes: expect.any(Map),
      },
    ]);
  });

  it('a new metric without properties sends nothing', () => {
    expect(run(insert(metrics, metricRow(4, 'S/P/C/T1'))).changes).toEqual([]);
  });

  it('an UPDATE without old image (REPLICA IDENTITY DEFAULT) may be a rename: the new tag gets a full resync', () => {
    const r = run(update(metrics, metricRow(4, 'S/P/C/Temperature')));
    expect(r.changes).toEqual([
      { metricId: 4n, canaryId: 'S.P.C.Temperature', resync: true, lsn: '0/1DE94D0', changes: new Map() },
    ]);
  });

  it('with an old image only a changed uns_path resyncs (an alias change sends nothing)', () => {
    expect(run(update(metrics, metricRow(4, 'S/P/C/T1'), { old: metricRow(4, 'S/P/C/T1') })).changes).toEqual([]);
    expect(run(update(metrics, metricRow(4, 'S/P/C/T2'), { old: metricRow(4, 'S/P/C/T1') })).changes[0]?.resync).toBe(
      true,
    );
  });

  it('inserted and renamed in one transaction: its properties are all in the transaction, no resync', () => {
    const r = run(
      insert(metrics, metricRow(4, 'S/P/C/T1')),
      insert(properties, propRow(4, 'k', 'int', 1)),
      update(metrics, metricRow(4, 'S/P/C/T2')),
    );
    expect(r.changes).toMatchObject([{ canaryId: 'S.P.C.T2', resync: false }]);
  });

  it('a retirement sends nothing; property changes of a retired metric are still sent', () => {
    expect(run(update(metrics, metricRow(4, 'S/P/C/T1', true))).changes).toEqual([]);
    const r = run(update(metrics, metricRow(4, 'S/P/C/T1', true)), del(properties, { metric_id: '4', key: 'k' }));
    expect(r.changes).toMatchObject([{ metricId: 4n, canaryId: 'S.P.C.T1', resync: false }]);
  });

  it('a deleted metric (device cascade) sends nothing, not even the removals of its properties', () => {
    expect(run(del(properties, { metric_id: '4', key: 'k' }), del(metrics, { metric_id: '4' })).changes).toEqual([]);
  });
});

describe('a transaction', () => {
  it('ignores other schemas and tables, reports a TRUNCATE, takes the LSN from begin/commit', () => {
    const r = transactionChanges([
      { tag: 'begin', commitLsn: '00000016/B374D848', xid: 9 },
      { tag: 'relation' },
      insert({ schema: 'public', name: 'metric_properties' }, propRow(1, 'k', 'int', 1)),
      insert({ schema: 'uns_meta', name: 'devices' }, { device_id: '1' }),
      { tag: 'truncate', relations: [properties, { schema: 'other', name: 't' }] },
      { tag: 'commit', commitLsn: '00000016/B374D848', commitEndLsn: '00000016/B374D880' },
    ]);
    expect(r).toEqual({
      commitLsn: '16/B374D848',
      sourceAt: null,
      changes: [],
      truncated: ['uns_meta.metric_properties'],
    });
  });

  it("latency starts when the birth arrived (the writer's message), else at the commit time", () => {
    const begin: PgoutputMessage = { tag: 'begin', commitLsn: '0/10', xid: 1, commitTime: 1_700_000_005_000_123n };
    const message = (prefix: string, content: string, transactional = true): PgoutputMessage => ({
      tag: 'message',
      transactional,
      prefix,
      content: Buffer.from(content),
    });
    expect(transactionChanges([begin]).sourceAt).toBe(1_700_000_005_000);
    expect(transactionChanges([begin, message(BIRTH_MESSAGE_PREFIX, '{"receivedAt":1700000001234}')]).sourceAt).toBe(
      1_700_000_001_234,
    );
    // Another prefix, an unreadable content or a non-transactional message leaves the commit time.
    expect(transactionChanges([begin, message('other', '{"receivedAt":1}')]).sourceAt).toBe(1_700_000_005_000);
    expect(transactionChanges([begin, message(BIRTH_MESSAGE_PREFIX, 'not json')]).sourceAt).toBe(1_700_000_005_000);
    expect(transactionChanges([begin, message(BIRTH_MESSAGE_PREFIX, '{"receivedAt":1}', false)]).sourceAt).toBe(
      1_700_000_005_000,
    );
  });

  it('orders metrics by id', () => {
    const r = run(
      insert(properties, propRow(10, 'k', 'int', 1)),
      insert(properties, propRow(2, 'k', 'int', 1)),
      insert(properties, propRow(33, 'k', 'int', 1)),
    );
    expect(r.changes.map((c) => c.metricId)).toEqual([2n, 10n, 33n]);
  });
});
