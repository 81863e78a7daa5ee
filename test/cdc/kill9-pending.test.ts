// kill -9 of the service while a change waits in its debounce window, at the production ratio of the
// debounce to the server's wal_sender_timeout (180 s : 60 s in production, 20 s : 10 s here): the change
// was never acknowledged to the slot, so the next start gets it again and Canary ends equal to the
// database (read back through the Views API). The births written before the first start arrive through
// the initial snapshot.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db.js';
import { packagePath } from '../../src/package-root.js';
import { startCanarySimulator } from '../../src/canary/simulator/server.js';
import { verifyParity } from '../../src/canary/verify.js';
import { parityDiffers } from '../../src/canary/parity.js';
import { applyBirth } from '../../src/store/birth-writer.js';
import { cloneDatabase } from '../support/database.js';
import { testBroker, uniqueGroup } from '../support/broker.js';
import { birth, d, metric, s } from '../support/births.js';
import { eventually } from '../support/live-service.js';
import { dropSlotWhenReleased } from '../support/slots.js';
import { withOptions } from '../support/canary-path.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('kill -9 with a change pending in the debounce window', () => {
  it('the change is streamed again after the restart and Canary reaches parity', async () => {
    const db = await cloneDatabase('kill9_pending');
    const app = createPool(db.appUrl, { max: 2 });
    const broker = await testBroker();
    const group = uniqueGroup('kpend');
    const sim = await startCanarySimulator({ port: 0, datasets: [group] });
    const slot = `t_kill9_pending_${process.pid}`;
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: db.appUrl,
      PG_REPL_URL: withOptions(db.urlAs('uns_meta_cdc'), '-c wal_sender_timeout=10s'),
      MQTT_URL: broker.url,
      MQTT_GROUPS: group,
      CANARY_SAF_URL: sim.safUrl,
      CANARY_HISTORIANS: 'localhost',
      CDC_SLOT: slot,
      CDC_DEBOUNCE_SECONDS: '20',
      CDC_DEBOUNCE_MAX_SECONDS: '60',
      OPS_RUN_ON_START: 'false',
      HTTP_PORT: '0',
      BIRTH_CACHE_DIR: mkdtempSync(join(tmpdir(), 'uns-meta-kpend-')),
      LOG_LEVEL: 'warn',
    };
    const start = () => {
      const c = spawn(process.execPath, [packagePath('bin', 'uns-meta.js'), 'start'], { env, stdio: 'ignore' });
      children.push(c);
      return c;
    };
    const opts = { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 1024 };
    const topic = `spBv1.0/${group}/DBIRTH/Edge/Dev`;
    const tags = (high: number) => [
      metric('Kiln/Temp', 'Double', { engUnit: s('°C'), engHigh: d(high) }),
      metric('Kiln/Speed', 'Double', { engUnit: s('rpm') }),
    ];
    const parity = () => verifyParity(app, { url: sim.viewsUrl }, { prefix: '', datasets: {} });
    const walsender = async () =>
      (
        await db.pool.query<{ pid: number | null }>(
          'SELECT active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1',
          [slot],
        )
      ).rows[0]?.pid ?? null;

    await applyBirth(app, birth(topic, tags(1450), { timestamp: 1n }), opts);
    const first = start();
    await eventually(parity, (r) => !parityDiffers(r) && r.tags === 2, 30_000, 'the snapshot in Canary');

    await applyBirth(app, birth(topic, tags(1500), { timestamp: 2n }), opts);
    // Well inside the 20 s window: the change is in memory only, not in the outbox, not acknowledged.
    await new Promise((r) => setTimeout(r, 5_000));
    expect((await db.pool.query('SELECT 1 FROM uns_meta_sync.canary_outbox')).rowCount).toBe(0);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(sim.latest(`${group}.Edge.Dev.Kiln.Temp`)?.engHigh).toBe(1450);

    const second = start();
    const pid = await eventually(walsender, (p) => p !== null, 30_000, 'the restarted service streaming');
    const report = await eventually(parity, (r) => !parityDiffers(r), 45_000, 'Canary = database after the restart');
    expect(report).toMatchObject({ tags: 2, inParity: 2 });
    expect(sim.latest(`${group}.Edge.Dev.Kiln.Temp`)?.engHigh).toBe(1500);
    // One replication connection all along: the server never dropped the waiting consumer.
    expect(await walsender()).toBe(pid);

    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
    await app.end();
    await sim.stop();
    await broker.stop();
    await dropSlotWhenReleased(db, slot);
  }, 180_000);
});
