// Debounced entry → canary_outbox row: JSON-safe values like uns_meta_sync.property_json, removals as
// null, a full property set for a resync, and an idempotency key that is stable for the same content
// and source and changes with any of them.

import { describe, expect, it } from 'vitest';
import { jsonValue, outboxRow } from '../../src/cdc/outbox-rows.js';
import type { DebouncedEntry } from '../../src/cdc/debounce.js';
import type { PropertyValue } from '../../src/sparkplug/birth.js';

function entry(props: Array<[string, PropertyValue | null]>, extra: Partial<DebouncedEntry> = {}): DebouncedEntry {
  return {
    metricId: 7n,
    canaryId: 'S.P.C.T1',
    changes: new Map(props.map(([k, value]) => [k, { value }])),
    resync: false,
    firstLsn: '0/100',
    lastLsn: '0/300',
    firstAt: 0,
    lastAt: 0,
    sourceAt: null,
    ...extra,
  };
}

describe('jsonValue', () => {
  const cases: Array<[string, PropertyValue, unknown]> = [
    ['int', { type: 'int', value: -5 }, -5],
    ['long 2^53-1', { type: 'long', value: 9007199254740991n }, 9007199254740991],
    ['long -(2^53-1)', { type: 'long', value: -9007199254740991n }, -9007199254740991],
    ['long 2^53+1', { type: 'long', value: 9007199254740993n }, '9007199254740993'],
    ['long min', { type: 'long', value: -9223372036854775808n }, '-9223372036854775808'],
    ['float', { type: 'float', value: 0.1 }, 0.1],
    ['double NaN', { type: 'double', value: NaN }, 'NaN'],
    ['double -Infinity', { type: 'double', value: -Infinity }, '-Infinity'],
    ['empty string', { type: 'string', value: '' }, ''],
    ['boolean', { type: 'boolean', value: false }, false],
  ];
  it.each(cases)('%s', (_label, v, json) => {
    expect(jsonValue(v)).toEqual(json);
  });
});

describe('outboxRow', () => {
  it('maps the entry to the outbox columns, keys sorted, removals as null', () => {
    const props: Array<[string, PropertyValue | null]> = [
      ['engUnit', { type: 'string', value: '°C' }],
      ['Big', { type: 'long', value: 2n ** 63n - 1n }],
      ['gone', null],
    ];
    const row = outboxRow(entry(props, { sourceAt: 1_700_000_000_000 }), 'S.P.C.T1');
    expect(row).toEqual({
      metric_id: 7n,
      canary_id: 'S.P.C.T1',
      properties: { Big: '9223372036854775807', engUnit: '°C', gone: null },
      first_lsn: '0/100',
      idempotency_key: expect.stringMatching(/^[0-9a-f]{64}$/),
      source_at: new Date(1_700_000_000_000),
    });
    // The source time is when the change began, not what it is: a replay keeps the same key.
    expect(outboxRow(entry(props), 'S.P.C.T1')?.idempotency_key).toBe(row?.idempotency_key);
    expect(JSON.stringify(row?.properties)).toBe('{"Big":"9223372036854775807","engUnit":"°C","gone":null}');
  });

  it('a key named __proto__ is an ordinary property', () => {
    const row = outboxRow(entry([['__proto__', { type: 'int', value: 1 }]]), 'T');
    expect(JSON.stringify(row?.properties)).toBe('{"__proto__":1}');
  });

  it('the idempotency key ignores the order changes arrived in, and follows canary id, content and source LSNs', () => {
    const a = { type: 'int', value: 1 } as const;
    const b = { type: 'string', value: 'x' } as const;
    const key = (e: DebouncedEntry, cid = 'S.P.C.T1') => outboxRow(e, cid)?.idempotency_key;
    const base = key(
      entry([
        ['a', a],
        ['b', b],
      ]),
    );
    expect(
      key(
        entry([
          ['b', b],
          ['a', a],
        ]),
      ),
    ).toBe(base);
    expect(
      new Set([
        base,
        key(
          entry([
            ['a', a],
            ['b', b],
          ]),
          'S.P.C.T2',
        ),
        key(
          entry([
            ['a', a],
            ['b', null],
          ]),
        ),
        key(
          entry(
            [
              ['a', a],
              ['b', b],
            ],
            { lastLsn: '0/400' },
          ),
        ),
        key(
          entry(
            [
              ['a', a],
              ['b', b],
            ],
            { firstLsn: '0/200' },
          ),
        ),
        key(
          entry([
            ['a', { type: 'long', value: 1n }],
            ['b', b],
          ]),
        ),
      ]).size,
    ).toBe(5); // an int 1 and a long 1 are the same JSON value for Canary
  });

  it('a resync sends the full current property set, which wins over older changes', () => {
    const current = new Map<string, PropertyValue>([
      ['engUnit', { type: 'string', value: '°F' }],
      ['displayHigh', { type: 'double', value: 1800 }],
    ]);
    const row = outboxRow(
      entry(
        [
          ['engUnit', { type: 'string', value: '°C' }],
          ['old', null],
        ],
        { resync: true },
      ),
      'S.P.C.T2',
      current,
    );
    expect(row?.properties).toEqual({ displayHigh: 1800, engUnit: '°F', old: null });
    // Without the resync flag the current set is not consulted.
    expect(outboxRow(entry([['old', null]]), 'T', current)?.properties).toEqual({ old: null });
  });

  it('nothing to send is no row', () => {
    expect(outboxRow(entry([], { resync: true }), 'T', new Map())).toBeNull();
    expect(outboxRow(entry([]), 'T')).toBeNull();
  });
});
