// Faults the service must ride out without losing a birth: the broker restarting mid-stream (reconnect,
// re-subscribe, rebirth) and PostgreSQL restarting mid-stream (births wait and are retried). /readyz
// reflects each outage while it lasts.

import { afterAll, describe, expect, it } from 'vitest';
import { startMosquitto, type Mosquitto } from '../support/mosquitto.js';
import { TestEdge } from '../support/edge.js';
import { uniqueGroup } from '../support/broker.js';
import { eventually, startLiveService, type LiveService } from '../support/live-service.js';
import { cloneDatabase } from '../support/database.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../src/embedded/throwaway.js';
import { bootstrap, withDatabase } from '../../src/store/bootstrap.js';
import { createPool, type Pool } from '../../src/db.js';
import { registry } from '../../src/metrics.js';
import { startHttp } from '../../src/web/server.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function documentation(pool: Pool, group: string): Promise<Map<string, string[]>> {
  const r = await pool.query<{ device: string; v: string }>(
    `SELECT d.device, p.value_string AS v FROM uns_meta.metric_properties p JOIN uns_meta.metrics m USING (metric_id)
     JOIN uns_meta.devices d USING (device_id) WHERE d.group_id = $1 AND p.key = 'Documentation' AND m.name LIKE 'Area/%' ORDER BY 1, 2`,
    [group],
  );
  const out = new Map<string, string[]>();
  for (const row of r.rows) out.set(row.device, [...(out.get(row.device) ?? []), row.v]);
  return out;
}

const allLabelled = (docs: Map<string, string[]>, devices: number, perDevice: number, label: string) =>
  docs.size === devices &&
  [...docs.values()].every((v) => v.length === perDevice && v.every((d) => d.endsWith(` ${label}`)));

describe('broker restart mid-stream', () => {
  it('reconnects, re-subscribes and, after the rebirth, has every change made while it was away', async () => {
    const db = await cloneDatabase('faults_broker');
    const mosquitto: Mosquitto = await startMosquitto();
    cleanups.push(() => mosquitto.stop());
    const group = uniqueGroup('brk');
    const svc: LiveService = await startLiveService(db.appUrl, mosquitto.url, {
      MQTT_GROUPS: group,
      MQTT_REBIRTH_COOLDOWN_SECONDS: '1',
    });
    cleanups.push(() => svc.stop());
    const http = await startHttp({
      host: '127.0.0.1',
      port: 0,
      registry,
      readiness: () => svc.ingest.readiness(),
      dbMode: { get: () => 'local', set: async () => undefined },
    });
    cleanups.push(() => http.stop());
    await eventually(
      async () => (await fetch(`${http.url}/readyz`)).status,
      (s) => s === 200,
      10_000,
      'ready',
    );

    const edge = new TestEdge(group, 'Edge1');
    for (let d = 0; d < 4; d++) edge.devices.set(`Dev${d}`, TestEdge.metrics(10, 1n, 'v1'));
    await edge.connect(mosquitto.url);
    cleanups.push(() => edge.stop());
    await edge.publishBirths();
    await eventually(
      () => documentation(db.pool, group),
      (docs) => allLabelled(docs, 4, 10, 'v1'),
      20_000,
      'v1 births',
    );

    await mosquitto.restart(async () => {
      // While the broker is away: /readyz says so, and the edge's metadata changes.
      const r = await eventually(
        async () => fetch(`${http.url}/readyz`),
        (res) => res.status === 503,
        10_000,
        'not ready',
      );
      expect(((await r.json()) as { components: Record<string, { ok: boolean }> }).components.broker?.ok).toBe(false);
      for (const d of edge.devices.keys()) edge.devices.set(d, TestEdge.metrics(10, 1n, 'v2'));
    });

    await eventually(
      () => documentation(db.pool, group),
      (docs) => allLabelled(docs, 4, 10, 'v2'),
      30_000,
      'v2 births after the restart',
    );
    await eventually(
      async () => (await fetch(`${http.url}/readyz`)).status,
      (s) => s === 200,
      10_000,
      'ready again',
    );
    expect(await registry.metrics()).toMatch(/uns_metadata_sync_mqtt_reconnects_total [1-9]/);
  });
});

describe('PostgreSQL restart mid-stream', () => {
  let pg: ThrowawayPostgres;

  it('every birth received during the outage is applied after recovery', async () => {
    pg = await startThrowawayPostgres();
    cleanups.push(() => pg.stop());
    await bootstrap(pg.superUrl, { database: 'uns_metadata' });
    const url = withDatabase(pg.superUrl, 'uns_metadata');
    const pool = createPool(url, { max: 2 });
    cleanups.push(() => pool.end());
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const group = uniqueGroup('pgr');
    const svc = await startLiveService(url, broker.url, { MQTT_GROUPS: group, INGEST_RETRY_MAX_SECONDS: '1' });
    cleanups.push(() => svc.stop());
    const edge = new TestEdge(group, 'Edge1');
    await edge.connect(broker.url);
    cleanups.push(() => edge.stop());
    for (let d = 0; d < 6; d++) edge.devices.set(`Dev${d}`, TestEdge.metrics(20, 1n, 'v1'));
    await eventually(
      async () => (await svc.ingest.readiness()).broker?.ok,
      (ok) => ok === true,
      10_000,
      'connected',
    );
    await edge.publishBirths();

    await pg.restart(async () => {
      // The database is down: births keep arriving, the writer waits, readiness says why.
      for (let round = 2; round <= 4; round++) {
        for (const d of edge.devices.keys()) edge.devices.set(d, TestEdge.metrics(20, 1n, `v${round}`));
        for (const d of edge.devices.keys())
          await edge.publish(`spBv1.0/${group}/DBIRTH/Edge1/${d}`, edge.dbirthPayload(d));
      }
      const ready = await eventually(
        () => svc.ingest.readiness(),
        (r) => r.database?.ok === false && r.writer?.ok === false,
        15_000,
        'outage seen',
      );
      expect(ready.writer?.detail).toMatch(/retrying since/);
    });

    await eventually(
      () => documentation(pool, group),
      (docs) => allLabelled(docs, 6, 20, 'v4'),
      40_000,
      'v4 births after recovery',
    );
    await eventually(
      () => svc.ingest.readiness(),
      (r) => Object.values(r).every((c) => c.ok),
      10_000,
      'ready again',
    );
    expect(await registry.metrics()).toMatch(/uns_metadata_sync_ingest_retries_total [1-9]/);
  });
});
