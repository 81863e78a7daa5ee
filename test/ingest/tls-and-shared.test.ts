// Broker security and scale-out: the service connects over TLS with mutual certificates made by openssl
// (verification on; a wrong CA is refused and /readyz says so), and two instances sharing an MQTT 5
// subscription end in the same state as one instance for interleaved births of one device.

import { afterAll, describe, expect, it } from 'vitest';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { uniqueGroup } from '../support/broker.js';
import { TestEdge, type EdgeMetric } from '../support/edge.js';
import { eventually, startLiveService } from '../support/live-service.js';
import { startMosquitto } from '../support/mosquitto.js';
import { makeCertificates } from '../support/tls.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe('TLS to the broker', () => {
  it('verifies the broker against MQTT_CA, presents MQTT_CERT/MQTT_KEY, and refuses a broker signed by another CA', async () => {
    const certs = await makeCertificates();
    const broker = await startMosquitto({
      tls: { caCert: certs.caCert, serverCert: certs.serverCert, serverKey: certs.serverKey, requireClientCert: true },
    });
    cleanups.push(() => broker.stop());
    expect(broker.url).toMatch(/^mqtts:\/\/127\.0\.0\.1:/);
    const db = await cloneDatabase('tls');
    const group = uniqueGroup('tls');
    const tlsEnv = {
      MQTT_GROUPS: group,
      MQTT_CA: certs.caCert,
      MQTT_CERT: certs.clientCert,
      MQTT_KEY: certs.clientKey,
    };
    const good = await startLiveService(db.appUrl, broker.url, tlsEnv);
    cleanups.push(() => good.stop());
    const wrong = await startLiveService(db.appUrl, broker.url, { ...tlsEnv, MQTT_CA: certs.otherCaCert });
    cleanups.push(() => wrong.stop());

    await eventually(
      async () => (await good.ingest.readiness()).broker?.ok,
      (ok) => ok === true,
      10_000,
      'TLS connection',
    );
    const edge = new TestEdge(group, 'Secure');
    edge.devices.set('D', TestEdge.metrics(6));
    await edge.connect(broker.url, {
      ca: await readFile(certs.caCert),
      cert: await readFile(certs.clientCert),
      key: await readFile(certs.clientKey),
    });
    cleanups.push(() => edge.stop());
    await edge.publishBirths();
    await eventually(
      () =>
        db.pool
          .query<{ n: string }>(
            'SELECT count(*) AS n FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id) WHERE d.group_id = $1',
            [group],
          )
          .then((r) => Number(r.rows[0]?.n)),
      (n) => n === 9,
      10_000,
      'births over TLS',
    );
    const refused = await wrong.ingest.readiness();
    expect(refused.broker).toEqual({
      ok: false,
      detail: expect.stringMatching(/not connected to mqtts:\/\/127\.0\.0\.1/),
    });
  });
});

async function readFile(p: string): Promise<Buffer> {
  const { readFile } = await import('node:fs/promises');
  return readFile(p);
}

/**
 * The namespace as a user sees it: every metric (active or retired) and the properties of the active
 * ones. A retired metric keeps the properties of the last birth applied while it existed, and which
 * intermediate births get applied (superseded or stale ones are skipped, by design) depends on timing,
 * so those are not compared.
 */
async function state(db: TestDatabase, group: string): Promise<unknown[]> {
  const r = await db.pool.query(
    `SELECT d.device, m.name, m.uns_path, m.datatype, m.alias::text, m.retired_at IS NULL AS active, p.key, p.type::text,
            coalesce(p.value_int::text, p.value_long::text, p.value_float::text, p.value_double::text, p.value_string, p.value_bool::text) AS value
     FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id)
     LEFT JOIN uns_meta.metric_properties p ON p.metric_id = m.metric_id AND m.retired_at IS NULL
     WHERE d.group_id = $1 ORDER BY 1, 2, 7`,
    [group],
  );
  return r.rows;
}

describe('two instances on a shared subscription', () => {
  it('end in the same state as one instance for interleaved births of one device', async () => {
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const shared = await cloneDatabase('shared_two');
    const single = await cloneDatabase('shared_one');
    const group = uniqueGroup('shr');
    const a = await startLiveService(shared.appUrl, broker.url, { MQTT_GROUPS: group, MQTT_SHARED_GROUP: 'unsmeta' });
    const b = await startLiveService(shared.appUrl, broker.url, { MQTT_GROUPS: group, MQTT_SHARED_GROUP: 'unsmeta' });
    const one = await startLiveService(single.appUrl, broker.url, { MQTT_GROUPS: group });
    cleanups.push(
      () => a.stop(),
      () => b.stop(),
      () => one.stop(),
    );
    for (const s of [a, b, one])
      await eventually(
        async () => (await s.ingest.readiness()).broker?.ok,
        (ok) => ok === true,
        10_000,
        'connected',
      );

    const edge = new TestEdge(group, 'Edge');
    edge.rebirthOnReconnect = false;
    edge.answerRebirth = false; // DBIRTHs without an NBIRTH: the single instance asks for one (no_session)
    await edge.connect(broker.url);
    cleanups.push(() => edge.stop());
    let metrics: EdgeMetric[] = TestEdge.metrics(12, 1n, 'r0');
    const births = 24;
    for (let i = 1; i <= births; i++) {
      metrics = TestEdge.metrics(12, 1n, `r${i}`);
      if (i >= 8) metrics[3] = { ...metrics[3]!, name: 'Area/Renamed/Tag 3' }; // a rename (same alias, type, keys)
      if (i >= 16) metrics = metrics.slice(0, 11); // a retired metric
      edge.devices.set('Mill', metrics);
      await edge.publish(`spBv1.0/${group}/DBIRTH/Edge/Mill`, edge.dbirthPayload('Mill'), 0);
    }
    const last = () =>
      shared.pool
        .query<{ ts: string }>('SELECT birth_ts::text AS ts FROM uns_meta_sync.births WHERE group_id = $1', [group])
        .then((r) => r.rows[0]?.ts);
    const lastOne = () =>
      single.pool
        .query<{ ts: string }>('SELECT birth_ts::text AS ts FROM uns_meta_sync.births WHERE group_id = $1', [group])
        .then((r) => r.rows[0]?.ts);
    const finalTs = String(edge.nextTimestamp() - 1000n);
    await eventually(last, (ts) => ts === finalTs, 20_000, 'last birth in the shared database');
    await eventually(lastOne, (ts) => ts === finalTs, 20_000, 'last birth in the single database');
    for (const s of [a, b, one]) await s.ingest.queue.drained();

    // The broker really split the births: each instance received some (which of them end up applied
    // and which are stale or superseded depends on timing).
    expect([a.ingest.cache.size, b.ingest.cache.size]).toEqual([1, 1]);
    const expected = await state(single, group);
    expect(expected.length).toBeGreaterThan(40);
    expect(await state(shared, group)).toEqual(expected);
  });
});
