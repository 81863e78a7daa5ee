// `kill -9` of the service in the middle of a birth storm, then a new start: the database ends
// complete. With MQTT_QOS=1 a birth is acknowledged only once it is in the birth cache on disk, so what
// was received comes back from the cache (and anything not yet received from the broker's persistent
// session); no rebirth is asked for or needed. A clean SIGTERM then exits 0.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../src/package-root.js';
import { cloneDatabase } from '../support/database.js';
import { testBroker, uniqueGroup } from '../support/broker.js';
import { TestEdge } from '../support/edge.js';
import { eventually } from '../support/live-service.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

function startService(env: Record<string, string>): {
  child: ChildProcess;
  connected: Promise<void>;
  output: () => string;
} {
  const child = spawn(process.execPath, [packagePath('bin', 'uns-meta.js'), 'start'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', HTTP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  const connected = new Promise<void>((resolve, reject) => {
    const on = (d: Buffer) => {
      out += d.toString();
      if (out.includes('connected to the MQTT broker')) resolve();
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.on('exit', (code) => reject(new Error(`service exited (${code}) before connecting:\n${out}`)));
  });
  return { child, connected, output: () => out };
}

describe('kill -9 during a birth storm', () => {
  it('after a new start the database has every birth, from the birth cache and the broker session', async () => {
    const db = await cloneDatabase('kill9');
    const broker = await testBroker();
    const group = uniqueGroup('k9');
    const cacheDir = mkdtempSync(join(tmpdir(), 'uns-meta-k9-'));
    const env = {
      DATABASE_URL: db.appUrl,
      MQTT_URL: broker.url,
      MQTT_GROUPS: group,
      MQTT_QOS: '1',
      MQTT_CLIENT_ID: `k9-${group}`,
      MQTT_REBIRTH: 'off',
      BIRTH_CACHE_DIR: cacheDir,
      INGEST_CONCURRENCY: '1',
      // Ingest alone: this database URL's role cannot replicate, and CDC has its own kill -9 tests.
      CDC_ENABLED: 'false',
    };
    const first = startService(env);
    await first.connected;

    const edge = new TestEdge(group, 'Storm');
    edge.answerRebirth = false;
    edge.rebirthOnReconnect = false;
    const devices = 30;
    for (let d = 0; d < devices; d++) edge.devices.set(`Dev${d}`, TestEdge.metrics(400, 1n, 'v1'));
    await edge.connect(broker.url);
    await edge.publish(`spBv1.0/${group}/NBIRTH/Storm`, edge.nbirthPayload());
    const storm = (async () => {
      for (const d of edge.devices.keys())
        await edge.publish(`spBv1.0/${group}/DBIRTH/Storm/${d}`, edge.dbirthPayload(d), 1);
    })();

    const applied = () =>
      db.pool
        .query<{ n: string }>('SELECT count(*) AS n FROM uns_meta_sync.births WHERE group_id = $1', [group])
        .then((r) => Number(r.rows[0]?.n));
    await eventually(applied, (n) => n >= 3, 30_000, 'a few births applied');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const atKill = await applied();
    expect(atKill).toBeLessThan(devices + 1);
    console.log(`births applied at kill -9: ${atKill} of ${devices + 1}; cached: ${readdirSync(cacheDir).length}`);
    await storm;

    const second = startService(env);
    await second.connected;
    await eventually(applied, (n) => n === devices + 1, 60_000, 'every birth applied after the restart');
    const metrics = await db.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id) WHERE d.group_id = $1 AND m.retired_at IS NULL',
      [group],
    );
    expect(Number(metrics.rows[0]?.n)).toBe(devices * 400 + 3);
    expect(edge.commands).toEqual([]);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.birth'))).toHaveLength(devices + 1);
    second.child.kill('SIGTERM');
    const code = await new Promise((r) => second.child.once('exit', r));
    expect(code).toBe(0);
    await edge.stop();
    await broker.stop();
  });
});
