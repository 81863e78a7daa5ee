// The live service as a Sparkplug host: protobuf births from real MQTT publishers land completely,
// DATA with an unknown alias earns one rebirth request per cooldown, stale births are not applied,
// NDEATH of an old session is ignored, and /metrics counts it all.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { testBroker, uniqueGroup, type TestBroker } from '../support/broker.js';
import { TestEdge } from '../support/edge.js';
import { eventually, startLiveService, type LiveService } from '../support/live-service.js';
import { registry } from '../../src/metrics.js';
import { runCli } from '../support/cli.js';

let db: TestDatabase;
let broker: TestBroker;
let svc: LiveService;
const group = uniqueGroup('live');

beforeAll(async () => {
  db = await cloneDatabase('live_ingest');
  broker = await testBroker();
  svc = await startLiveService(db.appUrl, broker.url, { MQTT_GROUPS: group, MQTT_REBIRTH_COOLDOWN_SECONDS: '3' });
  await eventually(
    async () => (await svc.ingest.readiness()).broker?.ok,
    (ok) => ok === true,
    10_000,
    'broker connection',
  );
});

afterAll(async () => {
  await svc?.stop();
  await broker?.stop();
});

const count = async (sql: string, params: unknown[] = []) =>
  Number((await db.pool.query<{ n: string }>(sql, params)).rows[0]?.n);
const docsOf = async (edge: string) =>
  (
    await db.pool.query<{ v: string }>(
      `SELECT p.value_string AS v FROM uns_meta.metric_properties p JOIN uns_meta.metrics m USING (metric_id) JOIN uns_meta.devices d USING (device_id)
       WHERE d.group_id = $1 AND d.edge = $2 AND p.key = 'Documentation' ORDER BY v`,
      [group, edge],
    )
  ).rows.map((r) => r.v);

describe('live ingest', () => {
  it('births from several nodes and devices land completely', async () => {
    const edges = [new TestEdge(group, 'EdgeA'), new TestEdge(group, 'EdgeB')];
    for (const [i, e] of edges.entries()) {
      for (let d = 0; d < 3; d++) e.devices.set(`Dev${d}`, TestEdge.metrics(25 + d, 1n, `e${i}`));
      await e.connect(broker.url);
      await e.publishBirths();
    }
    // 2 nodes × (3 NBIRTH metrics + 25+26+27 device metrics)
    await eventually(
      () =>
        count(
          'SELECT count(*) AS n FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id) WHERE d.group_id = $1',
          [group],
        ),
      (n) => n === 2 * (3 + 78),
      20_000,
      'all metrics',
    );
    expect(await count('SELECT count(*) AS n FROM uns_meta.devices WHERE group_id = $1', [group])).toBe(8);
    const props = await db.pool.query<{ key: string; n: string }>(
      `SELECT p.key, count(*) AS n FROM uns_meta.metric_properties p JOIN uns_meta.metrics m USING (metric_id) JOIN uns_meta.devices d USING (device_id)
       WHERE d.group_id = $1 AND d.device_id IS NOT NULL AND m.name LIKE 'Area/%' GROUP BY p.key ORDER BY p.key`,
      [group],
    );
    expect(props.rows.map((r) => [r.key, Number(r.n)])).toEqual([
      ['Documentation', 156],
      ['engHigh', 156],
      ['engLow', 156],
      ['engUnit', 156],
    ]);
    // aliases persisted per scope: a restart needs no rebirth
    expect(
      await count('SELECT count(*) AS n FROM uns_meta_sync.aliases WHERE group_id = $1 AND edge = $2 AND device = $3', [
        group,
        'EdgeA',
        'Dev2',
      ]),
    ).toBe(27);
    for (const e of edges) await e.stop();
  });

  it('a rebirth request is an NCMD with QoS 0, not retained, a timestamp, no seq and Node Control/Rebirth = true', async () => {
    const { org } = await import('../../src/sparkplug/generated/sparkplug_b.js');
    const watcher = await mqtt.connectAsync(broker.url);
    const packets: Array<{ qos: number; retain: boolean; payload: Buffer }> = [];
    watcher.on('message', (_topic, payload, packet) =>
      packets.push({ qos: packet.qos, retain: packet.retain, payload }),
    );
    await watcher.subscribeAsync(`spBv1.0/${group}/NCMD/EdgeC`, { qos: 1 });
    const edge = new TestEdge(group, 'EdgeC');
    edge.devices.set('Pump', TestEdge.metrics(2, 1n));
    await edge.connect(broker.url);
    // DATA from a node whose NBIRTH this host never saw: a stale view (no_session).
    await edge.publish(`spBv1.0/${group}/DDATA/EdgeC/Pump`, edge.ddataPayload([1n]));
    await eventually(
      async () => packets.length,
      (n) => n === 1,
      5_000,
      'NCMD',
    );
    const [p] = packets;
    expect(p).toMatchObject({ qos: 0, retain: false });
    const msg = org.eclipse.tahu.protobuf.Payload.decode(p?.payload as Buffer);
    expect(Object.prototype.hasOwnProperty.call(msg, 'seq')).toBe(false);
    expect(Math.abs(Number(msg.timestamp) - Date.now())).toBeLessThan(10_000);
    expect(msg.metrics.map((m) => [m.name, m.booleanValue])).toEqual([['Node Control/Rebirth', true]]);
    await watcher.endAsync();
    await edge.stop();
  });

  it('DATA with an unknown alias causes exactly one NCMD rebirth per cooldown', async () => {
    const edge = new TestEdge(group, 'EdgeR');
    edge.devices.set('Pump', TestEdge.metrics(5, 100n));
    edge.answerRebirth = false;
    await edge.connect(broker.url);
    await edge.publishBirths();
    await eventually(
      () =>
        count('SELECT count(*) AS n FROM uns_meta_sync.aliases WHERE group_id = $1 AND edge = $2 AND device = $3', [
          group,
          'EdgeR',
          'Pump',
        ]),
      (n) => n === 5,
    );
    await svc.ingest.queue.drained();
    // known aliases: no request
    await edge.publish(`spBv1.0/${group}/DDATA/EdgeR/Pump`, edge.ddataPayload([100n, 104n]));
    await new Promise((r) => setTimeout(r, 500));
    expect(edge.commands).toEqual([]);
    // a burst of unknown aliases: one request
    for (let i = 0; i < 5; i++) await edge.publish(`spBv1.0/${group}/DDATA/EdgeR/Pump`, edge.ddataPayload([999n]));
    await eventually(
      async () => edge.commands.length,
      (n) => n >= 1,
      5_000,
      'NCMD',
    );
    await new Promise((r) => setTimeout(r, 800));
    expect(edge.commands).toEqual([`spBv1.0/${group}/NCMD/EdgeR`]);
    // after the cooldown (3 s) the next unknown alias asks again
    await new Promise((r) => setTimeout(r, 3_000));
    await edge.publish(`spBv1.0/${group}/DDATA/EdgeR/Pump`, edge.ddataPayload([999n]));
    await eventually(
      async () => edge.commands.length,
      (n) => n === 2,
      5_000,
      'second NCMD',
    );
    const text = await registry.metrics();
    expect(text).toMatch(/uns_metadata_sync_rebirth_requests_total\{reason="unknown_alias"\} [2-9]/);
    expect(text).toMatch(
      /uns_metadata_sync_rebirth_suppressed_total\{reason="unknown_alias",decision="cooldown"\} [1-9]/,
    );
    await edge.stop();
  });

  it('DATA naming a metric the birth did not declare asks for a rebirth (stale view); a declared name does not', async () => {
    const { encodePayload } = await import('../../src/sparkplug/encoder.js');
    const edge = new TestEdge(group, 'EdgeN');
    edge.devices.set('Pump', TestEdge.metrics(3, 1n));
    edge.answerRebirth = false;
    await edge.connect(broker.url);
    await edge.publishBirths();
    await eventually(
      () => docsOf('EdgeN'),
      (d) => d.length === 4,
    );
    await svc.ingest.queue.drained();
    const named = (name: string) =>
      encodePayload({
        timestamp: edge.nextTimestamp(),
        seq: BigInt(edge.nextSeq()),
        metrics: [{ name, datatype: 'Int32', value: 1 }],
      });
    await edge.publish(`spBv1.0/${group}/DDATA/EdgeN/Pump`, named('Area/Line 1/Tag 1'));
    await new Promise((r) => setTimeout(r, 500));
    expect(edge.commands).toEqual([]);
    await edge.publish(`spBv1.0/${group}/DDATA/EdgeN/Pump`, named('Area/Line 9/Tag 99'));
    await eventually(
      async () => edge.commands.length,
      (n) => n === 1,
      5_000,
      'NCMD',
    );
    expect(await registry.metrics()).toMatch(/uns_metadata_sync_rebirth_requests_total\{reason="unknown_metric"\} 1/);
    await edge.stop();
  });

  it('MetaData, a DataSet and a Template definition and instance published through the broker are stored', async () => {
    const { encodePayload } = await import('../../src/sparkplug/encoder.js');
    const edge = new TestEdge(group, 'EdgeM');
    edge.answerRebirth = false;
    await edge.connect(broker.url);
    await edge.publish(
      `spBv1.0/${group}/NBIRTH/EdgeM`,
      encodePayload({
        timestamp: edge.nextTimestamp(),
        seq: 0n,
        metrics: [
          { name: 'bdSeq', datatype: 'Int64', value: 0n },
          {
            name: 'Kiln/Inlet Temp',
            datatype: 'Float',
            value: 880,
            isHistorical: false,
            metadata: { description: 'kiln inlet', contentType: 'text/plain' },
          },
          {
            name: 'Kiln/Recipe',
            datatype: 'DataSet',
            value: { columns: ['step', 'temp'], types: ['Int32', 'Float'], rows: [[1, 900]] },
          },
          {
            name: 'Fan',
            datatype: 'Template',
            value: { isDefinition: true, version: '2', metrics: [{ name: 'Amps', datatype: 'Double', value: 0 }] },
          },
          {
            name: 'Kiln/ID Fan',
            datatype: 'Template',
            value: {
              templateRef: 'Fan',
              version: '2',
              metrics: [
                {
                  name: 'Amps',
                  datatype: 'Double',
                  value: 12.5,
                  properties: { engUnit: { type: 'String', value: 'A' } },
                },
              ],
            },
          },
        ],
      }),
    );
    const rows = async () =>
      Object.fromEntries(
        (
          await db.pool.query<{ name: string; datatype: string; metadata: unknown }>(
            `SELECT m.name, m.datatype, m.metadata FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id) WHERE d.group_id = $1 AND d.edge = 'EdgeM' ORDER BY m.name`,
            [group],
          )
        ).rows.map((r) => [r.name, [r.datatype, r.metadata]]),
      );
    expect(await eventually(rows, (r) => Object.keys(r).length === 5)).toEqual({
      bdSeq: ['Int64', null],
      'Kiln/ID Fan': ['Template', { template_ref: 'Fan', template_version: '2' }],
      'Kiln/ID Fan/Amps': ['Double', null],
      'Kiln/Inlet Temp': ['Float', { is_historical: false, content_type: 'text/plain', description: 'kiln inlet' }],
      'Kiln/Recipe': [
        'DataSet',
        {
          dataset_columns: [
            { name: 'step', type: 'Int32' },
            { name: 'temp', type: 'Float' },
          ],
        },
      ],
    });
    const defs = await db.pool.query(
      `SELECT name, version, members FROM uns_meta_sync.template_definitions WHERE group_id = $1 AND edge = 'EdgeM'`,
      [group],
    );
    expect(defs.rows).toEqual([
      { name: 'Fan', version: '2', members: [{ name: 'Amps', datatype: 'Double', properties: {} }] },
    ]);
    await edge.stop();
  });

  it('an alias two devices of one node session claim is removed from both and quarantined for both; DATA naming it asks for a rebirth', async () => {
    const edge = new TestEdge(group, 'EdgeX');
    edge.answerRebirth = false;
    edge.uniqueAliases = false;
    edge.devices.set('Mill', TestEdge.metrics(3, 1n, 'mill'));
    edge.devices.set('Press', TestEdge.metrics(3, 3n, 'press')); // aliases 3, 4, 5: alias 3 is also Mill's
    await edge.connect(broker.url);
    edge.newSession();
    await edge.publishBirths();
    await eventually(
      () => docsOf('EdgeX'),
      (d) => d.length === 7,
    );
    await svc.ingest.queue.drained();
    const aliases = await db.pool.query<{ device: string; alias: string }>(
      `SELECT device, alias::text FROM uns_meta_sync.aliases WHERE group_id = $1 AND edge = 'EdgeX' AND device <> '' ORDER BY device, alias`,
      [group],
    );
    expect(aliases.rows.map((r) => `${r.device}:${r.alias}`)).toEqual(['Mill:1', 'Mill:2', 'Press:4', 'Press:5']);
    const q = await db.pool.query<{ topic: string; details: { name: string; alias: string } }>(
      `SELECT topic, details FROM uns_meta_sync.quarantine WHERE error_code = 'alias_duplicate' AND topic LIKE $1 ORDER BY topic`,
      [`%/${group}/DBIRTH/EdgeX/%`],
    );
    expect(q.rows.map((r) => [r.topic.split('/').at(-1), r.details.alias, r.details.name])).toEqual([
      ['Mill', '3', 'Area/Line 2/Tag 2'],
      ['Press', '3', 'Area/Line 0/Tag 0'],
    ]);
    // Both metrics stay stored; only the ambiguous alias is gone.
    expect(await docsOf('EdgeX')).toContain('tag 2 mill');
    // The host forgot it for both scopes, whichever birth was applied second.
    for (const device of ['Mill', 'Press'])
      expect(svc.ingest.host.knowsAlias(`${group}/EdgeX/${device}`, 3n)).toBe(false);
    expect(svc.ingest.host.knowsAlias(`${group}/EdgeX/Mill`, 1n)).toBe(true);
    await edge.publish(`spBv1.0/${group}/DDATA/EdgeX/Press`, edge.ddataPayload([3n]));
    await eventually(
      async () => edge.commands.length,
      (n) => n === 1,
      5_000,
      'NCMD for the ambiguous alias',
    );
    await edge.stop();
  });

  it('a stale birth (older timestamp) is not applied', async () => {
    const edge = new TestEdge(group, 'EdgeS');
    edge.answerRebirth = false; // it sends no NBIRTH, so the host asks for one (no_session); not this test's subject
    edge.devices.set('Kiln', TestEdge.metrics(3, 1n, 'new'));
    await edge.connect(broker.url);
    const newer = edge.dbirthPayload('Kiln', { timestamp: 5_000_000n, seq: 1 });
    edge.devices.set('Kiln', TestEdge.metrics(3, 1n, 'old'));
    const older = edge.dbirthPayload('Kiln', { timestamp: 4_000_000n, seq: 2 });
    await edge.publish(`spBv1.0/${group}/DBIRTH/EdgeS/Kiln`, newer);
    await eventually(
      () =>
        count(
          `SELECT count(*) AS n FROM uns_meta_sync.births WHERE group_id = $1 AND edge = 'EdgeS' AND birth_ts = 5000000`,
          [group],
        ),
      (n) => n === 1,
    );
    await svc.ingest.queue.drained();
    await edge.publish(`spBv1.0/${group}/DBIRTH/EdgeS/Kiln`, older);
    await new Promise((r) => setTimeout(r, 1000));
    await svc.ingest.queue.drained();
    const docs = await db.pool.query<{ v: string }>(
      `SELECT p.value_string AS v FROM uns_meta.metric_properties p JOIN uns_meta.metrics m USING (metric_id) JOIN uns_meta.devices d USING (device_id)
       WHERE d.group_id = $1 AND d.edge = 'EdgeS' AND p.key = 'Documentation' ORDER BY v`,
      [group],
    );
    expect(docs.rows.map((r) => r.v)).toEqual(['tag 0 new', 'tag 1 new', 'tag 2 new']);
    expect(await registry.metrics()).toMatch(/uns_metadata_sync_births_total\{type="DBIRTH",result="stale"\} [1-9]/);
    await edge.stop();
  });

  it('within one node session births apply in arrival order; across sessions the timestamp orders them', async () => {
    const edge = new TestEdge(group, 'EdgeO');
    edge.answerRebirth = false;
    edge.devices.set('Kiln', TestEdge.metrics(2, 1n, 'first'));
    await edge.connect(broker.url);
    edge.newSession();
    await edge.publish(`spBv1.0/${group}/NBIRTH/EdgeO`, edge.nbirthPayload());
    await edge.publish(`spBv1.0/${group}/DBIRTH/EdgeO/Kiln`, edge.dbirthPayload('Kiln', { timestamp: 9_000_000n }));
    await eventually(
      () => docsOf('EdgeO'),
      (d) => d.join() === 'edge version,tag 0 first,tag 1 first',
    );
    await svc.ingest.queue.drained();
    // The edge's clock stepped back (NTP) inside the same session: the later birth is still the newer one.
    edge.devices.set('Kiln', TestEdge.metrics(2, 1n, 'second'));
    await edge.publish(`spBv1.0/${group}/DBIRTH/EdgeO/Kiln`, edge.dbirthPayload('Kiln', { timestamp: 8_000_000n }));
    await eventually(
      () => docsOf('EdgeO'),
      (d) => d.join() === 'edge version,tag 0 second,tag 1 second',
    );
    const stored = await db.pool.query(
      `SELECT birth_ts::text, bdseq::text FROM uns_meta_sync.births WHERE group_id = $1 AND edge = 'EdgeO' AND device = 'Kiln'`,
      [group],
    );
    expect(stored.rows).toEqual([{ birth_ts: '8000000', bdseq: '1' }]);
    await svc.ingest.queue.drained();
    // A new session (bdSeq 2) whose birth is older than the applied one: ordered by timestamp, refused.
    edge.newSession();
    await edge.publish(`spBv1.0/${group}/NBIRTH/EdgeO`, edge.nbirthPayload());
    edge.devices.set('Kiln', TestEdge.metrics(2, 1n, 'third'));
    await edge.publish(`spBv1.0/${group}/DBIRTH/EdgeO/Kiln`, edge.dbirthPayload('Kiln', { timestamp: 7_000_000n }));
    await eventually(
      async () => svc.ingest.host.session({ group, edge: 'EdgeO' }),
      (b) => b === 2n,
    );
    await new Promise((r) => setTimeout(r, 1000));
    await svc.ingest.queue.drained();
    expect(await docsOf('EdgeO')).toEqual(['edge version', 'tag 0 second', 'tag 1 second']);
    await edge.stop();
  });

  it('a birth stamped in the year 2100 does not freeze the device: the next correct birth is applied', async () => {
    const edge = new TestEdge(group, 'EdgeT');
    edge.answerRebirth = false; // it sends no NBIRTH, so the host asks for one (no_session); not this test's subject
    edge.devices.set('Kiln', TestEdge.metrics(2, 1n, 'from 2100'));
    await edge.connect(broker.url);
    await edge.publish(
      `spBv1.0/${group}/DBIRTH/EdgeT/Kiln`,
      edge.dbirthPayload('Kiln', { timestamp: 4_102_444_800_000n, seq: 1 }),
    );
    await eventually(
      () => docsOf('EdgeT'),
      (d) => d.join() === 'tag 0 from 2100,tag 1 from 2100',
    );
    edge.devices.set('Kiln', TestEdge.metrics(2, 1n, 'now'));
    await edge.publish(
      `spBv1.0/${group}/DBIRTH/EdgeT/Kiln`,
      edge.dbirthPayload('Kiln', { timestamp: BigInt(Date.now()), seq: 2 }),
    );
    await eventually(
      () => docsOf('EdgeT'),
      (d) => d.join() === 'tag 0 now,tag 1 now',
    );
    expect(await registry.metrics()).toMatch(/uns_metadata_sync_clock_skew_clamped_total [1-9]/);
    await edge.stop();
  });

  it('after an edge clock jumped back, `devices reset-order` lets the next birth apply', async () => {
    const edge = new TestEdge(group, 'EdgeJ');
    edge.answerRebirth = false; // it sends no NBIRTH, so the host asks for one (no_session); not this test's subject
    edge.devices.set('Kiln', TestEdge.metrics(1, 1n, 'before'));
    await edge.connect(broker.url);
    const now = BigInt(Date.now());
    await edge.publish(`spBv1.0/${group}/DBIRTH/EdgeJ/Kiln`, edge.dbirthPayload('Kiln', { timestamp: now, seq: 1 }));
    await eventually(
      () => docsOf('EdgeJ'),
      (d) => d.join() === 'tag 0 before',
    );
    edge.devices.set('Kiln', TestEdge.metrics(1, 1n, 'after the jump'));
    const jumpedBack = () => edge.dbirthPayload('Kiln', { timestamp: now - 3_600_000n, seq: 2 });
    await edge.publish(`spBv1.0/${group}/DBIRTH/EdgeJ/Kiln`, jumpedBack());
    await new Promise((r) => setTimeout(r, 1000));
    await svc.ingest.queue.drained();
    expect(await docsOf('EdgeJ')).toEqual(['tag 0 before']); // refused as stale

    const r = await runCli(['devices', 'reset-order', `${group}/EdgeJ/Kiln`], { DATABASE_URL: db.appUrl });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`ordering guard cleared (was timestamp ${now}, seq 1)`);
    await edge.publish(`spBv1.0/${group}/DBIRTH/EdgeJ/Kiln`, jumpedBack());
    await eventually(
      () => docsOf('EdgeJ'),
      (d) => d.join() === 'tag 0 after the jump',
    );
    // From then on the device is ordered from its new clock again.
    const guard = await db.pool.query(
      `SELECT birth_ts FROM uns_meta_sync.births WHERE group_id = $1 AND edge = 'EdgeJ'`,
      [group],
    );
    expect(guard.rows[0].birth_ts).toBe(now - 3_600_000n);
    const unknown = await runCli(['devices', 'reset-order', `${group}/EdgeJ/Nope`], { DATABASE_URL: db.appUrl });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no device or node has the UNS path');
    await edge.stop();
  });

  it('an NDEATH of an older session (bdSeq) is ignored; the current one takes the node offline', async () => {
    const edge = new TestEdge(group, 'EdgeD');
    await edge.connect(broker.url);
    edge.newSession();
    await edge.publishBirths();
    const node = () => Promise.resolve(svc.ingest.host.nodeList().find((n) => n.edge === 'EdgeD' && n.group === group));
    await eventually(node, (n) => n?.online === true && n.bdSeq === 1n);
    const { encodePayload } = await import('../../src/sparkplug/encoder.js');
    await edge.publish(
      `spBv1.0/${group}/NDEATH/EdgeD`,
      encodePayload({ metrics: [{ name: 'bdSeq', datatype: 'Int64', value: 0n }] }),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect((await node())?.online).toBe(true);
    await edge.publish(
      `spBv1.0/${group}/NDEATH/EdgeD`,
      encodePayload({ metrics: [{ name: 'bdSeq', datatype: 'Int64', value: 1n }] }),
    );
    await eventually(node, (n) => n?.online === false);
    await edge.stop();
  });

  it('malformed messages are quarantined with their reason and the service keeps going', async () => {
    const c = await mqtt.connectAsync(broker.url);
    await c.publishAsync(`spBv1.0/${group}/DBIRTH/EdgeQ`, Buffer.from('x'), { qos: 1 });
    await c.publishAsync(`spBv1.0/${group}/DBIRTH/EdgeQ/Dev`, Buffer.from([0x0a, 0xff, 0xff]), { qos: 1 });
    await c.endAsync();
    await eventually(
      async () =>
        (
          await db.pool.query<{ topic: string; error_code: string }>(
            'SELECT topic, error_code FROM uns_meta_sync.quarantine WHERE topic LIKE $1 ORDER BY topic',
            [`spBv1.0/${group}/DBIRTH/EdgeQ%`],
          )
        ).rows,
      (rows) => rows.length === 2,
    ).then((rows) =>
      expect(rows).toEqual([
        { topic: `spBv1.0/${group}/DBIRTH/EdgeQ`, error_code: 'topic_invalid' },
        { topic: `spBv1.0/${group}/DBIRTH/EdgeQ/Dev`, error_code: 'payload_undecodable' },
      ]),
    );
    expect((await svc.ingest.readiness()).broker?.ok).toBe(true);
    const text = await registry.metrics();
    expect(text).toMatch(/uns_metadata_sync_quarantined_total\{reason="topic_invalid"\} [1-9]/);
    expect(text).toMatch(/uns_metadata_sync_births_total\{type="DBIRTH",result="applied"\} [1-9]/);
    expect(text).toMatch(/uns_metadata_sync_rows_written_total\{table="metric_properties",op="write"\} [1-9]/);
  });

  it('a flood of 10,000 malformed messages on one topic is one quarantine row with its count; a birth elsewhere still applies meanwhile', async () => {
    const c = await mqtt.connectAsync(broker.url);
    const topic = `spBv1.0/${group}/DBIRTH/EdgeF/Junk`;
    const flood = (async () => {
      for (let sent = 0; sent < 10_000; sent += 500) {
        await Promise.all(
          Array.from({ length: 500 }, () => c.publishAsync(topic, Buffer.from([0x0a, 0xff, 0xff]), { qos: 1 })),
        );
      }
    })();
    const edge = new TestEdge(group, 'EdgeG');
    edge.answerRebirth = false; // it sends no NBIRTH, so the host asks for one (no_session); not this test's subject
    edge.devices.set('Kiln', TestEdge.metrics(2, 1n, 'during the flood'));
    await edge.connect(broker.url);
    await edge.publish(
      `spBv1.0/${group}/DBIRTH/EdgeG/Kiln`,
      edge.dbirthPayload('Kiln', { timestamp: BigInt(Date.now()), seq: 1 }),
    );
    await eventually(
      () => docsOf('EdgeG'),
      (d) => d.length === 2,
      10_000,
      'the birth published during the flood',
    );
    await flood;
    await c.endAsync();
    const rows = await eventually(
      async () =>
        (
          await db.pool.query<{ n: number; payload: Buffer | null }>(
            'SELECT occurrences AS n, payload FROM uns_meta_sync.quarantine WHERE topic = $1',
            [topic],
          )
        ).rows,
      (r) => r.reduce((sum, x) => sum + x.n, 0) === 10_000,
    );
    expect(rows.length).toBeLessThanOrEqual(2); // one per 60 s window
    expect(await registry.metrics()).toMatch(
      /uns_metadata_sync_quarantined_total\{reason="payload_undecodable"\} [1-9]\d{4}/,
    );
    await edge.stop();
  });

  it('MQTT_REBIRTH_ON_START asks every known edge node for a rebirth', async () => {
    const listeners = ['EdgeA', 'EdgeB'].map((e) => new TestEdge(group, e));
    for (const l of listeners) {
      l.answerRebirth = false;
      await l.connect(broker.url);
    }
    const second = await startLiveService(db.appUrl, broker.url, { MQTT_GROUPS: group, MQTT_REBIRTH_ON_START: 'true' });
    try {
      for (const l of listeners)
        await eventually(
          async () => l.commands.length,
          (n) => n === 1,
          10_000,
          `NCMD to ${l.edge}`,
        );
      expect(listeners.map((l) => l.commands[0])).toEqual([
        `spBv1.0/${group}/NCMD/EdgeA`,
        `spBv1.0/${group}/NCMD/EdgeB`,
      ]);
      expect(await registry.metrics()).toMatch(/uns_metadata_sync_rebirth_requests_total\{reason="startup"\} [1-9]/);
    } finally {
      await second.stop();
      for (const l of listeners) await l.stop();
    }
  });
});
