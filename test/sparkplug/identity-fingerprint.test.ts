// The identity fingerprint of a birth changes with everything the store derives rows from and with
// nothing that changes on every rebirth (values, timestamps, the payload header).

import { describe, expect, it } from 'vitest';
import { compressPayload, decodePayload, encodePayload, type MetricInput } from '../../src/sparkplug/payload.js';

const tag = (i: number, over: Partial<MetricInput> = {}): MetricInput => ({
  name: `Line/Tag ${i}`,
  alias: BigInt(i + 1),
  datatype: 'Double',
  timestamp: 1000n + BigInt(i),
  value: i * 1.5,
  properties: { engUnit: { type: 'String', value: 'bar' }, engHigh: { type: 'Double', value: 10 } },
  ...over,
});
const tags = (over: (i: number) => Partial<MetricInput> = () => ({})) =>
  Array.from({ length: 50 }, (_, i) => tag(i, over(i)));

function fp(metrics: MetricInput[], header: { timestamp?: bigint; seq?: bigint } = {}, salt = 'dev'): string | null {
  const p = decodePayload(encodePayload({ timestamp: header.timestamp ?? 1n, seq: header.seq ?? 0n, metrics }));
  if (!p.ok || !p.identity) throw new Error('not decodable');
  return p.identity(salt);
}

describe('identity fingerprint', () => {
  const base = fp(tags());

  it('is the same for a rebirth with new values, metric timestamps, null values, header timestamp and seq', () => {
    expect(base).toMatch(/^[0-9a-f]{32}$/);
    const rebirth = tags((i) => ({ value: i % 7 === 0 ? undefined : -i, timestamp: 99_000n + BigInt(i) }));
    expect(fp(rebirth, { timestamp: 5_000n, seq: 17n })).toBe(base);
  });

  it('is the same through the compressed form', () => {
    const p = decodePayload(compressPayload(encodePayload({ timestamp: 3n, seq: 2n, metrics: tags() }), 'GZIP'));
    expect(p.ok && p.identity?.('dev')).toBe(base);
  });

  it('changes with a property, a name, an alias, the datatype, the flags, the MetaData, the order, a metric more or less, the salt', () => {
    const variants: MetricInput[][] = [
      tags((i) =>
        i === 30
          ? { properties: { engUnit: { type: 'String', value: 'psi' }, engHigh: { type: 'Double', value: 10 } } }
          : {},
      ),
      tags((i) => (i === 30 ? { properties: { engUnit: { type: 'String', value: 'bar' } } } : {})),
      tags((i) => (i === 30 ? { name: 'Line/Tag x' } : {})),
      tags((i) => (i === 30 ? { alias: 999n } : {})),
      tags((i) => (i === 30 ? { datatype: 'Float' } : {})),
      tags((i) => (i === 30 ? { isHistorical: true } : {})),
      tags((i) => (i === 30 ? { metadata: { description: 'x' } } : {})),
      [...tags().slice(1), tag(0)],
      tags().slice(1),
      [...tags(), tag(50)],
    ];
    const seen = new Set([base]);
    for (const v of variants) seen.add(fp(v));
    seen.add(fp(tags(), {}, 'other device'));
    expect(seen.size).toBe(variants.length + 2);
  });

  it('is null with a DataSet or Template metric (their stored metadata comes from the value)', () => {
    const ds: MetricInput = {
      name: 'DS',
      datatype: 'DataSet',
      value: { columns: ['a'], types: ['Int32'], rows: [[1]] },
    };
    const p = decodePayload(encodePayload({ timestamp: 1n, metrics: [...tags(), ds] }));
    expect(p.ok && p.identity?.('dev')).toBeNull();
    const t = decodePayload(
      encodePayload({
        timestamp: 1n,
        metrics: [...tags(), { name: 'T', datatype: 'Template', value: { templateRef: 'X', metrics: [] } }],
      }),
    );
    expect(t.ok && t.identity?.('dev')).toBeNull();
  });

  it('is null when a metric cannot be walked', () => {
    // Payload{timestamp 1, metric[3 bytes]: name of length 5 with 1 byte}: the payload scan lists the
    // metric; the walk must stop at the metric's end instead of reading on.
    const p = decodePayload(Buffer.from([0x08, 0x01, 0x12, 0x03, 0x0a, 0x05, 0x41]));
    expect(p.ok).toBe(true);
    expect(p.ok && p.identity?.('dev')).toBeNull();
  });
});
