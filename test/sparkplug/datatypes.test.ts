// Every Sparkplug DataType number maps to its spec name and back; anything else is unknown.
import { describe, expect, it } from 'vitest';
import { dataTypeName, dataTypeNumber } from '../../src/sparkplug/datatypes.js';

const TABLE: Array<[number, string]> = [
  [0, 'Unknown'],
  [1, 'Int8'],
  [2, 'Int16'],
  [3, 'Int32'],
  [4, 'Int64'],
  [5, 'UInt8'],
  [6, 'UInt16'],
  [7, 'UInt32'],
  [8, 'UInt64'],
  [9, 'Float'],
  [10, 'Double'],
  [11, 'Boolean'],
  [12, 'String'],
  [13, 'DateTime'],
  [14, 'Text'],
  [15, 'UUID'],
  [16, 'DataSet'],
  [17, 'Bytes'],
  [18, 'File'],
  [19, 'Template'],
  [20, 'PropertySet'],
  [21, 'PropertySetList'],
  [22, 'Int8Array'],
  [23, 'Int16Array'],
  [24, 'Int32Array'],
  [25, 'Int64Array'],
  [26, 'UInt8Array'],
  [27, 'UInt16Array'],
  [28, 'UInt32Array'],
  [29, 'UInt64Array'],
  [30, 'FloatArray'],
  [31, 'DoubleArray'],
  [32, 'BooleanArray'],
  [33, 'StringArray'],
  [34, 'DateTimeArray'],
];

describe('datatypes', () => {
  it.each(TABLE)('%i is %s and back', (n, name) => {
    expect(dataTypeName(n)).toBe(name);
    expect(dataTypeNumber(name)).toBe(n);
  });

  it.each([35, -1, 1.5, Number.NaN, 255])('%s has no name', (n) => {
    expect(dataTypeName(n)).toBeUndefined();
  });

  it('does not guess at other spellings', () => {
    expect(dataTypeNumber('int32')).toBeUndefined();
    expect(dataTypeNumber('toString')).toBeUndefined();
  });
});
