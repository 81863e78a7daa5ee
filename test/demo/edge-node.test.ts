// The demo edge node against a real in-process aedes broker, watched by a plain MQTT client: births,
// aliases and properties, seq continuity, rebirth cycles, NCMD rebirth, reconnect with a new bdSeq, stop.
import net from 'node:net';
import { Aedes, type Client } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeSimulator, type EdgeSimulator, type EdgeSimulatorOptions } from '../../src/demo/edge-node.js';
import type { BirthMetric } from '../../src/sparkplug/birth.js';
import { org } from '../../src/sparkplug/generated/sparkplug_b.js';
import { metricValue } from '../../src/sparkplug/metric-value.js';
import { decodePayload, encodePayload } from '../../src/sparkplug/payload.js';

type SeenMetric = BirthMetric & { value: unknown };
interface Seen {
  topic: string;
  type: string;
  device: string;
  seq: number | null;
  timestamp: bigint | null;
  metrics: SeenMetric[];
}

function decode(topic: string, payload: Buffer): Seen {
  const d = decodePayload(payload);
  if (!d.ok) throw new Error(d.reason);
  const raw = org.eclipse.tahu.protobuf.Payload.decode(payload).metrics;
  const metrics = [...d.metrics()].map((r, i) => {
    if (!r.ok) throw new Error(r.reason);
    const v = metricValue(raw[i] ?? {});
    return { ...r.metric, value: v.ok ? v.value : undefined };
  });
  const [, , type = '', , device = ''] = topic.split('/');
  return {
    topic,
    type,
    device,
    seq: d.header.seq === null ? null : Number(d.header.seq),
    timestamp: d.header.timestamp,
    metrics,
  };
}

let broker: Aedes;
let server: net.Server;
let url: string;
const sockets = new Set<net.Socket>();
const brokerClients = new Map<string, Client>();
const running: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  broker = await Aedes.createBroker();
  broker.on('client', (c) => brokerClients.set(c.id, c));
  server = net.createServer(broker.handle);
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

afterAll(async () => {
  await new Promise<void>((resolve) => broker.close(() => resolve()));
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function watch(
  group: string,
): Promise<{ seen: Seen[]; client: MqttClient; until(what: string, done: (s: Seen[]) => boolean): Promise<void> }> {
  const client = await mqtt.connectAsync(url, { clientId: `watcher-${group}` });
  running.push({ stop: () => client.endAsync() });
  const seen: Seen[] = [];
  client.on('message', (topic, payload) => seen.push(decode(topic, payload)));
  await client.subscribeAsync(`spBv1.0/${group}/#`, { qos: 1 });
  const until = async (what: string, done: (s: Seen[]) => boolean): Promise<void> => {
    for (const t0 = Date.now(); !done(seen); await new Promise((r) => setTimeout(r, 10))) {
      if (Date.now() - t0 > 10_000)
        throw new Error(
          `timed out waiting for ${what}; seen: ${seen.map((s) => `${s.type}:${s.device}:${s.seq}`).join(' ')}`,
        );
    }
  };
  return { seen, client, until };
}

async function simulate(opts: Omit<EdgeSimulatorOptions, 'mqttUrl'>): Promise<{ sim: EdgeSimulator; lines: string[] }> {
  const lines: string[] = [];
  const sim = await startEdgeSimulator({ mqttUrl: url, print: (l) => lines.push(l), ...opts });
  running.push(sim);
  return { sim, lines };
}

const count = (seen: Seen[], type: string): number => seen.filter((s) => s.type === type).length;
const bdSeqOf = (s: Seen | undefined): unknown => s?.metrics.find((m) => m.name === 'bdSeq')?.value;
const byAlias = (s: Seen): Map<bigint | null, SeenMetric> => new Map(s.metrics.map((m) => [m.alias, m]));
const short = (name: string): string => `…/${name.split('/').slice(-2).join('/')}`;

/** Every message after an NBIRTH carries the previous seq + 1 (mod 256); NDEATH and the host's NCMD none. */
function expectSeqContinuity(seen: Seen[]): void {
  let prev: number | null = null;
  for (const s of seen) {
    if (s.type === 'NDEATH' || s.type === 'NCMD') continue;
    if (s.type === 'NBIRTH') expect(s.seq).toBe(0);
    else expect([s.type, s.seq]).toEqual([s.type, ((prev ?? -1) + 1) % 256]);
    prev = s.seq;
  }
}

describe('startEdgeSimulator', () => {
  it('publishes NBIRTH then one DBIRTH per device, every metric aliased and real-shaped', async () => {
    const w = await watch('Demo');
    const { lines } = await simulate({ intervalMs: 60_000, seed: 3 });
    await w.until('NBIRTH + 2 DBIRTHs', (s) => count(s, 'DBIRTH') === 2);
    expect(w.seen.map((s) => s.topic)).toEqual([
      'spBv1.0/Demo/NBIRTH/Maceira-Edge',
      'spBv1.0/Demo/DBIRTH/Maceira-Edge/Kiln-1',
      'spBv1.0/Demo/DBIRTH/Maceira-Edge/Cement-Mill-7',
    ]);
    expect(w.seen.map((s) => s.seq)).toEqual([0, 1, 2]);
    const stamps = w.seen.map((s) => s.timestamp ?? 0n);
    expect(stamps.every((t, i) => i === 0 || t > (stamps[i - 1] ?? 0n))).toBe(true);

    const [nbirth, ...dbirths] = w.seen;
    const bdSeq = nbirth?.metrics.find((m) => m.name === 'bdSeq');
    expect([bdSeq?.datatype, bdSeq?.value]).toEqual(['Int64', 0n]);
    const rebirth = nbirth?.metrics.find((m) => m.name === 'Node Control/Rebirth');
    expect([rebirth?.datatype, rebirth?.value, rebirth?.properties.get('documentation')?.type]).toEqual([
      'Boolean',
      false,
      'string',
    ]);
    expect(nbirth?.metrics.map((m) => m.name)).toContain('Node Info/Transmission Version');

    const all = w.seen.flatMap((s) => s.metrics);
    expect(all.filter((m) => m.alias === null)).toEqual([]);
    expect(new Set(all.map((m) => m.alias)).size).toBe(all.length);
    for (const d of dbirths) {
      expect(d.metrics).toHaveLength(40);
      expect(new Set(d.metrics.map((m) => m.name)).size).toBe(40);
      const plant = d.metrics.filter((m) => m.name !== 'Device Control/Rebirth');
      for (const m of plant) {
        expect([
          m.name,
          m.properties.get('engHigh')?.type,
          m.properties.get('documentation')?.type,
          m.properties.get('Quality')?.type,
        ]).toEqual([m.name, 'double', 'string', 'int']);
      }
      const perMetric = d.metrics.reduce((n, m) => n + m.properties.size, 0) / d.metrics.length;
      expect(perMetric).toBeGreaterThan(7.5);
      expect(perMetric).toBeLessThan(9.5);
    }
    expect(lines).toContain('edge Demo/Maceira-Edge: NBIRTH (5 metrics, bdSeq 0)');
    expect(lines).toContain('edge Demo/Maceira-Edge: DBIRTH Kiln-1 (40 metrics)');
  });

  it('rebirth cycles edit properties, rename (same alias) and retire metrics, with DDATA by alias and seq continuity', async () => {
    const w = await watch('Cycles');
    const { sim, lines } = await simulate({ group: 'Cycles', intervalMs: 30, seed: 11 });
    await w.until('4 cycles', () => sim.cycles() >= 4);
    await sim.stop();
    await w.until('NDEATH', (s) => count(s, 'NDEATH') === 1);
    expectSeqContinuity(w.seen);

    const last = new Map<string, Seen>();
    const found = { property: 0, renamed: 0, retired: 0, data: 0 };
    const retired = new Set<bigint | null>();
    for (const s of w.seen) {
      if (s.type === 'DDATA') {
        const birth = byAlias(last.get(s.device) as Seen);
        for (const m of s.metrics) {
          expect([m.name, birth.get(m.alias)?.datatype]).toEqual([null, m.datatype]);
          found.data++;
        }
      }
      if (s.type !== 'DBIRTH') continue;
      for (const m of s.metrics) expect(retired.has(m.alias)).toBe(false);
      const prev = last.get(s.device);
      last.set(s.device, s);
      if (!prev) continue;
      const next = byAlias(s);
      for (const before of prev.metrics) {
        const after = next.get(before.alias);
        if (!after) {
          retired.add(before.alias);
          found.retired++;
          expect(s.metrics.map((m) => m.name)).not.toContain(before.name);
          expect(lines.some((l) => l.includes(`retired '${short(before.name ?? '')}' (alias ${before.alias})`))).toBe(
            true,
          );
        } else if (after.name !== before.name) {
          found.renamed++;
          expect([after.datatype, [...after.properties.keys()]]).toEqual([
            before.datatype,
            [...before.properties.keys()],
          ]);
          expect(s.metrics.map((m) => m.name)).not.toContain(before.name);
          expect(
            lines.some((l) =>
              l.includes(
                `renamed '${short(before.name ?? '')}' → '${short(after.name ?? '')}' (alias ${before.alias})`,
              ),
            ),
          ).toBe(true);
        } else {
          for (const [key, v] of before.properties) {
            if (after.properties.get(key)?.value === v.value) continue;
            found.property++;
            expect(lines.some((l) => l.includes(`${key} of '${short(before.name ?? '')}'`))).toBe(true);
          }
        }
      }
    }
    expect(found.property).toBeGreaterThan(0);
    expect(found.renamed).toBeGreaterThan(0);
    expect(found.retired).toBeGreaterThan(0);
    expect(found.data).toBeGreaterThan(0);
  });

  it('answers NCMD Node Control/Rebirth = true with NBIRTH (same bdSeq) and every DBIRTH, and ignores false', async () => {
    const w = await watch('Cmd');
    const { lines } = await simulate({ group: 'Cmd', devices: 3, metricsPerDevice: 10, intervalMs: 60_000 });
    await w.until('first births', (s) => count(s, 'DBIRTH') === 3);
    const ncmd = (value: boolean) =>
      encodePayload({
        timestamp: BigInt(Date.now()),
        metrics: [{ name: 'Node Control/Rebirth', datatype: 'Boolean', value }],
      });
    await w.client.publishAsync('spBv1.0/Cmd/NCMD/Maceira-Edge', ncmd(false), { qos: 1 });
    await w.until('the ignored line', () => lines.some((l) => l.includes('NCMD ignored')));
    await w.client.publishAsync('spBv1.0/Cmd/NCMD/Maceira-Edge', ncmd(true), { qos: 1 });
    await w.until('second births', (s) => count(s, 'DBIRTH') === 6);
    expect(w.seen.map((s) => `${s.type} ${s.device}`.trim())).toEqual([
      'NBIRTH',
      'DBIRTH Kiln-1',
      'DBIRTH Cement-Mill-7',
      'DBIRTH Bypass',
      'NCMD',
      'NCMD',
      'NBIRTH',
      'DBIRTH Kiln-1',
      'DBIRTH Cement-Mill-7',
      'DBIRTH Bypass',
    ]);
    expectSeqContinuity(w.seen);
    expect(bdSeqOf(w.seen[6])).toBe(bdSeqOf(w.seen[0]));
    const names = (s: Seen | undefined) => s?.metrics.map((m) => `${m.alias} ${m.name}`);
    expect(names(w.seen[7])).toEqual(names(w.seen[1]));
    expect(lines.some((l) => l.includes('NCMD Node Control/Rebirth'))).toBe(true);
  });

  it('after a dropped connection the will NDEATH carries the old bdSeq and the new births the next one', async () => {
    const w = await watch('Drop');
    await simulate({
      group: 'Drop',
      devices: 1,
      intervalMs: 60_000,
      clientOptions: { clientId: 'demo-drop', reconnectPeriod: 50 },
    });
    await w.until('first births', (s) => count(s, 'DBIRTH') === 1);
    brokerClients.get('demo-drop')?.conn.destroy();
    await w.until('births after the reconnect', (s) => count(s, 'DBIRTH') === 2);
    expect(w.seen.map((s) => [s.type, s.type === 'DBIRTH' ? s.seq : bdSeqOf(s)])).toEqual([
      ['NBIRTH', 0n],
      ['DBIRTH', 1],
      ['NDEATH', 0n],
      ['NBIRTH', 1n],
      ['DBIRTH', 1],
    ]);
  });

  it('stop publishes one NDEATH with the NBIRTH bdSeq, is idempotent and ends the cycles', async () => {
    const w = await watch('Stop');
    const { sim, lines } = await simulate({ group: 'Stop', intervalMs: 20 });
    await w.until('first births', (s) => count(s, 'DBIRTH') >= 2);
    await Promise.all([sim.stop(), sim.stop()]);
    await sim.stop();
    await w.until('NDEATH', (s) => count(s, 'NDEATH') === 1);
    const seenAtStop = w.seen.length;
    const cyclesAtStop = sim.cycles();
    await new Promise((r) => setTimeout(r, 150));
    expect([w.seen.length, sim.cycles(), count(w.seen, 'NDEATH')]).toEqual([seenAtStop, cyclesAtStop, 1]);
    expect(w.seen.at(-1)?.type).toBe('NDEATH');
    expect(bdSeqOf(w.seen.at(-1))).toBe(bdSeqOf(w.seen.find((s) => s.type === 'NBIRTH')));
    expect(lines.at(-1)).toBe('edge Stop/Maceira-Edge: NDEATH (bdSeq 0); disconnecting');
  });

  it('rejects the start when no broker listens', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await expect(startEdgeSimulator({ mqttUrl: `mqtt://127.0.0.1:${port}`, print: () => {} })).rejects.toMatchObject({
      code: 'usage',
    });
  });
});
