// Node and device liveness as a Sparkplug host stores it: births make a scope online, DDEATH one device
// offline, an NDEATH of the current session (bdSeq) the node and all its devices — also after a service
// restart, because bdSeq is stored; losing the broker makes everything unknown until it is seen again.
// Read back through uns_meta.device_status, the JSON API and `uns-meta devices list`; an unchanged
// rebirth still writes no row in uns_meta.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { encodePayload } from '../../src/sparkplug/encoder.js';
import { startHttp, type HttpServer } from '../../src/web/server.js';
import { testBroker, uniqueGroup, type TestBroker } from '../support/broker.js';
import { runCli } from '../support/cli.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { TestEdge } from '../support/edge.js';
import { eventually, startLiveService, type LiveService } from '../support/live-service.js';
import { startMosquitto } from '../support/mosquitto.js';

let db: TestDatabase;
let broker: TestBroker;
let http: HttpServer;
const group = uniqueGroup('life');
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  db = await cloneDatabase('device_lifecycle');
  broker = await testBroker();
  const api = {
    pool: db.pool,
    pipeline: {},
    quarantine: {
      limits: { maxPayloadBytes: 1 << 20, maxInflatedBytes: 1 << 20 },
      writer: { changedBy: 't', renameByFingerprint: true, quarantinePayloadMaxBytes: 1000 },
    },
  };
  http = await startHttp({
    host: '127.0.0.1',
    port: 0,
    registry: new Registry(),
    readiness: async () => ({}),
    dbMode: { get: () => 'local', set: async () => undefined },
    api,
  });
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  await http?.stop();
  await broker?.stop();
});

type Status = {
  uns_path: string;
  state: string;
  bdseq: string | null;
  last_birth_at: Date | null;
  last_death_at: Date | null;
};
async function statusOf(edge: string): Promise<Record<string, Status>> {
  const r = await db.pool.query<Status>(
    `SELECT s.uns_path, s.state, s.bdseq::text, s.last_birth_at, s.last_death_at FROM uns_meta.device_status s JOIN uns_meta.devices d USING (device_id)
     WHERE d.group_id = $1 AND d.edge = $2 ORDER BY s.uns_path`,
    [group, edge],
  );
  return Object.fromEntries(r.rows.map((x) => [x.uns_path.split('/').slice(2).join('/') || '(node)', x]));
}
const states = async (edge: string) =>
  Object.fromEntries(Object.entries(await statusOf(edge)).map(([k, v]) => [k, v.state]));

async function service(): Promise<LiveService> {
  const svc = await startLiveService(db.appUrl, broker.url, { MQTT_GROUPS: group });
  await eventually(
    async () => (await svc.ingest.readiness()).broker?.ok,
    (ok) => ok === true,
    10_000,
    'broker connection',
  );
  return svc;
}

const ndeath = (bdSeq: bigint) =>
  encodePayload({ timestamp: BigInt(Date.now()), metrics: [{ name: 'bdSeq', datatype: 'Int64', value: bdSeq }] });

describe('device lifecycle', () => {
  it('births, DDEATH and NDEATH (by bdSeq) are stored and shown by the view, the API and the CLI', async () => {
    const svc = await service();
    cleanups.push(() => svc.stop());
    const edge = new TestEdge(group, 'EdgeL');
    edge.devices.set('Kiln', TestEdge.metrics(4, 1n));
    edge.devices.set('Mill', TestEdge.metrics(4, 10n));
    await edge.connect(broker.url);
    cleanups.push(() => edge.stop());
    edge.newSession();
    await edge.publishBirths();
    const online = await eventually(
      () => statusOf('EdgeL'),
      (s) => Object.keys(s).length === 3 && Object.values(s).every((x) => x.state === 'online'),
      20_000,
      'all online',
    );
    expect(online['(node)']?.bdseq).toBe('1');
    expect(online.Kiln?.bdseq).toBe('1');
    expect(online.Kiln?.last_birth_at).toBeInstanceOf(Date);

    // A DDEATH is timed by its payload timestamp (here a minute ago).
    const diedAt = Date.now() - 60_000;
    await edge.publish(
      `spBv1.0/${group}/DDEATH/EdgeL/Mill`,
      encodePayload({ timestamp: BigInt(diedAt), seq: BigInt(edge.nextSeq()), metrics: [] }),
    );
    const afterDdeath = await eventually(
      () => states('EdgeL'),
      (s) => s.Mill === 'offline',
      10_000,
      'Mill offline',
    );
    expect(afterDdeath).toEqual({ '(node)': 'online', Kiln: 'online', Mill: 'offline' });
    expect((await statusOf('EdgeL')).Mill?.last_death_at?.getTime()).toBe(diedAt);

    // API: the device list with liveness and a state filter; the tree marks edge nodes and devices.
    const list = await (await fetch(`${http.url}/api/devices?state=offline&limit=500`)).json();
    expect(list.items.map((x: { unsPath: string }) => x.unsPath)).toEqual([`${group}/EdgeL/Mill`]);
    expect(list.items[0]).toMatchObject({ state: 'offline', bdSeq: '1' });
    expect(typeof list.items[0].lastDeathAt).toBe('string');
    const tree = await (await fetch(`${http.url}/api/tree?path=${group}/EdgeL`)).json();
    const byName = Object.fromEntries(
      tree.children.map((c: { name: string; state: string | null; kind: string }) => [c.name, [c.kind, c.state]]),
    );
    expect(byName.Kiln).toEqual(['device', 'online']);
    expect(byName.Mill).toEqual(['device', 'offline']);
    const edges = await (await fetch(`${http.url}/api/tree?path=${group}`)).json();
    expect(edges.children.find((c: { name: string }) => c.name === 'EdgeL')?.state).toBe('online');

    // An NDEATH of an older session changes nothing; the current one takes the node and its devices offline.
    await edge.publish(`spBv1.0/${group}/NDEATH/EdgeL`, ndeath(0n));
    await new Promise((r) => setTimeout(r, 700));
    expect((await states('EdgeL'))['(node)']).toBe('online');
    await edge.publish(`spBv1.0/${group}/NDEATH/EdgeL`, ndeath(1n));
    expect(
      await eventually(
        () => states('EdgeL'),
        (s) => s['(node)'] === 'offline' && s.Kiln === 'offline',
        10_000,
        'node offline',
      ),
    ).toEqual({ '(node)': 'offline', Kiln: 'offline', Mill: 'offline' });

    const cli = await runCli(['devices', 'list', '--prefix', `${group}/EdgeL`, '--json'], { DATABASE_URL: db.appUrl });
    expect(cli.code).toBe(0);
    const out = JSON.parse(cli.stdout);
    expect(out.total).toBe(3);
    expect(out.rows.map((r: { unsPath: string; state: string }) => `${r.unsPath}=${r.state}`)).toEqual([
      `${group}/EdgeL=offline`,
      `${group}/EdgeL/Kiln=offline`,
      `${group}/EdgeL/Mill=offline`,
    ]);
    const bad = await runCli(['devices', 'list', '--state', 'dead'], { DATABASE_URL: db.appUrl });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('expected online, offline or unknown');
    await svc.stop();
    cleanups.pop();
  });

  it('an unchanged rebirth writes no row in uns_meta, only the liveness', async () => {
    const svc = await service();
    cleanups.push(() => svc.stop());
    const edge = new TestEdge(group, 'EdgeU');
    edge.devices.set('Pump', TestEdge.metrics(6, 1n));
    edge.answerRebirth = false;
    await edge.connect(broker.url);
    cleanups.push(() => edge.stop());
    await edge.publishBirths();
    await eventually(
      () => states('EdgeU'),
      (s) => s.Pump === 'online',
      20_000,
      'Pump online',
    );
    await svc.ingest.queue.drained();
    const rows = () =>
      db.pool
        .query(
          `SELECT (SELECT string_agg(xmin::text, ',' ORDER BY device_id) FROM uns_meta.devices WHERE group_id = $1) AS d,
                            (SELECT string_agg(m.xmin::text, ',' ORDER BY metric_id) FROM uns_meta.metrics m JOIN uns_meta.devices USING (device_id) WHERE group_id = $1) AS m,
                            (SELECT count(*) FROM uns_meta.metric_versions) AS v`,
          [group],
        )
        .then((r) => r.rows[0]);
    const before = await rows();
    await edge.publish(
      `spBv1.0/${group}/DDEATH/EdgeU/Pump`,
      encodePayload({ timestamp: BigInt(Date.now()), seq: BigInt(edge.nextSeq()), metrics: [] }),
    );
    await eventually(
      () => states('EdgeU'),
      (s) => s.Pump === 'offline',
      10_000,
      'Pump offline',
    );
    await edge.publish(`spBv1.0/${group}/DBIRTH/EdgeU/Pump`, edge.dbirthPayload('Pump'));
    await eventually(
      () => states('EdgeU'),
      (s) => s.Pump === 'online',
      10_000,
      'Pump online again',
    );
    await svc.ingest.queue.drained();
    expect(await rows()).toEqual(before);
    await svc.stop();
    cleanups.pop();
  });

  it('bdSeq survives a restart: the states become unknown, and the NDEATH of the stored session takes the node offline', async () => {
    let svc = await service();
    const edge = new TestEdge(group, 'EdgeR');
    edge.devices.set('Fan', TestEdge.metrics(3, 1n));
    edge.answerRebirth = false;
    await edge.connect(broker.url);
    cleanups.push(() => edge.stop());
    for (let i = 0; i < 4; i++) edge.newSession();
    await edge.publishBirths();
    await eventually(
      () => states('EdgeR'),
      (s) => s['(node)'] === 'online' && s.Fan === 'online',
      20_000,
      'online',
    );
    await svc.stop();
    // Nobody watched while the service was down.
    expect(await states('EdgeR')).toEqual({ '(node)': 'unknown', Fan: 'unknown' });

    svc = await service();
    cleanups.push(() => svc.stop());
    expect(await states('EdgeR')).toEqual({ '(node)': 'unknown', Fan: 'unknown' });
    await edge.publish(`spBv1.0/${group}/NDEATH/EdgeR`, ndeath(3n));
    await new Promise((r) => setTimeout(r, 700));
    expect((await states('EdgeR'))['(node)']).toBe('unknown');
    await edge.publish(`spBv1.0/${group}/NDEATH/EdgeR`, ndeath(4n));
    const dead = await eventually(
      () => statusOf('EdgeR'),
      (s) => s['(node)']?.state === 'offline' && s.Fan?.state === 'offline',
      10_000,
      'offline after restart',
    );
    expect(dead['(node)']?.bdseq).toBe('4');
  });

  it('losing the broker makes every device unknown until it is seen again', async () => {
    const mosquitto = await startMosquitto();
    cleanups.push(() => mosquitto.stop());
    const svc = await startLiveService(db.appUrl, mosquitto.url, { MQTT_GROUPS: group, MQTT_REBIRTH: 'off' });
    cleanups.push(() => svc.stop());
    await eventually(
      async () => (await svc.ingest.readiness()).broker?.ok,
      (ok) => ok === true,
      10_000,
      'broker connection',
    );
    const edge = new TestEdge(group, 'EdgeB');
    edge.devices.set('Belt', TestEdge.metrics(3, 1n));
    edge.rebirthOnReconnect = false;
    await edge.connect(mosquitto.url);
    cleanups.push(() => edge.stop());
    await edge.publishBirths();
    await eventually(
      () => states('EdgeB'),
      (s) => s.Belt === 'online',
      20_000,
      'online',
    );
    await mosquitto.restart(async () => {
      expect(
        await eventually(
          () => states('EdgeB'),
          (s) => s.Belt === 'unknown',
          10_000,
          'unknown while the broker is away',
        ),
      ).toEqual({ '(node)': 'unknown', Belt: 'unknown' });
    });
    await eventually(
      async () => (await svc.ingest.readiness()).broker?.ok,
      (ok) => ok === true,
      20_000,
      'reconnected',
    );
    await eventually(
      async () => edge.connected(),
      (c) => c,
      20_000,
      'edge reconnected',
    );
    // No rebirth (MQTT_REBIRTH=off, the edge does not rebirth on reconnect): DATA alone confirms the device.
    await edge.publish(`spBv1.0/${group}/DDATA/EdgeB/Belt`, edge.ddataPayload([1n]));
    expect(
      await eventually(
        () => states('EdgeB'),
        (s) => s.Belt === 'online',
        10_000,
        'online after DATA',
      ),
    ).toEqual({ '(node)': 'online', Belt: 'online' });
  });
});
