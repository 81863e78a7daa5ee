// A misconfigured publisher at production scale: 10,000 malformed messages a minute on one topic, for a
// minute, through the real broker. The quarantine stays bounded (one row per topic, reason and window,
// with the count) and births on other topics keep the latency they had before the flood, measured in
// the same run.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { testBroker, uniqueGroup, type TestBroker } from '../support/broker.js';
import { TestEdge } from '../support/edge.js';
import { eventually, startLiveService, type LiveService } from '../support/live-service.js';

let db: TestDatabase;
let broker: TestBroker;
let svc: LiveService;
const group = uniqueGroup('flood');

beforeAll(async () => {
  db = await cloneDatabase('quarantine_flood');
  broker = await testBroker();
  svc = await startLiveService(db.appUrl, broker.url, { MQTT_GROUPS: group, MQTT_REBIRTH: 'off' });
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe('quarantine under a flood', () => {
  it('10,000 malformed messages a minute for a minute: bounded quarantine, births elsewhere as fast as before', async () => {
    const edge = new TestEdge(group, 'Probe');
    await edge.connect(broker.url);
    let n = 0;
    /** Publishes a birth of a new device and returns the ms until its births row exists. */
    const probe = async (): Promise<number> => {
      const device = `P${n++}`;
      edge.devices.set(device, TestEdge.metrics(5, 1n, device));
      const sent = performance.now();
      await edge.publish(
        `spBv1.0/${group}/DBIRTH/Probe/${device}`,
        edge.dbirthPayload(device, { timestamp: BigInt(Date.now()), seq: 1 }),
      );
      await eventually(
        async () =>
          (
            await db.pool.query(
              'SELECT 1 FROM uns_meta_sync.births WHERE group_id = $1 AND edge = $2 AND device = $3',
              [group, 'Probe', device],
            )
          ).rowCount,
        (c) => c === 1,
        20_000,
        `birth of ${device}`,
      );
      return performance.now() - sent;
    };
    const before: number[] = [];
    for (let i = 0; i < 10; i++) {
      before.push(await probe());
      await new Promise((r) => setTimeout(r, 300));
    }

    const junk = await mqtt.connectAsync(broker.url);
    const topic = `spBv1.0/${group}/DBIRTH/Bad/Junk`;
    const started = Date.now();
    let sent = 0;
    // 10,000 over 60 s: a burst of 167 every second, QoS 1, as a misbehaving client would.
    const flood = (async () => {
      for (let second = 0; second < 60; second++) {
        const burst = Math.min(167, 10_000 - sent);
        await Promise.all(
          Array.from({ length: burst }, () => junk.publishAsync(topic, Buffer.from([0x0a, 0xff, 0xff]), { qos: 1 })),
        );
        sent += burst;
        const next = started + (second + 1) * 1000;
        if (next > Date.now()) await new Promise((r) => setTimeout(r, next - Date.now()));
      }
      if (sent < 10_000)
        await Promise.all(
          Array.from({ length: 10_000 - sent }, () =>
            junk.publishAsync(topic, Buffer.from([0x0a, 0xff, 0xff]), { qos: 1 }),
          ),
        );
    })();
    const during: number[] = [];
    while (Date.now() - started < 58_000) {
      during.push(await probe());
      await new Promise((r) => setTimeout(r, 1500));
    }
    await flood;
    await junk.endAsync();

    const rows = await eventually(
      async () =>
        (
          await db.pool.query<{ n: number }>('SELECT occurrences AS n FROM uns_meta_sync.quarantine WHERE topic = $1', [
            topic,
          ])
        ).rows,
      (r) => r.reduce((sum, x) => sum + x.n, 0) === 10_000,
      20_000,
      'every junk message counted',
    );
    // One row per QUARANTINE_WINDOW_SECONDS (60 s): the minute may straddle two windows.
    expect(rows.length).toBeLessThanOrEqual(2);
    const b = median(before);
    const d = median(during);
    console.log(
      `birth latency median: ${b.toFixed(0)} ms before the flood, ${d.toFixed(0)} ms during it (${during.length} births)`,
    );
    expect(during.length).toBeGreaterThanOrEqual(20);
    // Unchanged within the noise of a shared machine: at most twice the baseline or 100 ms more.
    expect(d).toBeLessThanOrEqual(Math.max(2 * b, b + 100));
    await edge.stop();
  }, 150_000);
});
