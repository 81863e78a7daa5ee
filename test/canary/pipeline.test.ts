// Birth → PostgreSQL → slot → debounce → outbox → writer → the Canary simulator over HTTP: the exact
// entries arrive under the metric's canary id; a change sends only its key; a removed property sends "";
// a burst of changes to one metric inside the window is one write; an expired session renews itself.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { createLogger } from '../../src/log.js';
import type { CanaryClient } from '../../src/canary/client.js';
import { startCanaryWriter, type CanaryWriter } from '../../src/canary/writer.js';
import { startCanarySimulator, type CanarySimulator } from '../../src/canary/simulator/server.js';
import { startCdc, type CdcStage } from '../../src/cdc/stream.js';
import { applyBirth } from '../../src/store/birth-writer.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { birth, d, i, metric, s } from '../support/births.js';
import { eventually } from '../support/live-service.js';
import { dropSlotWhenReleased } from '../support/slots.js';
import { testCanaryClient } from '../support/canary.js';
import { e2eLatencySeconds } from '../../src/metrics.js';

const slot = `t_pipeline_${process.pid}`;
const TOPIC = 'spBv1.0/Secil/DBIRTH/Portugal/Cement';
const TAG = 'Secil.Portugal.Cement.Kiln.Temp';
const opts = { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 1024 };
let db: TestDatabase;
let app: Pool;
let sim: CanarySimulator;
let cdc: CdcStage;
let client: CanaryClient;
let writer: CanaryWriter;

beforeAll(async () => {
  db = await cloneDatabase('canary_pipeline');
  app = createPool(db.appUrl, { max: 6 });
  sim = await startCanarySimulator({ port: 0, datasets: ['Secil'] });
  const log = createLogger({ level: 'silent' });
  cdc = startCdc({
    pool: app,
    leaderUrl: db.appUrl,
    replUrl: db.urlAs('uns_meta_cdc'),
    slot,
    publication: 'uns_meta_pub',
    debounceQuietMs: 500,
    debounceMaxMs: 5_000,
    leaderPollMs: 200,
    log,
  });
  // keepAlive only after a minute, the session lasts one second: it expires between writes and must renew itself.
  client = testCanaryClient(sim.safUrl, {
    clientId: 'pipeline-test',
    sessionTimeoutMs: 1_000,
    keepaliveIdleMs: 60_000,
  });
  writer = startCanaryWriter({
    pool: app,
    client,
    limits: { maxTags: 100, maxBytes: 1_000_000 },
    datasets: {},
    batchRows: 100,
    idleMs: 50,
    retryLaterMs: 500,
    log,
  });
  await eventually(
    async () => cdc.status().streaming,
    (v) => v,
    15_000,
    'streaming',
  );
});

afterAll(async () => {
  await writer?.stop();
  await client?.close();
  await cdc?.stop();
  await sim?.stop();
  await app?.end();
  if (!db) return;
  await dropSlotWhenReleased(db, slot);
});

async function latency(): Promise<{ count: number; sum: number }> {
  const values = (await e2eLatencySeconds.get()).values;
  const of = (name: string) => values.find((v) => v.metricName === name)?.value ?? 0;
  return {
    count: of('uns_metadata_sync_e2e_latency_seconds_count'),
    sum: of('uns_metadata_sync_e2e_latency_seconds_sum'),
  };
}

// The database holds this one metric only: every accepted storeData carries its tag.
const stores = (_tag: string) =>
  sim.requests().filter((r) => r.path === '/api/v1/storeData' && r.statusCode === 'Good' && r.tags === 1);

describe('births to Canary', () => {
  it('a birth arrives with exact entries, within the debounce window plus a few seconds', async () => {
    const started = Date.now();
    const latencyBefore = await latency();
    // The birth came off the broker 2 s before it was applied: e2e latency counts from then, not from commit.
    await applyBirth(
      app,
      birth(TOPIC, [metric('Kiln/Temp', 'Float', { engUnit: s('°C'), engHigh: d(1450.5), Quality: i(-2147483132) })], {
        timestamp: 1n,
      }),
      { ...opts, receivedAt: started - 2_000 },
    );
    const latest = await eventually(
      async () => sim.latest(TAG),
      (v) => v !== undefined && Object.keys(v).length === 3,
      10_000,
      'the tag in Canary',
    );
    expect(Date.now() - started).toBeLessThan(500 + 3_000);
    const latencyAfter = await eventually(
      latency,
      (l) => l.count === latencyBefore.count + 1,
      5_000,
      'one e2e latency sample',
    );
    const seconds = latencyAfter.sum - latencyBefore.sum;
    expect(seconds).toBeGreaterThanOrEqual(2 + 0.5); // arrival offset + debounce window
    expect(seconds).toBeLessThan(2 + 0.5 + 3);
    expect(latest).toEqual({ engUnit: '°C', engHigh: 1450.5, Quality: -2147483132 });
    const entries = sim.tags()[TAG]?.engUnit ?? [];
    expect(entries).toEqual([['engUnit', expect.stringMatching(/Z$/), '°C', 192]]);
  });

  it('a change sends only its key; a removed property sends ""; a burst is one write', async () => {
    await new Promise((r) => setTimeout(r, 1_500)); // the session (1 s) expires meanwhile
    const before = stores(TAG).length;
    await applyBirth(
      app,
      birth(TOPIC, [metric('Kiln/Temp', 'Float', { engUnit: s('°C'), engHigh: d(1500), Quality: i(-2147483132) })], {
        timestamp: 2n,
      }),
      opts,
    );
    await eventually(
      async () => sim.latest(TAG)?.engHigh,
      (v) => v === 1500,
      10_000,
      'the change',
    );
    const changed = stores(TAG).slice(before);
    expect(changed).toHaveLength(1);
    expect(sim.requests().some((r) => r.statusCode === 'BadSessionToken')).toBe(true);
    const last = sim.tags()[TAG];
    expect(last?.engUnit).toHaveLength(1); // engUnit was not sent again
    expect(last?.engHigh).toHaveLength(2);

    await applyBirth(
      app,
      birth(TOPIC, [metric('Kiln/Temp', 'Float', { engHigh: d(1500), Quality: i(-2147483132) })], { timestamp: 3n }),
      opts,
    );
    await eventually(
      async () => sim.latest(TAG)?.engUnit,
      (v) => v === '',
      10_000,
      'the removal',
    );

    const burstFrom = stores(TAG).length;
    for (let k = 1; k <= 5; k++) {
      await db.pool.query(`UPDATE uns_meta.metric_properties SET value_double = $1 WHERE key = 'engHigh'`, [1600 + k]);
      await new Promise((r) => setTimeout(r, 50));
    }
    await eventually(
      async () => sim.latest(TAG)?.engHigh,
      (v) => v === 1605,
      10_000,
      'the burst',
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(stores(TAG).length - burstFrom).toBe(1);
  });
});
