// Metric values by declared datatype: sign extension, exact 64-bit BigInt, packed arrays, DataSet, Template.
import { describe, expect, it } from 'vitest';
import { packArray } from '../../src/sparkplug/arrays.js';
import { org } from '../../src/sparkplug/generated/sparkplug_b.js';
import { encodePayload, metricValue, type MetricInput } from '../../src/sparkplug/payload.js';

type IMetric = org.eclipse.tahu.protobuf.Payload.IMetric;
const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

/** Encodes one metric with our encoder and decodes it with the generated code, as the product would. */
function roundTrip(m: MetricInput): IMetric {
  const p = org.eclipse.tahu.protobuf.Payload.decode(encodePayload({ metrics: [m] }));
  const [metric] = p.metrics;
  if (metric === undefined) throw new Error('no metric');
  return metric;
}

describe('metricValue', () => {
  it.each<[string, IMetric, unknown]>([
    ['Int8 0xFF', { datatype: 1, intValue: 0xff }, -1],
    ['Int8 0xFFFFFFFF', { datatype: 1, intValue: 0xffffffff }, -1],
    ['Int16 0xFFFE', { datatype: 2, intValue: 0xfffe }, -2],
    ['Int32 4294967291', { datatype: 3, intValue: 4294967291 }, -5],
    ['UInt16 65535', { datatype: 6, intValue: 65535 }, 65535],
    ['UInt32 4294967295', { datatype: 7, intValue: 4294967295 }, 4294967295],
    ['Float', { datatype: 9, floatValue: 0.1 }, Math.fround(0.1)],
    ['Boolean', { datatype: 11, booleanValue: true }, true],
    ['String', { datatype: 12, stringValue: '' }, ''],
    ['is_null', { datatype: 3, isNull: true }, null],
    ['no value', { datatype: 10 }, null],
    ['Bytes', { datatype: 17, bytesValue: hex('00ff') }, hex('00ff')],
    ['Int32Array', { datatype: 24, bytesValue: hex('15CD5B07 B168DE3A') }, [123456789, 987654321]],
    ['Int8Array', { datatype: 22, bytesValue: hex('E97B') }, [-23, 123]],
    ['UInt64Array', { datatype: 29, bytesValue: hex('FFFFFFFFFFFFFFFF') }, [2n ** 64n - 1n]],
    [
      'BooleanArray (spec example)',
      { datatype: 32, bytesValue: hex('0C000000 34D0') },
      [false, false, true, true, false, true, false, false, true, true, false, true],
    ],
    ['StringArray', { datatype: 33, bytesValue: hex('41424300 68656c6c6f00') }, ['ABC', 'hello']],
  ])('%s', (_label, metric, expected) => {
    expect(metricValue(metric)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, MetricInput, unknown]>([
    ['Int64 −1', { datatype: 'Int64', value: -1n }, -1n],
    ['Int64 min', { datatype: 'Int64', value: -(2n ** 63n) }, -(2n ** 63n)],
    ['UInt64 max', { datatype: 'UInt64', value: 2n ** 64n - 1n }, 2n ** 64n - 1n],
    ['UInt64 2^53+1 exact', { datatype: 'UInt64', value: 2n ** 53n + 1n }, 2n ** 53n + 1n],
    ['DateTime', { datatype: 'DateTime', value: 1756392554609n }, 1756392554609n],
    ['Int8 −128', { datatype: 'Int8', value: -128 }, -128],
    ['Double', { datatype: 'Double', value: 888.5340576171875 }, 888.5340576171875],
    ['DoubleArray', { datatype: 'DoubleArray', value: [12.354213, -0.5] }, [12.354213, -0.5]],
    ['Int64Array', { datatype: 'Int64Array', value: [-1n, 2n ** 62n] }, [-1n, 2n ** 62n]],
    ['DateTimeArray', { datatype: 'DateTimeArray', value: [1756392554609n] }, [1756392554609n]],
    ['BooleanArray', { datatype: 'BooleanArray', value: [true, false, true] }, [true, false, true]],
    [
      'Template',
      {
        datatype: 'Template',
        value: { templateRef: 'Motor', isDefinition: false, metrics: [{ name: 'Amps', datatype: 'Float', value: 2 }] },
      },
      { templateRef: 'Motor', isDefinition: false, metrics: ['Amps'] },
    ],
  ])('round trip %s', (_label, input, expected) => {
    expect(metricValue(roundTrip(input))).toEqual({ ok: true, value: expected });
  });

  it('packs Int32Array [123456789, 987654321] as 15 CD 5B 07 B1 68 DE 3A', () => {
    expect(packArray(24, [123456789, 987654321])).toEqual(hex('15CD5B07B168DE3A'));
    expect(packArray(32, [false, false, true, true, false, true, false, false, true, true, false, true])).toEqual(
      hex('0C00000034D0'),
    );
  });

  it('reads a DataSet as columns, type names and typed rows', () => {
    const m = roundTrip({
      datatype: 'DataSet',
      value: {
        columns: ['id', 'temp', 'ok', 'label', 'big'],
        types: ['Int32', 'Float', 'Boolean', 'String', 'Int64'],
        rows: [
          [-5, 1.5, true, 'a', -2n],
          [7, 0, false, '', 2n ** 62n],
        ],
      },
    });
    expect(metricValue(m)).toEqual({
      ok: true,
      value: {
        columns: ['id', 'temp', 'ok', 'label', 'big'],
        types: ['Int32', 'Float', 'Boolean', 'String', 'Int64'],
        rows: [
          [-5, 1.5, true, 'a', -2n],
          [7, 0, false, '', 2n ** 62n],
        ],
      },
    });
  });

  it.each<[string, IMetric, string]>([
    ['a value in the wrong field', { datatype: 3, stringValue: 'x' }, 'Int32 does not fit its value (stringValue)'],
    ['an array of the wrong length', { datatype: 24, bytesValue: hex('010203') }, 'not a multiple of 4'],
    ['a short BooleanArray', { datatype: 32, bytesValue: hex('09000000 FF') }, 'announces 9 values'],
    [
      'a DataSet with an unknown column type',
      { datatype: 16, datasetValue: { columns: ['a'], types: [99], rows: [] } },
      'column type 99',
    ],
    [
      'a DataSet row of the wrong width',
      { datatype: 16, datasetValue: { columns: ['a'], types: [3], rows: [{ elements: [] }] } },
      'row 0 has 0 cells',
    ],
  ])('%s gives ok:false', (_label, metric, reason) => {
    const r = metricValue(metric);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});
