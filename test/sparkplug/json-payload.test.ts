// Sparkplug-JSON births (protobuf JSON mapping) decode like protobuf ones, including the plant fixture.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BirthMetric } from '../../src/sparkplug/birth.js';
import { decodeJsonPayload } from '../../src/sparkplug/json-payload.js';

const FIXTURE = new URL('./fixtures/messages_spBv1.0_Secil_DBIRTH_Portugal_Cement.json', import.meta.url);

function metrics(input: string | Buffer): BirthMetric[] {
  const r = decodeJsonPayload(input);
  if (!r.ok) throw new Error(r.reason);
  return [...r.metrics()].map((m) => {
    if (!m.ok) throw new Error(m.reason);
    return m.metric;
  });
}

describe('decodeJsonPayload', () => {
  it('reads the plant DBIRTH fixture: 3 metrics × 10 typed properties', () => {
    const buf = readFileSync(FIXTURE);
    const r = decodeJsonPayload(buf);
    expect(r.ok && r.header).toEqual({ timestamp: 1756392554816n, seq: 1n });
    expect(r.ok && r.metricCount).toBe(3);
    const [first, second, third] = metrics(buf);
    expect(first?.name).toBe(
      'Maceira/400 - Clinker Production/451 - Bypass/Normalised/Indications/BYPVT603INT02/Active',
    );
    expect(first?.datatype).toBe('Boolean');
    expect(first?.alias).toBeNull();
    expect(Object.fromEntries(first?.properties ?? [])).toEqual({
      engLow: { type: 'double', value: 0 },
      retained: { type: 'boolean', value: true },
      DataPermission: { type: 'string', value: 'user_domainSecil(R);G_UNS_Admin(RW)' },
      Quality: { type: 'int', value: -2147483132 },
      documentation: { type: 'string', value: 'SA: - Active' },
      engHigh: { type: 'double', value: 0 },
      retain: { type: 'boolean', value: true },
      executionMode: { type: 'int', value: 1 },
      engUnit: { type: 'string', value: '' },
      delete: { type: 'boolean', value: false },
    });
    expect(second?.properties.get('Quality')).toEqual({ type: 'int', value: 192 });
    expect(third?.properties.get('documentation')).toEqual({
      type: 'string',
      value: 'EXT SILO 23 - FORA SERVIÇO - Selected',
    });
    expect(third?.properties.size).toBe(10);
  });

  it('reads 64-bit numbers given as strings or numbers, exactly', () => {
    const [m] = metrics(
      JSON.stringify({
        timestamp: 1756392554816,
        metrics: [
          {
            name: 'x',
            alias: '18446744073709551615',
            datatype: 4,
            properties: {
              keys: ['i64', 'u64', 'when', 'nested'],
              values: [
                { type: 4, longValue: '-9223372036854775808' },
                { type: 8, longValue: '9223372036854775808' },
                { type: 13, longValue: 1756392554609 },
                { type: 20, propertysetValue: { keys: ['hi'], values: [{ type: 9, floatValue: 0.1 }] } },
              ],
            },
          },
        ],
      }),
    );
    expect(m?.alias).toBe(2n ** 64n - 1n);
    expect(Object.fromEntries(m?.properties ?? [])).toEqual({
      i64: { type: 'long', value: -(2n ** 63n) },
      u64: { type: 'string', value: '9223372036854775808' },
      when: { type: 'long', value: 1756392554609n },
      'nested.hi': { type: 'float', value: Math.fround(0.1) },
    });
  });

  it('a bad metric is reported by index while the others decode', () => {
    const r = decodeJsonPayload(
      JSON.stringify({
        metrics: [
          { name: 'a', datatype: 11 },
          { name: 'b', datatype: 11, properties: { keys: ['k'], values: [] } },
          'nonsense',
          { name: 'c', datatype: 77 },
          { name: 'd', datatype: 12, properties: { keys: ['k'], values: [{ type: 3, isNull: true }] } },
        ],
      }),
    );
    if (!r.ok) throw new Error(r.reason);
    expect([...r.metrics()]).toEqual([
      { ok: true, metric: { name: 'a', alias: null, datatype: 'Boolean', properties: new Map(), metadata: null } },
      { ok: false, index: 1, reason: "metric #1 'b': property set has 1 keys but 0 values" },
      { ok: false, index: 2, reason: 'metric #2: not an object' },
      { ok: false, index: 3, reason: "metric #3 'c': unknown datatype 77" },
      { ok: true, metric: { name: 'd', alias: null, datatype: 'String', properties: new Map(), metadata: null } },
    ]);
  });

  it.each<[string, string, string]>([
    ['not JSON', '{"metrics": [', 'not JSON'],
    ['an array', '[]', 'not an object'],
    ['metrics not a list', '{"metrics": {}}', 'metrics is not a list'],
    ['a fractional timestamp', '{"timestamp": 1.5, "metrics": []}', 'timestamp 1.5 is not a 64-bit integer'],
    ['a compressed wrapper', '{"uuid": "SPBV1.0_COMPRESSED", "body": "AAAA"}', 'compressed'],
  ])('%s gives ok:false', (_label, text, reason) => {
    const r = decodeJsonPayload(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});
