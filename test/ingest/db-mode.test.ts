// Troubleshooting flow A: DB_MODE=mock halts writes while births are still taken, decoded and kept in
// the birth cache; switching back to local through the authenticated admin endpoint, or running
// `uns-meta ingest replay`, applies them.

import { afterAll, describe, expect, it } from 'vitest';
import { cloneDatabase } from '../support/database.js';
import { testBroker, uniqueGroup, type TestBroker } from '../support/broker.js';
import { TestEdge } from '../support/edge.js';
import { eventually, startLiveService } from '../support/live-service.js';
import { runCli } from '../support/cli.js';
import { registry } from '../../src/metrics.js';
import { startHttp } from '../../src/web/server.js';

let broker: TestBroker;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  await broker?.stop();
});

describe('DB_MODE=mock and back', () => {
  it('halts writes, keeps the births, and applies them when switched back to local at runtime', async () => {
    const db = await cloneDatabase('db_mode');
    broker = await testBroker();
    const group = uniqueGroup('mock');
    const svc = await startLiveService(db.appUrl, broker.url, { MQTT_GROUPS: group, DB_MODE: 'mock' });
    cleanups.push(() => svc.stop());
    const http = await startHttp({
      host: '127.0.0.1',
      port: 0,
      registry,
      readiness: () => svc.ingest.readiness(),
      adminToken: 'secret-token',
      dbMode: { get: () => svc.ingest.mode(), set: (m) => svc.ingest.setMode(m) },
    });
    cleanups.push(() => http.stop());
    const edge = new TestEdge(group, 'E');
    edge.devices.set('D1', TestEdge.metrics(8));
    edge.devices.set('D2', TestEdge.metrics(9));
    await eventually(
      async () => (await svc.ingest.readiness()).broker?.ok,
      (ok) => ok === true,
    );
    await edge.connect(broker.url);
    cleanups.push(() => edge.stop());
    await edge.publishBirths();

    await eventually(
      async () => svc.ingest.cache.size,
      (n) => n === 3,
      10_000,
      'births cached',
    );
    await svc.ingest.queue.drained();
    const births = () =>
      db.pool
        .query('SELECT device FROM uns_meta_sync.births WHERE group_id = $1 ORDER BY device', [group])
        .then((r) => r.rows.map((x: { device: string }) => x.device));
    expect(await births()).toEqual([]);
    expect((await svc.ingest.readiness()).writer?.detail).toMatch(/^mock/);

    const post = (token: string, body: unknown) =>
      fetch(`${http.url}/admin/db-mode`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('wrong', { mode: 'local' })).status).toBe(401);
    expect(svc.ingest.mode()).toBe('mock');
    const ok = await post('secret-token', { mode: 'local' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ mode: 'local' });
    await eventually(births, (b) => b.length === 3, 10_000, 'births applied after the switch');
    expect(await births()).toEqual(['', 'D1', 'D2']);
  });

  it('`uns-meta ingest replay` applies what a mock-mode run left in the birth cache, once', async () => {
    const db = await cloneDatabase('replay_cli');
    broker ??= await testBroker();
    const group = uniqueGroup('rpl');
    const svc = await startLiveService(db.appUrl, broker.url, { MQTT_GROUPS: group, DB_MODE: 'mock' });
    const edge = new TestEdge(group, 'E');
    edge.devices.set('D1', TestEdge.metrics(12));
    await eventually(
      async () => (await svc.ingest.readiness()).broker?.ok,
      (ok) => ok === true,
    );
    await edge.connect(broker.url);
    await edge.publishBirths();
    await eventually(
      async () => svc.ingest.cache.size,
      (n) => n === 2,
      10_000,
      'births cached',
    );
    await edge.stop();
    const cacheDir = svc.cacheDir;
    await svc.ingest.stop();
    await svc.pool.end();

    const env = { DATABASE_URL: db.appUrl, BIRTH_CACHE_DIR: cacheDir };
    const first = await runCli(['ingest', 'replay', '--json'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ births: 2, applied: 2, metrics: { created: 15 } });
    const again = await runCli(['ingest', 'replay', '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ births: 0 });
  });
});
