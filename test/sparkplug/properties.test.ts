// The property typing table of the spec: the declared type decides, sign by declared width, 64-bit exact.
import protobuf from 'protobufjs/minimal.js';
import { describe, expect, it } from 'vitest';
import type { PropertyValue } from '../../src/sparkplug/birth.js';
import { typeProperties } from '../../src/sparkplug/properties.js';

const long = (low: number, high: number) => new protobuf.util.Long(low, high, true);

function one(value: Record<string, unknown>): PropertyValue | undefined | string {
  const r = typeProperties({ keys: ['k'], values: [value] });
  return r.ok ? r.properties.get('k') : r.reason;
}

describe('property typing', () => {
  it.each<[string, Record<string, unknown>, PropertyValue | undefined]>([
    ['Int8 0xFF', { type: 1, intValue: 0xff }, { type: 'int', value: -1 }],
    ['Int8 0xFFFFFFFF', { type: 1, intValue: 0xffffffff }, { type: 'int', value: -1 }],
    ['Int8 127', { type: 1, intValue: 127 }, { type: 'int', value: 127 }],
    ['Int16 0xFFFE', { type: 2, intValue: 0xfffe }, { type: 'int', value: -2 }],
    ['Int32 4294967291', { type: 3, intValue: 4294967291 }, { type: 'int', value: -5 }],
    ['Int32 Ignition Quality 2147484164', { type: 3, intValue: 2147484164 }, { type: 'int', value: -2147483132 }],
    ['Int32 192', { type: 3, intValue: 192 }, { type: 'int', value: 192 }],
    ['Int32 negative from JSON', { type: 3, intValue: -5 }, { type: 'int', value: -5 }],
    ['UInt8 255', { type: 5, intValue: 255 }, { type: 'int', value: 255 }],
    ['UInt16 65535', { type: 6, intValue: 65535 }, { type: 'int', value: 65535 }],
    ['UInt32 in int_value', { type: 7, intValue: 4294967295 }, { type: 'long', value: 4294967295n }],
    ['UInt32 in long_value (Tahu JS)', { type: 7, longValue: long(-1, 0) }, { type: 'long', value: 4294967295n }],
    ['Int64 −1', { type: 4, longValue: long(-1, -1) }, { type: 'long', value: -1n }],
    ['Int64 2^53+1 exact', { type: 4, longValue: '9007199254740993' }, { type: 'long', value: 9007199254740993n }],
    ['UInt64 2^63−1', { type: 8, longValue: long(-1, 0x7fffffff) }, { type: 'long', value: 2n ** 63n - 1n }],
    [
      'UInt64 2^63 → string',
      { type: 8, longValue: long(0, 0x80000000) },
      { type: 'string', value: '9223372036854775808' },
    ],
    [
      'UInt64 2^64−1 → string',
      { type: 8, longValue: '18446744073709551615' },
      { type: 'string', value: '18446744073709551615' },
    ],
    ['DateTime', { type: 13, longValue: '1756392554609' }, { type: 'long', value: 1756392554609n }],
    ['Float 0.1 stays float32', { type: 9, floatValue: 0.1 }, { type: 'float', value: Math.fround(0.1) }],
    ['Float NaN (JSON)', { type: 9, floatValue: 'NaN' }, { type: 'float', value: Number.NaN }],
    ['Double 0.1', { type: 10, doubleValue: 0.1 }, { type: 'double', value: 0.1 }],
    ['Double 0', { type: 10, doubleValue: 0 }, { type: 'double', value: 0 }],
    ['Boolean false', { type: 11, booleanValue: false }, { type: 'boolean', value: false }],
    ['String', { type: 12, stringValue: 'SA: - Active' }, { type: 'string', value: 'SA: - Active' }],
    ['String empty is kept', { type: 12, stringValue: '' }, { type: 'string', value: '' }],
    ['Text', { type: 14, stringValue: 'x' }, { type: 'string', value: 'x' }],
    ['UUID', { type: 15, stringValue: 'u' }, { type: 'string', value: 'u' }],
    ['is_null is absent', { type: 3, isNull: true, intValue: 5 }, undefined],
    ['no value is absent', { type: 12 }, undefined],
  ])('%s', (_label, raw, expected) => {
    expect(one(raw)).toEqual(expected);
  });

  it('flattens a PropertySet into dotted keys and a PropertySetList into indexed keys', () => {
    const r = typeProperties({
      keys: ['limits', 'alarms', 'Quality'],
      values: [
        {
          type: 20,
          propertysetValue: {
            keys: ['high', 'low'],
            values: [
              { type: 10, doubleValue: 100 },
              { type: 10, isNull: true },
            ],
          },
        },
        {
          type: 21,
          propertysetsValue: {
            propertyset: [
              {
                keys: ['name', 'priority'],
                values: [
                  { type: 12, stringValue: 'HiHi' },
                  { type: 3, intValue: 4 },
                ],
              },
              {
                keys: ['name', 'inner'],
                values: [
                  { type: 12, stringValue: 'Lo' },
                  { type: 20, propertysetValue: { keys: ['on'], values: [{ type: 11, booleanValue: true }] } },
                ],
              },
            ],
          },
        },
        { type: 3, intValue: 192 },
      ],
    });
    expect(r.ok && [...r.properties]).toEqual([
      ['limits.high', { type: 'double', value: 100 }],
      ['alarms[0].name', { type: 'string', value: 'HiHi' }],
      ['alarms[0].priority', { type: 'int', value: 4 }],
      ['alarms[1].name', { type: 'string', value: 'Lo' }],
      ['alarms[1].inner.on', { type: 'boolean', value: true }],
      ['Quality', { type: 'int', value: 192 }],
    ]);
  });

  it('an absent or empty set has no properties', () => {
    expect(typeProperties(null)).toEqual({ ok: true, properties: new Map() });
    expect(typeProperties({ keys: [], values: [] })).toEqual({ ok: true, properties: new Map() });
  });

  it.each<[string, unknown, string]>([
    ['keys/values mismatch', { keys: ['a', 'b'], values: [{ type: 3, intValue: 1 }] }, '2 keys but 1 values'],
    ['unknown type', { keys: ['a'], values: [{ type: 99, intValue: 1 }] }, 'unknown or unsupported property type 99'],
    ['DataSet is no property type', { keys: ['a'], values: [{ type: 16 }] }, 'unsupported property type 16'],
    ['missing type', { keys: ['a'], values: [{ intValue: 1 }] }, 'property type undefined'],
    [
      'Int32 in long_value',
      { keys: ['a'], values: [{ type: 3, longValue: '5' }] },
      "'a': declared type Int32 does not fit",
    ],
    ['Boolean in string_value', { keys: ['a'], values: [{ type: 11, stringValue: 'true' }] }, 'declared type Boolean'],
    ['String holding a number', { keys: ['a'], values: [{ type: 12, stringValue: 5 }] }, 'declared type String'],
    ['Int32 out of 32 bits', { keys: ['a'], values: [{ type: 3, intValue: 2 ** 33 }] }, 'declared type Int32'],
    [
      'nested bad value names its path',
      {
        keys: ['lim'],
        values: [{ type: 20, propertysetValue: { keys: ['hi'], values: [{ type: 9, stringValue: 'x' }] } }],
      },
      "'lim.hi'",
    ],
  ])('%s makes the metric bad', (_label, set, reason) => {
    const r = typeProperties(set as Parameters<typeof typeProperties>[0]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});
