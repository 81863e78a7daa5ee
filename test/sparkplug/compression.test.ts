// Compressed births (uuid SPBV1.0_COMPRESSED): GZIP and DEFLATE inflate and decode; zip bombs and
// broken bodies are rejected with a reason instead of exhausting memory.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { COMPRESSED_UUID } from '../../src/sparkplug/compression.js';
import { compressPayload, decodePayload, encodePayload } from '../../src/sparkplug/payload.js';

const inner = encodePayload({
  timestamp: 1759312039055n,
  seq: 4n,
  metrics: Array.from({ length: 50 }, (_, i) => ({
    name: `Area/Line/Tag${i}`,
    alias: BigInt(i),
    datatype: 'Double',
    value: i / 3,
    properties: { Quality: { type: 'Int32', value: 192 }, engUnit: { type: 'String', value: 'bar' } },
  })),
});

function names(buf: Buffer, opts?: { maxInflatedBytes?: number }): Array<string | null> {
  const r = decodePayload(buf, opts);
  if (!r.ok) throw new Error(r.reason);
  expect(r.header).toEqual({ timestamp: 1759312039055n, seq: 4n });
  return [...r.metrics()].map((m) => (m.ok ? m.metric.name : `bad: ${m.reason}`));
}

function wrapper(body: Buffer, algorithm?: string): Buffer {
  const metrics = algorithm === undefined ? [] : [{ name: 'algorithm', datatype: 'String', value: algorithm }];
  return encodePayload({ uuid: COMPRESSED_UUID, body, metrics });
}

const expected = Array.from({ length: 50 }, (_, i) => `Area/Line/Tag${i}`);

describe('compressed payloads', () => {
  it.each(['GZIP', 'DEFLATE'] as const)('%s wrapper decodes to the inner metrics', (algorithm) => {
    const wrapped = compressPayload(inner, algorithm);
    expect(wrapped.length).toBeLessThan(inner.length);
    expect(names(wrapped)).toEqual(expected);
  });

  it('accepts raw DEFLATE (no zlib header), a lower-case name, and no algorithm metric (DEFLATE default)', () => {
    expect(names(wrapper(zlib.deflateRawSync(inner), 'DEFLATE'))).toEqual(expected);
    expect(names(wrapper(zlib.gzipSync(inner), 'gzip'))).toEqual(expected);
    expect(names(wrapper(zlib.deflateSync(inner)))).toEqual(expected);
  });

  it('rejects a GZIP zip bomb (600 MiB of zeros in ~0.6 MB) with a clear reason', () => {
    const member = zlib.gzipSync(Buffer.alloc(1 << 20));
    const bomb = wrapper(Buffer.concat(Array.from({ length: 600 }, () => member)), 'GZIP');
    const r = decodePayload(bomb, { maxInflatedBytes: 4 << 20 });
    expect(r).toEqual({
      ok: false,
      reason: 'GZIP body inflates beyond 4194304 bytes (maxInflatedBytes); rejected as a possible zip bomb',
    });
  });

  it('rejects a DEFLATE zip bomb the same way', async () => {
    const d = zlib.createDeflate({ level: 1 });
    const parts: Buffer[] = [];
    d.on('data', (c: Buffer) => parts.push(c));
    const done = new Promise((resolve) => d.on('end', resolve));
    const zeros = Buffer.alloc(1 << 20);
    for (let i = 0; i < 600; i++) d.write(zeros);
    d.end();
    await done;
    const r = decodePayload(wrapper(Buffer.concat(parts), 'DEFLATE'), { maxInflatedBytes: 1 << 20 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('rejected as a possible zip bomb');
  });

  it.each<[string, Buffer, string]>([
    ['a corrupt body', wrapper(Buffer.from('definitely not compressed'), 'GZIP'), 'GZIP body does not inflate'],
    ['an unknown algorithm', wrapper(zlib.gzipSync(inner), 'BROTLI'), "unknown compression algorithm 'BROTLI'"],
    ['no body', encodePayload({ uuid: COMPRESSED_UUID, metrics: [] }), 'without a body'],
    [
      'garbage inside',
      wrapper(zlib.gzipSync(Buffer.from([0x0f, 0xff])), 'GZIP'),
      'compressed payload: malformed protobuf',
    ],
    [
      'a wrapper inside a wrapper',
      compressPayload(compressPayload(inner, 'GZIP'), 'GZIP'),
      'wraps another compressed payload',
    ],
  ])('%s gives ok:false', (_label, buf, reason) => {
    const r = decodePayload(buf);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});
