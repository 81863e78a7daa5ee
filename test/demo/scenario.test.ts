// The demo's pure parts: the namespace looks like the plant captures, cycles are seeded and keep aliases
// honest (renames keep alias/datatype/keys, retired aliases never return), seq wraps, NCMD parsing.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isRebirthRequest } from '../../src/demo/command.js';
import { EdgeSession } from '../../src/demo/edge-session.js';
import { Scenario, type DemoDevice } from '../../src/demo/scenario.js';
import type { BirthMetric, PropertyType } from '../../src/sparkplug/birth.js';
import { parseCaptureLine } from '../../src/sparkplug/capture.js';
import { decodeJsonPayload } from '../../src/sparkplug/json-payload.js';
import { decodePayload, encodePayload } from '../../src/sparkplug/payload.js';

const DIR = new URL('../sparkplug/fixtures/', import.meta.url);

/** Property key → stored type, and NBIRTH metrics, as the plant captures have them. */
function fixtureShape(): { keyTypes: Map<string, PropertyType>; nbirth: Map<string, BirthMetric> } {
  const keyTypes = new Map<string, PropertyType>();
  const nbirth = new Map<string, BirthMetric>();
  const typed = decodeJsonPayload(readFileSync(new URL('messages_spBv1.0_Secil_DBIRTH_Portugal_Cement.json', DIR)));
  if (!typed.ok) throw new Error(typed.reason);
  for (const r of typed.metrics()) if (r.ok) for (const [k, v] of r.metric.properties) keyTypes.set(k, v.type);
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(new URL(file, DIR), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')) {
      const c = parseCaptureLine(line);
      if (!c.ok) throw new Error(c.reason);
      for (const r of c.metrics()) {
        if (!r.ok) continue;
        for (const [k, v] of r.metric.properties) if (!keyTypes.has(k)) keyTypes.set(k, v.type);
        if (c.topic.includes('/NBIRTH/') && r.metric.name !== null) nbirth.set(r.metric.name, r.metric);
      }
    }
  }
  return { keyTypes, nbirth };
}

function decoded(payload: Buffer): BirthMetric[] {
  const d = decodePayload(payload);
  if (!d.ok) throw new Error(d.reason);
  return [...d.metrics()].map((r) => {
    if (!r.ok) throw new Error(r.reason);
    return r.metric;
  });
}

const json = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));

describe('demo namespace', () => {
  it('uses the capture property keys with their Sparkplug types, ≈ 8.45 per metric', () => {
    const { keyTypes } = fixtureShape();
    const session = new EdgeSession('Demo', 'Maceira-Edge', () => 1);
    const metrics = new Scenario({ devices: 5, metricsPerDevice: 40, seed: 1 }).devices.flatMap((d) =>
      decoded(session.dbirth(d).payload),
    );
    expect(metrics).toHaveLength(200);
    let props = 0;
    for (const m of metrics) {
      for (const [key, v] of m.properties) expect([key, v.type]).toEqual([key, keyTypes.get(key)]);
      props += m.properties.size;
    }
    expect(props / metrics.length).toBeGreaterThan(8.0);
    expect(props / metrics.length).toBeLessThan(9.0);
    const booleans = metrics.filter((m) => m.datatype === 'Boolean').length;
    expect(booleans / metrics.length).toBeGreaterThan(0.3);
    expect(new Set(metrics.map((m) => m.datatype)).size).toBeGreaterThanOrEqual(5);
  });

  it('has an NBIRTH whose capture-named metrics carry the captured datatypes and property keys', () => {
    const { nbirth } = fixtureShape();
    const metrics = decoded(new EdgeSession('Demo', 'Maceira-Edge', () => 1).nbirth().payload);
    expect(metrics.map((m) => m.alias)).toEqual([1n, 2n, 3n, 4n, 5n]);
    for (const m of metrics) {
      const real = nbirth.get(m.name ?? '');
      expect(real, m.name ?? '').toBeDefined();
      expect([m.name, m.datatype, [...m.properties.keys()].sort()]).toEqual([
        real?.name,
        real?.datatype,
        [...(real?.properties.keys() ?? [])].sort(),
      ]);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const run = (seed: number) => {
      const s = new Scenario({ devices: 2, metricsPerDevice: 20, seed });
      const cycles = Array.from({ length: 8 }, () => s.cycle()).map((c) => ({
        ...c,
        births: c.births.map((b) => b.changes),
      }));
      return json({ devices: s.devices, cycles });
    };
    expect(run(5)).toBe(run(5));
    expect(run(5)).not.toBe(run(6));
  });

  it('renames keep alias, datatype and keys; retired aliases never return; names and aliases stay unique', () => {
    const s = new Scenario({ devices: 3, metricsPerDevice: 15, seed: 9 });
    const snapshot = (d: DemoDevice) =>
      new Map(
        d.metrics.map((m) => [m.alias, { name: m.name, datatype: m.datatype, keys: Object.keys(m.properties).join() }]),
      );
    let before = new Map(s.devices.map((d) => [d.id, snapshot(d)]));
    const retired = new Set<bigint>();
    const kinds = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const c = s.cycle();
      for (const { device, changes } of c.births) {
        const prev = before.get(device.id);
        const next = snapshot(device);
        for (const ch of changes) {
          kinds.add(ch.kind);
          if (ch.kind === 'renamed') {
            expect(prev?.get(ch.alias)?.name).toBe(ch.from);
            expect(next.get(ch.alias)).toEqual({ ...prev?.get(ch.alias), name: ch.to });
          }
          if (ch.kind === 'retired') retired.add(ch.alias);
          if (ch.kind === 'property') expect(ch.to).not.toEqual(ch.from);
        }
      }
      before = new Map(s.devices.map((d) => [d.id, snapshot(d)]));
      const aliases = s.devices.flatMap((d) => d.metrics.map((m) => m.alias));
      expect(new Set(aliases).size).toBe(aliases.length);
      expect(aliases.filter((a) => retired.has(a))).toEqual([]);
      for (const d of s.devices) expect(new Set(d.metrics.map((m) => m.name)).size).toBe(d.metrics.length);
    }
    expect([...kinds].sort()).toEqual(['added', 'property', 'renamed', 'retired']);
    expect(s.devices.map((d) => d.metrics.length)).toEqual([15, 15, 15]);
  });
});

describe('demo edge session', () => {
  it('wraps seq after 255 and keeps timestamps increasing with a frozen clock', () => {
    const session = new EdgeSession('G', 'E', () => 1000);
    const device = new Scenario({ devices: 1, metricsPerDevice: 3, seed: 1 }).devices[0] as DemoDevice;
    const header = (p: Buffer) => {
      const d = decodePayload(p);
      if (!d.ok) throw new Error(d.reason);
      return d.header;
    };
    const headers = [header(session.nbirth().payload)];
    for (let i = 0; i < 258; i++) headers.push(header(session.ddata(device, device.metrics).payload));
    expect(headers.map((h) => Number(h.seq)).slice(254, 259)).toEqual([254, 255, 0, 1, 2]);
    for (let i = 1; i < headers.length; i++)
      expect((headers[i]?.timestamp ?? 0n) > (headers[i - 1]?.timestamp ?? 0n)).toBe(true);
  });
});

describe('isRebirthRequest', () => {
  const ncmd = (metric: { name?: string; alias?: bigint; value: boolean }) =>
    encodePayload({ timestamp: 1n, metrics: [{ datatype: 'Boolean', ...metric }] });
  it.each([
    ['by name, true', ncmd({ name: 'Node Control/Rebirth', value: true }), true],
    ['by alias, true', ncmd({ alias: 3n, value: true }), true],
    ['by name, false', ncmd({ name: 'Node Control/Rebirth', value: false }), false],
    ['another command', ncmd({ name: 'Node Control/Next Server', value: true }), false],
    ['another alias', ncmd({ alias: 1n, value: true }), false],
    ['not protobuf', Buffer.from([0xff, 0xff, 0xff]), false],
  ])('%s', (_what, payload, expected) => {
    expect(isRebirthRequest(payload)).toBe(expected);
  });
});
