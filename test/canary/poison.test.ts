// Refusals that name tags, end to end (birth → PostgreSQL → outbox → writer → simulator over HTTP → parity):
// poison tags among good ones are the only dead letters and the rest arrives; a batch in which every tag
// is refused the same way is a Canary-wide problem: nothing dead-lettered, no bisection, delivered later.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import type { CanaryClient } from '../../src/canary/client.js';
import { parityDiffers } from '../../src/canary/parity.js';
import type { CanaryWriter } from '../../src/canary/writer.js';
import { startCanarySimulator, type CanarySimulator } from '../../src/canary/simulator/server.js';
import { outboxDepth } from '../../src/cdc/outbox.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { enqueueCurrentState, parity, seedMetrics, testCanaryClient, testCanaryWriter } from '../support/canary.js';

let db: TestDatabase;
let app: Pool;
let sim: CanarySimulator;
let client: CanaryClient;
let writer: CanaryWriter;

const deadLetters = async () =>
  (
    await db.pool.query<{ canary_id: string; reason: string }>(
      'SELECT canary_id, reason FROM uns_meta_sync.canary_dead_letters ORDER BY canary_id',
    )
  ).rows;
const stores = () => sim.requests().filter((r) => r.path === '/api/v1/storeData');

beforeAll(async () => {
  db = await cloneDatabase('canary_poison');
  app = createPool(db.appUrl, { max: 4 });
  sim = await startCanarySimulator({ port: 0, datasets: ['Secil'] });
  client = testCanaryClient(sim.safUrl);
  writer = testCanaryWriter(app, client, { retryLaterMs: 0 });
});

afterAll(async () => {
  await writer?.stop();
  await client?.close();
  await sim?.stop();
  await app?.end();
});

beforeEach(async () => {
  sim.faults.reset();
  sim.clearRequests();
  await db.pool.query('TRUNCATE uns_meta_sync.canary_outbox, uns_meta_sync.canary_dead_letters');
});

describe('refusals naming tags', () => {
  it('dead-letters only the poison tags of a batch and delivers the rest (parity: only they are missing)', async () => {
    const tags = await seedMetrics(app, 'Secil', 8);
    const poison = [tags[2] as string, tags[6] as string];
    sim.faults.poisonTags = poison;
    await enqueueCurrentState(app);
    await writer.round();
    expect(await outboxDepth(app)).toBe(0);
    expect(await deadLetters()).toEqual(
      poison.map((t) => ({ canary_id: t, reason: expect.stringContaining(`${t}: invalid tag`) })),
    );
    const report = await parity(app, sim);
    expect(report.tags).toBe(8);
    expect(report.inParity).toBe(6);
    expect(report.missingTags.map((m) => m.tag)).toEqual(poison);
    expect(report.differing).toEqual([]);
  });

  it('a batch in which every tag fails the same way waits (no dead letter, no bisection), then arrives', async () => {
    const tags = await seedMetrics(app, 'Secil', 4, 100);
    sim.faults.poisonTags = tags;
    await enqueueCurrentState(app);
    await writer.round();
    expect(await deadLetters()).toEqual([]);
    expect(await outboxDepth(app)).toBe(4);
    // One request per retry attempt, each with the whole batch: a Canary-wide refusal is never split.
    expect(stores().length).toBeGreaterThanOrEqual(2);
    expect(stores().every((r) => r.tags === 4)).toBe(true);

    sim.faults.reset();
    await writer.round();
    expect(await outboxDepth(app)).toBe(0);
    expect(await deadLetters()).toEqual([]);
    expect(parityDiffers(await parity(app, sim))).toBe(false);
  }, 90_000);
});
