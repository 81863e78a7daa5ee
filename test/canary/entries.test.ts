// Property changes → storeData entries: timestamp format, value rendering (float32, 64-bit, removed),
// merging per tag, and change sets that cannot be written come back as reasons.
import { describe, expect, it } from 'vitest';
import { canaryTimestamp, entryValue, tagWrites, type ChangeSet, type EntryValue } from '../../src/canary/entries.js';
import type { PropertyValue } from '../../src/sparkplug/birth.js';

const AT = new Date('2026-11-24T12:00:00.000Z');
const at = (ms: number): Date => new Date(AT.getTime() + ms);

describe('canaryTimestamp', () => {
  it.each<[Date, string | null]>([
    [AT, '2026-11-24T12:00:00.0000000Z'],
    [new Date('2026-11-24T12:00:00.123Z'), '2026-11-24T12:00:00.1230000Z'],
    [new Date('2026-11-24T13:00:00.999+01:00'), '2026-11-24T12:00:00.9990000Z'],
    [new Date('0001-01-01T00:00:00Z'), '0001-01-01T00:00:00.0000000Z'],
    [new Date('9999-12-31T23:59:59.999Z'), '9999-12-31T23:59:59.9990000Z'],
    [new Date(Number.NaN), null],
    [new Date('+010000-01-01T00:00:00Z'), null],
    [new Date('-000001-01-01T00:00:00Z'), null],
  ])('%s → %s', (date, expected) => {
    expect(canaryTimestamp(date)).toBe(expected);
  });

  it('refuses year 0', () => {
    const d = new Date(0);
    d.setUTCFullYear(0, 0, 1);
    expect(canaryTimestamp(d)).toBeNull();
  });

  it('every accepted timestamp matches the contract shape', () => {
    for (let ms = -3; ms < 2000; ms += 137) {
      expect(canaryTimestamp(at(ms * 1_000_003))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    }
  });
});

describe('entryValue', () => {
  it.each<[string, PropertyValue | null, EntryValue]>([
    ['removed', null, ''],
    ['int', { type: 'int', value: -7 }, -7],
    ['long within 2^53−1', { type: 'long', value: 9007199254740991n }, 9007199254740991],
    ['long −(2^53−1)', { type: 'long', value: -9007199254740991n }, -9007199254740991],
    ['long 2^53', { type: 'long', value: 9007199254740992n }, '9007199254740992'],
    ['long −2^63', { type: 'long', value: -(2n ** 63n) }, '-9223372036854775808'],
    ['long 2^64−1', { type: 'long', value: 2n ** 64n - 1n }, '18446744073709551615'],
    ['float 0.1 without widening', { type: 'float', value: Math.fround(0.1) }, 0.1],
    ['float 1800', { type: 'float', value: Math.fround(1800) }, 1800],
    ['float 3.4028235e38', { type: 'float', value: Math.fround(3.4028235e38) }, 3.4028235e38],
    ['double keeps every digit', { type: 'double', value: 0.1 + 0.2 }, 0.30000000000000004],
    ['boolean', { type: 'boolean', value: false }, false],
    ['string', { type: 'string', value: '°C' }, '°C'],
    ['empty string', { type: 'string', value: '' }, ''],
  ])('%s', (_name, value, expected) => {
    expect(entryValue(value)).toStrictEqual(expected);
  });

  it('a float keeps its float32 value: the JSON text reads back as the same float32', () => {
    for (const x of [0.1, 1 / 3, 123.456, -0.0001, 16777217, 1e-40]) {
      const f = Math.fround(x);
      const json = JSON.stringify(entryValue({ type: 'float', value: f }));
      expect(Math.fround(Number(json))).toBe(f);
      expect(json.length).toBeLessThanOrEqual(15);
    }
  });
});

const change = (key: string, value: PropertyValue | null, ms = 0) => ({ key, value, at: at(ms) });
const str = (value: string): PropertyValue => ({ type: 'string', value });

describe('tagWrites', () => {
  it('writes [name, timestamp, value, 192] per property', () => {
    const plan = tagWrites([
      { canaryId: 'Secil.K1.PV', changes: [change('engUnit', str('°C')), change('gone', null, 5)] },
    ]);
    expect(plan).toEqual({
      writes: [
        {
          tag: 'Secil.K1.PV',
          entries: [
            ['engUnit', '2026-11-24T12:00:00.0000000Z', '°C', 192],
            ['gone', '2026-11-24T12:00:00.0050000Z', '', 192],
          ],
          sources: [0],
        },
      ],
      rejected: [],
      empty: [],
    });
  });

  it('merges change sets of one tag into one entries list, remembering which sets it holds', () => {
    const sets: ChangeSet[] = [
      { canaryId: 'Secil.A', changes: [change('unit', str('m'), 0), change('low', { type: 'int', value: 0 }, 0)] },
      { canaryId: 'Secil.B', changes: [change('unit', str('s'))] },
      { canaryId: 'Secil.A', changes: [change('unit', str('mm'), 10), change('high', { type: 'int', value: 9 }, 10)] },
    ];
    const plan = tagWrites(sets);
    expect(plan.writes.map((w) => [w.tag, w.sources])).toEqual([
      ['Secil.A', [0, 2]],
      ['Secil.B', [1]],
    ]);
    expect(plan.writes[0]?.entries.map((e) => [e[0], e[1].slice(20, 23), e[2]])).toEqual([
      ['unit', '000', 'm'],
      ['unit', '010', 'mm'],
      ['low', '000', 0],
      ['high', '010', 9],
    ]);
  });

  it('for the same name and timestamp the later change wins; entries of a name are in time order', () => {
    const plan = tagWrites([
      { canaryId: 'Secil.A', changes: [change('unit', str('late'), 50), change('unit', str('first'), 0)] },
      { canaryId: 'Secil.A', changes: [change('unit', str('second'), 0)] },
    ]);
    expect(plan.writes[0]?.entries.map((e) => e[2])).toEqual(['second', 'late']);
    const names = plan.writes[0]?.entries.map((e) => `${e[0]}@${e[1]}`) ?? [];
    expect(new Set(names).size).toBe(names.length);
  });

  it('merges ids that the override maps to the same tag', () => {
    const plan = tagWrites(
      [
        { canaryId: 'Secil.A.B', changes: [change('x', str('1'))] },
        { canaryId: 'Secil2.A.B', changes: [change('y', str('2'))] },
      ],
      { override: 'Test' },
    );
    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]).toMatchObject({ tag: 'Test.A.B', sources: [0, 1] });
  });

  it('returns sets that cannot be written as reasons, and empty sets apart; it never drops one', () => {
    const sets: ChangeSet[] = [
      { canaryId: 'Secil.ok', changes: [change('a', str('1'))] },
      { canaryId: 'NoDataset', changes: [change('a', str('1'))] },
      { canaryId: 'Se*cil.A', changes: [change('a', str('1'))] },
      { canaryId: 'Other.A', changes: [change('a', str('1'))] },
      {
        canaryId: 'Secil.bad-time',
        changes: [change('a', str('1')), { key: 'b', value: null, at: new Date(Number.NaN) }],
      },
      { canaryId: 'Secil.no-name', changes: [change('', str('1'))] },
      { canaryId: 'Secil.nothing', changes: [] },
    ];
    const plan = tagWrites(sets, { prefix: 'Secil' });
    expect(plan.writes.map((w) => w.tag)).toEqual(['Secil.ok']);
    expect(plan.rejected.map((r) => [r.index, r.reason])).toEqual([
      [1, 'invalid_tag'],
      [2, 'dataset_not_allowed'], // outside the family before its bad name matters
      [3, 'dataset_not_allowed'],
      [4, 'invalid_timestamp'],
      [5, 'invalid_property_name'],
    ]);
    expect(plan.empty).toEqual([6]);
    const accounted = [
      ...plan.writes.flatMap((w) => w.sources),
      ...plan.rejected.map((r) => r.index),
      ...plan.empty,
    ].sort();
    expect(accounted).toEqual(sets.map((_, i) => i));
  });

  it('an entries list serializes as the contract example', () => {
    const plan = tagWrites([
      { canaryId: 'Secil.K1.PV', changes: [change('displayHigh', { type: 'float', value: Math.fround(1800) }, 123)] },
    ]);
    expect(JSON.stringify(plan.writes[0]?.entries)).toBe('[["displayHigh","2026-11-24T12:00:00.1230000Z",1800,192]]');
  });
});
