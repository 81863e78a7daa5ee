// A compressed birth is inflated in the thread pool: a gzip bomb inflating up to INGEST_MAX_INFLATED_BYTES
// is refused as before, while the event loop (broker keepalive, timers, /healthz) keeps turning.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import zlib from 'node:zlib';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePayload } from '../../src/sparkplug/encoder.js';
import { compressPayload } from '../../src/sparkplug/payload.js';
import { testBroker, uniqueGroup, type TestBroker } from '../support/broker.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { eventually, startLiveService, type LiveService } from '../support/live-service.js';

const MiB = 1024 * 1024;
let db: TestDatabase;
let broker: TestBroker;
let svc: LiveService;
const group = uniqueGroup('bomb');

beforeAll(async () => {
  db = await cloneDatabase('inflate_off_loop');
  broker = await testBroker();
  svc = await startLiveService(db.appUrl, broker.url, {
    MQTT_GROUPS: group,
    INGEST_MAX_INFLATED_BYTES: String(512 * MiB),
  });
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

const quarantined = async (topic: string) =>
  (
    await db.pool.query<{ error_code: string; message: string }>(
      'SELECT error_code, message FROM uns_meta_sync.quarantine WHERE topic = $1',
      [topic],
    )
  ).rows;

describe('compressed births', () => {
  it('a gzip bomb is refused without holding the event loop; a compressed birth still applies', async () => {
    const bomb = encodePayload({
      uuid: 'SPBV1.0_COMPRESSED',
      body: zlib.gzipSync(Buffer.alloc(600 * MiB), { level: 1 }),
      metrics: [{ name: 'algorithm', datatype: 'String', value: 'GZIP' }],
    });
    const birth = compressPayload(
      encodePayload({
        timestamp: 1n,
        seq: 0n,
        metrics: [
          { name: 'PV', datatype: 'Double', value: 1, properties: { engUnit: { type: 'String', value: 'bar' } } },
        ],
      }),
      'GZIP',
    );
    const c = await mqtt.connectAsync(broker.url);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    await c.publishAsync(`spBv1.0/${group}/DBIRTH/Edge/Bomb`, bomb, { qos: 1 });
    const rows = await eventually(
      () => quarantined(`spBv1.0/${group}/DBIRTH/Edge/Bomb`),
      (r) => r.length === 1,
    );
    delay.disable();
    expect(rows[0]).toMatchObject({ error_code: 'payload_undecodable' });
    expect(rows[0]?.message).toContain('rejected as a possible zip bomb');
    // Inflated on the event loop, this bomb held it for 1.9 s here (30 ms in the thread pool).
    expect(delay.max / 1e6).toBeLessThan(100);

    await c.publishAsync(`spBv1.0/${group}/DBIRTH/Edge/Zipped`, birth, { qos: 1 });
    await eventually(
      async () =>
        (
          await db.pool.query(
            `SELECT m.name FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id) WHERE d.group_id = $1 AND d.device = 'Zipped'`,
            [group],
          )
        ).rows,
      (r) => r.length === 1,
    );
    await c.endAsync();
  });
});
