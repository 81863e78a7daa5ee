// kill -9 of the service at random moments while properties keep changing (between slot read, outbox
// commit and Canary reply), 20 times: in the end the Canary simulator holds exactly the database's
// current properties for every metric — nothing missing, nothing stale; replays are harmless.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db.js';
import { packagePath } from '../../src/package-root.js';
import { startCanarySimulator } from '../../src/canary/simulator/server.js';
import { jsonValue } from '../../src/cdc/outbox-rows.js';
import { propertyValue } from '../../src/cdc/changes.js';
import type { PropertyValue } from '../../src/sparkplug/birth.js';
import { applyBirth } from '../../src/store/birth-writer.js';
import { cloneDatabase } from '../support/database.js';
import { testBroker, uniqueGroup } from '../support/broker.js';
import { birth, metric, s, d } from '../support/births.js';
import { eventually } from '../support/live-service.js';
import { dropSlotWhenReleased } from '../support/slots.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('kill -9 in the CDC → Canary pipeline', () => {
  it('20 kills at random points: the simulator ends with exactly the database state', async () => {
    const db = await cloneDatabase('kill9_pipeline');
    const app = createPool(db.appUrl, { max: 2 });
    const broker = await testBroker();
    const group = uniqueGroup('kp');
    const sim = await startCanarySimulator({ port: 0, datasets: [group] });
    const slot = `t_kill9_${process.pid}`;
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: db.appUrl,
      PG_REPL_URL: db.urlAs('uns_meta_cdc'),
      MQTT_URL: broker.url,
      MQTT_GROUPS: group,
      CANARY_SAF_URL: sim.safUrl,
      CANARY_HISTORIANS: 'localhost',
      CDC_SLOT: slot,
      CDC_DEBOUNCE_SECONDS: '0',
      CDC_DEBOUNCE_MAX_SECONDS: '1',
      HTTP_PORT: '0',
      BIRTH_CACHE_DIR: mkdtempSync(join(tmpdir(), 'uns-meta-kp-')),
      LOG_LEVEL: 'warn',
    };
    const start = () => {
      const c = spawn(process.execPath, [packagePath('bin', 'uns-meta.js'), 'start'], { env, stdio: 'ignore' });
      children.push(c);
      return c;
    };

    const names = Array.from({ length: 8 }, (_, i) => `Area/Tag ${i}`);
    await applyBirth(
      app,
      birth(
        `spBv1.0/${group}/DBIRTH/Edge/Dev`,
        names.map((n) => metric(n, 'Double', { engUnit: s('bar'), engHigh: d(100) })),
        { timestamp: 1n },
      ),
      {
        changedBy: 'test',
        renameByFingerprint: true,
        quarantinePayloadMaxBytes: 1024,
      },
    );
    let writes = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const k = writes++ % 8;
        await app.query(
          `UPDATE uns_meta.metric_properties SET value_double = $1 WHERE key = 'engHigh' AND metric_id = (SELECT metric_id FROM uns_meta.metrics WHERE name = $2)`,
          [100 + writes, names[k]],
        );
        if (writes % 5 === 0)
          await app.query(
            `UPDATE uns_meta.metric_properties SET value_string = $1 WHERE key = 'engUnit' AND metric_id = (SELECT metric_id FROM uns_meta.metrics WHERE name = $2)`,
            [`u${writes}`, names[k]],
          );
        await new Promise((r) => setTimeout(r, 15));
      }
    })();

    // The walsender's pid: a new one means this run's service is streaming (not the killed one's leftover).
    const walsender = async () =>
      (
        await db.pool.query<{ pid: number | null }>(
          'SELECT active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1',
          [slot],
        )
      ).rows[0]?.pid ?? null;
    const kills: number[] = [];
    let previous: number | null = null;
    for (let run = 0; run < 20; run++) {
      const child = start();
      // Kill while it streams: somewhere between reading the slot, committing the outbox and Canary's reply.
      previous = await eventually(
        walsender,
        (pid) => pid !== null && pid !== previous,
        30_000,
        'the service streaming the slot',
      );
      const at = Math.floor(Math.random() * 800);
      kills.push(at);
      await new Promise((r) => setTimeout(r, at));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    writing = false;
    await writer;

    const final = start();
    const expected = async () => {
      const r = await app.query<{ canary_id: string; key: string }>(
        `SELECT m.canary_id, p.key, p.type, p.value_int, p.value_long, p.value_float, p.value_double, p.value_string, p.value_bool
         FROM uns_meta.metrics m JOIN uns_meta.metric_properties p USING (metric_id) JOIN uns_meta.devices dv USING (device_id) WHERE dv.group_id = $1`,
        [group],
      );
      const out: Record<string, Record<string, unknown>> = {};
      for (const row of r.rows) (out[row.canary_id] ??= {})[row.key] = jsonValue(propertyValue(row) as PropertyValue);
      return out;
    };
    const inCanary = () => {
      const out: Record<string, Record<string, unknown>> = {};
      for (const tag of Object.keys(sim.tags())) out[tag] = sim.latest(tag) ?? {};
      return out;
    };
    const want = await expected();
    expect(Object.keys(want)).toHaveLength(8);
    await eventually(
      async () => inCanary(),
      (got) => sameState(got, want),
      60_000,
      'Canary = database',
    );
    final.kill('SIGTERM');
    await new Promise((r) => final.once('exit', r));
    console.log(
      `kill -9 pipeline: ${writes} property writes, 20 kills at ${kills.join(', ')} ms after streaming began, ${sim.stats().requests} Canary requests`,
    );
    await app.end();
    await sim.stop();
    await broker.stop();
    await dropSlotWhenReleased(db, slot);
  }, 240_000);
});

function sameState(
  got: Record<string, Record<string, unknown>>,
  want: Record<string, Record<string, unknown>>,
): boolean {
  const tags = new Set([...Object.keys(got), ...Object.keys(want)]);
  for (const t of tags) {
    const g = got[t] ?? {};
    const w = want[t] ?? {};
    for (const k of new Set([...Object.keys(g), ...Object.keys(w)])) if (g[k] !== w[k]) return false;
  }
  return true;
}
