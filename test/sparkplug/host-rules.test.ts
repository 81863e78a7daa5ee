// Host bookkeeping rules: seq continuity with wrap-around, the rebirth governor (cooldown, budget, off
// switch), birth ordering, and reading seq/bdSeq/aliases from any message.

import { describe, expect, it } from 'vitest';
import { SeqTracker } from '../../src/sparkplug/seq.js';
import { RebirthGovernor } from '../../src/sparkplug/rebirth-governor.js';
import { isOlder } from '../../src/sparkplug/birth-order.js';
import { readNodeMessage } from '../../src/sparkplug/node-message.js';
import { encodePayload } from '../../src/sparkplug/encoder.js';
import { compressPayload } from '../../src/sparkplug/compression.js';
import { HostState } from '../../src/sparkplug/host-state.js';
import { clientOptions } from '../../src/sparkplug/mqtt.js';
import { createLogger } from '../../src/log.js';

describe('seq tracking', () => {
  it('accepts +1 and wraps 255 → 0; reports a skip as a gap and a node without NBIRTH as unknown', () => {
    const s = new SeqTracker();
    expect(s.next('g/e', 1)).toBe('unknown');
    s.birth('g/e', 0);
    expect(s.next('g/e', 1)).toBe('ok');
    expect(s.next('g/e', 3)).toBe('gap');
    expect(s.next('g/e', 4)).toBe('ok');
    s.birth('g/e', 254);
    expect(s.next('g/e', 255)).toBe('ok');
    expect(s.next('g/e', 0)).toBe('ok');
    s.forget('g/e');
    expect(s.next('g/e', 1)).toBe('unknown');
  });
});

describe('seq reorder timeout', () => {
  it('a late message heals its part of a gap; what is still missing after the timeout is reported once', () => {
    const s = new SeqTracker(2000);
    s.birth('g/e', 0);
    expect(s.next('g/e', 1, 0)).toBe('ok');
    expect(s.next('g/e', 4, 100)).toBe('gap'); // 2 and 3 skipped
    expect(s.next('g/e', 2, 500)).toBe('late');
    expect(s.next('g/e', 3, 600)).toBe('late');
    expect(s.next('g/e', 5, 700)).toBe('ok');
    expect(s.expired(5000)).toEqual([]); // healed: nothing to report
    expect(s.next('g/e', 8, 1000)).toBe('gap'); // 6 and 7 skipped
    expect(s.next('g/e', 6, 1500)).toBe('late');
    expect(s.expired(2999)).toEqual([]); // 7 may still come
    expect(s.expired(3000)).toEqual(['g/e']);
    expect(s.expired(9000)).toEqual([]); // reported once
    expect(s.next('g/e', 7, 9100)).toBe('duplicate'); // too late: nobody waits for it any more
    expect(s.next('g/e', 9, 9200)).toBe('ok');
  });

  it('wraps around 255 → 0 inside a gap', () => {
    const s = new SeqTracker(2000);
    s.birth('g/e', 253);
    expect(s.next('g/e', 1, 0)).toBe('gap'); // 254, 255, 0 skipped
    for (const late of [254, 255, 0]) expect(s.next('g/e', late, 10)).toBe('late');
    expect(s.next('g/e', 2, 20)).toBe('ok');
    expect(s.expired(10_000)).toEqual([]);
  });
});

describe('rebirth governor', () => {
  it('one request per node per cooldown, a global budget per minute, and an off switch', () => {
    let now = 0;
    const g = new RebirthGovernor({ enabled: true, cooldownMs: 60_000, budgetPerMinute: 2, now: () => now });
    expect(g.decide('a', 'unknown_alias')).toBe('send');
    expect(g.decide('a', 'unknown_alias')).toBe('cooldown');
    expect(g.decide('b', 'unknown_alias')).toBe('send');
    expect(g.decide('c', 'unknown_alias')).toBe('budget');
    now = 60_001;
    expect(g.decide('c', 'unknown_alias')).toBe('send');
    expect(g.decide('a', 'unknown_alias')).toBe('send');
    const off = new RebirthGovernor({ enabled: false, cooldownMs: 0, budgetPerMinute: 10 });
    expect(off.decide('a', 'unknown_alias')).toBe('off');
    expect(off.decide('a', 'operator')).toBe('send');
  });
});

describe('birth order', () => {
  it('timestamp first, then seq; a birth without timestamp is never older', () => {
    expect(isOlder({ timestamp: 1n, seq: 9n }, { timestamp: 2n, seq: 0n })).toBe(true);
    expect(isOlder({ timestamp: 2n, seq: 1n }, { timestamp: 2n, seq: 2n })).toBe(true);
    expect(isOlder({ timestamp: 2n, seq: 2n }, { timestamp: 2n, seq: 2n })).toBe(false);
    expect(isOlder({ timestamp: null, seq: 0n }, { timestamp: 5n, seq: 0n })).toBe(false);
  });
});

describe('readNodeMessage', () => {
  const payload = encodePayload({
    timestamp: 123n,
    seq: 7n,
    metrics: [
      { name: 'bdSeq', datatype: 'Int64', value: 2n ** 40n },
      { alias: 5n, datatype: 'Int32', value: 1 },
      { name: 'algorithm', datatype: 'String', value: 'x' },
    ],
  });

  it('reads seq, timestamp, names, aliases and 64-bit integers', () => {
    const r = readNodeMessage(payload);
    expect(r.ok && r.message.seq).toBe(7);
    expect(r.ok && r.message.timestamp).toBe(123n);
    expect(r.ok && r.message.metrics.map((m) => [m.name, m.alias, m.integer])).toEqual([
      ['bdSeq', null, 2n ** 40n],
      [null, 5n, 1n],
      ['algorithm', null, null],
    ]);
  });

  it('unwraps a compressed payload and reports garbage as a reason', () => {
    const r = readNodeMessage(compressPayload(payload, 'GZIP'));
    expect(r.ok && r.message.metrics[1]?.alias).toBe(5n);
    const bad = readNodeMessage(Buffer.from([0x12, 0xff, 0x01]));
    expect(bad.ok).toBe(false);
  });
});

describe('host state', () => {
  it('a birth replaces the alias set of its scope; waiting scopes are reported', () => {
    const h = new HostState();
    h.replaceAliases('g/e/d', [1n, 2n]);
    h.replaceAliases('g/e/d', [3n]);
    expect(h.knowsAlias('g/e/d', 1n)).toBe(false);
    expect(h.knowsAlias('g/e/d', 3n)).toBe(true);
    h.birthWaiting('g/e/d', 1);
    h.birthWaiting('g/e/d', 1);
    h.birthWaiting('g/e/d', -1);
    expect(h.isWaiting('g/e/d')).toBe(true);
    h.birthWaiting('g/e/d', -1);
    expect(h.isWaiting('g/e/d')).toBe(false);
  });
});

describe('CONNECT options', () => {
  const base = {
    url: 'mqtt://127.0.0.1',
    clientId: 'h',
    keepaliveSeconds: 30,
    filters: [],
    maxBackoffMs: 1000,
    log: createLogger({ level: 'silent' }),
  };
  it('clean session (3.1.1) and clean start with session expiry 0 (5.0), unless MQTT_QOS=1 keeps a session on purpose', () => {
    expect(clientOptions({ ...base, qos: 0, protocolVersion: 4 }, 1)).toMatchObject({
      clean: true,
      properties: undefined,
    });
    expect(clientOptions({ ...base, qos: 0, protocolVersion: 5 }, 1)).toMatchObject({
      clean: true,
      properties: undefined,
    });
    expect(clientOptions({ ...base, qos: 1, protocolVersion: 5 }, 1)).toMatchObject({
      clean: false,
      properties: { sessionExpiryInterval: 86_400 },
    });
  });

  it('the Will is the STATE death of that CONNECT: QoS 1, retained, its timestamp', () => {
    const will = (at: number) => ({
      topic: 'spBv1.0/STATE/h',
      payload: Buffer.from(JSON.stringify({ online: false, timestamp: at })),
      retain: true,
    });
    const o = clientOptions({ ...base, qos: 0, protocolVersion: 4, will }, 1234);
    expect(o.will).toMatchObject({ topic: 'spBv1.0/STATE/h', qos: 1, retain: true });
    expect(JSON.parse(String(o.will?.payload))).toEqual({ online: false, timestamp: 1234 });
  });
});
