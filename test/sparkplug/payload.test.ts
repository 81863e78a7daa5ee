// Protobuf births: our encoder and the peer encoder (sparkplug-payload) decode to the same metrics;
// bad bytes are a value, never a throw; one bad metric does not take down its birth.
import { get as sparkplugPeer } from 'sparkplug-payload';
import { describe, expect, it } from 'vitest';
import type { BirthMetric, MetricResult } from '../../src/sparkplug/birth.js';
import { org } from '../../src/sparkplug/generated/sparkplug_b.js';
import { decodePayload, encodePayload, type DecodeResult } from '../../src/sparkplug/payload.js';

const Payload = org.eclipse.tahu.protobuf.Payload;

function all(r: DecodeResult): MetricResult[] {
  if (!r.ok) throw new Error(r.reason);
  return [...r.metrics()];
}

function good(results: MetricResult[]): BirthMetric[] {
  return results.map((m) => {
    if (!m.ok) throw new Error(m.reason);
    return m.metric;
  });
}

describe('decodePayload', () => {
  it('round-trips header, names, aliases, datatypes and typed properties', () => {
    const buf = encodePayload({
      timestamp: 1756392554816n,
      seq: 1n,
      metrics: [
        {
          name: 'Maceira/400 - Clinker Production/451 - Bypass/Active',
          alias: 7n,
          datatype: 'Boolean',
          value: true,
          properties: {
            Quality: { type: 'Int32', value: -2147483132 },
            engUnit: { type: 'String', value: '' },
            engHigh: { type: 'Double', value: 1500.5 },
            deadband: { type: 'Float', value: 0.1 },
            lastChange: { type: 'DateTime', value: 1756392554609n },
            big: { type: 'UInt64', value: 2n ** 64n - 1n },
            limits: { type: 'PropertySet', value: { high: { type: 'Int16', value: -2 } } },
            gone: { type: 'String', value: null },
          },
        },
        { name: 'Tensão/Ângulo', alias: 2n ** 64n - 1n, datatype: 'Int64', value: -1n },
        { alias: 9n, datatype: 'Float', value: 1.5 },
      ],
    });
    const r = decodePayload(buf);
    expect(r.ok && r.header).toEqual({ timestamp: 1756392554816n, seq: 1n });
    expect(r.ok && r.metricCount).toBe(3);
    const [a, b, c] = good(all(r));
    expect(a).toEqual({
      name: 'Maceira/400 - Clinker Production/451 - Bypass/Active',
      alias: 7n,
      datatype: 'Boolean',
      metadata: null,
      rawFp: expect.stringMatching(/^[0-9a-f]{32}$/),
      properties: new Map<string, unknown>([
        ['Quality', { type: 'int', value: -2147483132 }],
        ['engUnit', { type: 'string', value: '' }],
        ['engHigh', { type: 'double', value: 1500.5 }],
        ['deadband', { type: 'float', value: Math.fround(0.1) }],
        ['lastChange', { type: 'long', value: 1756392554609n }],
        ['big', { type: 'string', value: '18446744073709551615' }],
        ['limits.high', { type: 'int', value: -2 }],
      ]),
    });
    expect(b).toEqual({
      name: 'Tensão/Ângulo',
      alias: 2n ** 64n - 1n,
      datatype: 'Int64',
      properties: new Map(),
      metadata: null,
      rawFp: expect.any(String),
    });
    expect(c).toEqual({
      name: null,
      alias: 9n,
      datatype: 'Float',
      properties: new Map(),
      metadata: null,
      rawFp: expect.any(String),
    });
  });

  it('metrics() can be iterated again, lazily', () => {
    const r = decodePayload(
      encodePayload({
        metrics: [
          { name: 'a', datatype: 3 },
          { name: 'b', datatype: 3 },
        ],
      }),
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.header).toEqual({ timestamp: null, seq: null });
    const it1 = r.metrics()[Symbol.iterator]();
    expect(it1.next().value).toMatchObject({ ok: true, metric: { name: 'a' } });
    expect(good([...r.metrics()]).map((m) => m.name)).toEqual(['a', 'b']);
  });

  it('decodes a payload made by the peer encoder sparkplug-payload (Tahu JS)', () => {
    const peer = sparkplugPeer('spBv1.0');
    if (peer === null) throw new Error('sparkplug-payload has no spBv1.0');
    const bytes = peer.encodePayload({
      timestamp: 1759312039055,
      seq: 3,
      metrics: [
        {
          name: 'Node Control/Rebirth',
          type: 'Boolean',
          value: false,
          properties: { documentation: { type: 'String', value: 'Writeable tag' } },
        },
        {
          name: 'Kiln/Temp',
          alias: 12,
          type: 'Int32',
          value: -5,
          properties: {
            Quality: { type: 'Int32', value: 192 },
            // Tahu JS writes UInt32 into long_value; spec 3.0 says int_value. Both must read.
            counter: { type: 'UInt32', value: 4000000000 },
            offset: { type: 'Int16', value: -2 },
            engUnit: { type: 'String', value: '°C' },
          },
        },
      ],
    });
    const r = decodePayload(Buffer.from(bytes));
    expect(r.ok && r.header).toEqual({ timestamp: 1759312039055n, seq: 3n });
    const [rebirth, temp] = good(all(r));
    expect(rebirth).toEqual({
      name: 'Node Control/Rebirth',
      alias: null,
      datatype: 'Boolean',
      metadata: null,
      rawFp: expect.any(String),
      properties: new Map([['documentation', { type: 'string', value: 'Writeable tag' }]]),
    });
    expect(temp?.alias).toBe(12n);
    expect(temp?.datatype).toBe('Int32');
    expect(Object.fromEntries(temp?.properties ?? [])).toEqual({
      Quality: { type: 'int', value: 192 },
      counter: { type: 'long', value: 4000000000n },
      offset: { type: 'int', value: -2 },
      engUnit: { type: 'string', value: '°C' },
    });
  });

  it('yields { ok: false, index } for bad metrics and still decodes the others', () => {
    // Raw generated encoder: our encodePayload cannot write a keys/values length mismatch.
    const buf = Buffer.from(
      Payload.encode({
        metrics: [
          { name: 'ok1', datatype: 3, intValue: 1 },
          { name: 'weird', datatype: 99 },
          { name: 'mismatch', datatype: 3, properties: { keys: ['a', 'b'], values: [{ type: 3, intValue: 1 }] } },
          { name: 'ok2', datatype: 12, stringValue: 'x' },
          { name: 'untyped', datatype: 10, properties: { keys: ['a'], values: [{ type: 99 }] } },
        ],
      }).finish(),
    );
    const results = all(decodePayload(buf));
    expect(results.map((m) => m.ok)).toEqual([true, false, false, true, false]);
    expect(results[1]).toEqual({ ok: false, index: 1, reason: "metric #1 'weird': unknown datatype 99" });
    expect(results[2]).toMatchObject({ ok: false, index: 2, reason: expect.stringContaining('2 keys but 1 values') });
    expect(results[4]).toMatchObject({
      ok: false,
      index: 4,
      reason: expect.stringContaining('unknown or unsupported property type 99'),
    });
  });

  it('a metric whose bytes are malformed is bad, the next one still decodes', () => {
    // Metric #0 (3 bytes) holds a PropertySet claiming 5 bytes; metric #1 is intact; metric #2 like #0.
    const broken = [0x12, 0x03, 0x4a, 0x05, 0x0a];
    const buf = Buffer.from([...broken, 0x12, 0x05, 0x0a, 0x01, 0x62, 0x20, 0x03, ...broken]);
    const results = all(decodePayload(buf));
    expect(results[0]).toMatchObject({ ok: false, index: 0, reason: expect.stringContaining('malformed protobuf') });
    expect(results[1]).toMatchObject({ ok: true, metric: { name: 'b', datatype: 'Int32' } });
    expect(results[2]).toMatchObject({ ok: false, index: 2, reason: expect.stringContaining('malformed protobuf') });
  });

  it('rejects a name that is not valid UTF-8 but keeps an honest U+FFFD', () => {
    const buf = encodePayload({
      metrics: [
        { name: 'Tag\uFFFDA', datatype: 3 },
        { name: 'TagXA', datatype: 3 },
      ],
    });
    const at = buf.indexOf('TagXA');
    buf[at + 3] = 0xff;
    const results = all(decodePayload(buf));
    expect(results[0]).toMatchObject({ ok: true, metric: { name: 'Tag\uFFFDA' } });
    expect(results[1]).toMatchObject({ ok: false, index: 1, reason: expect.stringContaining('not valid UTF-8') });
  });

  it('a metric without a datatype is bad', () => {
    const results = all(decodePayload(Buffer.from([0x12, 0x03, 0x0a, 0x01, 0x61])));
    expect(results).toEqual([{ ok: false, index: 0, reason: "metric #0 'a': no datatype" }]);
  });

  it.each<[string, Buffer]>([
    ['truncated', encodePayload({ metrics: [{ name: 'a'.repeat(50), datatype: 3, value: 1 }] }).subarray(0, 20)],
    ['garbage', Buffer.from('this is not protobuf at all, just text {}', 'utf8')],
    ['JSON text', Buffer.from('{"timestamp": 1}', 'utf8')],
    ['wrong wire type for seq', Buffer.from([0x1a, 0x01, 0x00])],
    ['invalid wire type', Buffer.from([0x0f])],
  ])('%s bytes give ok:false, not a throw', (_label, buf) => {
    const r = decodePayload(buf);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/malformed protobuf/);
  });

  it('an empty buffer is a payload without metrics', () => {
    const r = decodePayload(Buffer.alloc(0));
    expect(r.ok && r.metricCount).toBe(0);
  });
});
