// A DataSet Canary does not have, end to end (birth → PostgreSQL → outbox → writer → simulator over HTTP):
// its rows are held in the outbox and retried once per hold (60 s in production, 3 s here), the gauge and
// a warning name it and the fix, the other DataSet's rows are delivered, nothing is dead-lettered; once the
// DataSet is created everything arrives and Canary reads back in parity with the database.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { createLogger } from '../../src/log.js';
import { canaryDatasetsMissing } from '../../src/metrics.js';
import type { CanaryClient } from '../../src/canary/client.js';
import { parityDiffers } from '../../src/canary/parity.js';
import type { CanaryWriter } from '../../src/canary/writer.js';
import { startCanarySimulator, type CanarySimulator } from '../../src/canary/simulator/server.js';
import { outboxDepth } from '../../src/cdc/outbox.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { eventually } from '../support/live-service.js';
import { enqueueCurrentState, parity, seedMetrics, testCanaryClient, testCanaryWriter } from '../support/canary.js';

const HOLD_MS = 3_000;
let db: TestDatabase;
let app: Pool;
let sim: CanarySimulator;
let client: CanaryClient;
let writer: CanaryWriter;
const logs: Array<{ level: number; msg: string; dataset?: string }> = [];

const alarm = async (dataset: string) =>
  (await canaryDatasetsMissing.get()).values.find((v) => v.labels.dataset === dataset)?.value;
const deadLetters = async () =>
  Number(
    (await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM uns_meta_sync.canary_dead_letters')).rows[0]?.n,
  );
const triesOf = (dataset: string) =>
  sim
    .requests()
    .filter(
      (r) => r.path === '/api/v1/storeData' && r.errors.some((e) => e.includes(`DataSet '${dataset}' does not exist`)),
    ).length;

beforeAll(async () => {
  db = await cloneDatabase('canary_missing_dataset');
  app = createPool(db.appUrl, { max: 4 });
  sim = await startCanarySimulator({ port: 0, datasets: ['Secil'] });
  client = testCanaryClient(sim.safUrl); // autoCreateDatasets=false, the production default
  const log = createLogger({
    level: 'info',
    destination: { write: (line: string) => void logs.push(JSON.parse(line) as (typeof logs)[number]) },
  });
  writer = testCanaryWriter(app, client, { log, idleMs: 50, retryLaterMs: 500, datasetRetryMs: HOLD_MS }, true);
});

afterAll(async () => {
  await writer?.stop();
  await client?.close();
  await sim?.stop();
  await app?.end();
});

describe('a missing DataSet', () => {
  it('holds its rows (alarmed, never dead-lettered), delivers the other DataSet, and delivers all once it exists', async () => {
    const secil = await seedMetrics(app, 'Secil', 5);
    const plant2 = await seedMetrics(app, 'Plant2', 5);
    expect(await enqueueCurrentState(app)).toBe(10);

    await eventually(
      () => outboxDepth(app),
      (n) => n === 5,
      10_000,
      'the Secil rows delivered',
    );
    for (const tag of secil)
      expect(sim.latest(tag)).toEqual({ engUnit: 'bar', description: expect.stringMatching(/^Secil M/) });
    for (const tag of plant2) expect(sim.latest(tag)).toBeUndefined();
    expect(writer.heldDatasets()).toEqual(['Plant2']);
    expect(await alarm('Plant2')).toBe(1);
    const warning = logs.find((l) => l.level === 40 && l.dataset === 'Plant2');
    expect(warning?.msg).toMatch(
      /DataSet 'Plant2' does not exist.*create the DataSet.*autoCreateDatasets.*CANARY_DATASET_OVERRIDE/,
    );

    // Held, not hammered: tried again once per hold while the writer loops every 50 ms.
    const before = triesOf('Plant2');
    await new Promise((r) => setTimeout(r, HOLD_MS * 2 + 500));
    const retries = triesOf('Plant2') - before;
    expect(retries).toBeGreaterThanOrEqual(1);
    expect(retries).toBeLessThanOrEqual(3);
    expect(await outboxDepth(app)).toBe(5);
    expect(await deadLetters()).toBe(0);

    sim.createDataset('Plant2');
    await eventually(
      () => outboxDepth(app),
      (n) => n === 0,
      HOLD_MS + 10_000,
      'the held rows delivered',
    );
    expect(await deadLetters()).toBe(0);
    expect(writer.heldDatasets()).toEqual([]);
    expect(await alarm('Plant2')).toBe(0);
    const report = await parity(app, sim);
    expect(report.tags).toBe(10);
    expect(parityDiffers(report)).toBe(false);
  }, 60_000);
});
