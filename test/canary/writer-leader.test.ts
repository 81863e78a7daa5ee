// The writer asks the leader's liveness lease before every request: an instance that is not (or no longer)
// the leader — a hung leader that wakes up — sends nothing more and leaves its rows exactly as they were,
// for the new leader. Real PostgreSQL outbox, the simulator over HTTP.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import type { CanaryClient } from '../../src/canary/client.js';
import { startCanarySimulator, type CanarySimulator } from '../../src/canary/simulator/server.js';
import { enqueue } from '../../src/cdc/outbox.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { testCanaryClient, testCanaryWriter } from '../support/canary.js';

let db: TestDatabase;
let app: Pool;
let sim: CanarySimulator;
let client: CanaryClient;
let n = 0;

const row = (tag: string) => ({
  metric_id: BigInt(++n),
  canary_id: tag,
  properties: { u: tag },
  first_lsn: '0/10',
  idempotency_key: `leader-${n}`,
});
const outbox = async () =>
  (
    await db.pool.query<{ canary_id: string; attempts: number; due: boolean }>(
      'SELECT canary_id, attempts, next_attempt_at <= now() AS due FROM uns_meta_sync.canary_outbox ORDER BY outbox_id',
    )
  ).rows;
const stores = () => sim.requests().filter((r) => r.path === '/api/v1/storeData');

beforeAll(async () => {
  db = await cloneDatabase('canary_writer_leader');
  app = createPool(db.appUrl, { max: 4 });
  sim = await startCanarySimulator({ port: 0, datasets: ['Secil'] });
  client = testCanaryClient(sim.safUrl);
});

afterAll(async () => {
  await client?.close();
  await sim?.stop();
  await app?.end();
});

beforeEach(async () => {
  sim.faults.reset();
  sim.clearRequests();
  await db.pool.query('TRUNCATE uns_meta_sync.canary_outbox');
});

describe('canary writer and the leader lease', () => {
  it('not the leader: nothing is sent and the rows are untouched', async () => {
    await enqueue(app, [row('Secil.L.A'), row('Secil.L.B')]);
    const w = testCanaryWriter(app, client, { isLeader: () => false });
    await w.round();
    await w.stop();
    expect(stores()).toEqual([]);
    expect(await outbox()).toEqual([
      { canary_id: 'Secil.L.A', attempts: 0, due: true },
      { canary_id: 'Secil.L.B', attempts: 0, due: true },
    ]);
  });

  it('lease lost after the first batch: the next batches are not sent and their rows stay as they were', async () => {
    await enqueue(app, [row('Secil.L.C'), row('Secil.L.D'), row('Secil.L.E')]);
    let leader = true;
    const w = testCanaryWriter(app, client, {
      limits: { maxTags: 1, maxBytes: 1_000_000 },
      isLeader: () => leader,
      onDelivered: () => void (leader = false),
    });
    await w.round();
    await w.stop();
    expect(stores().map((r) => r.statusCode)).toEqual(['Good']);
    expect(sim.latest('Secil.L.C')).toEqual({ u: 'Secil.L.C' });
    expect(await outbox()).toEqual([
      { canary_id: 'Secil.L.D', attempts: 0, due: true },
      { canary_id: 'Secil.L.E', attempts: 0, due: true },
    ]);
  });

  it('lease lost while a batch is being retried: no further attempt, the rows stay as they were', async () => {
    await enqueue(app, [row('Secil.L.F')]);
    sim.faults.failNext(3, 'server_error');
    let asked = 0;
    // Asked once for the round, once before the first attempt; the wake-up after the backoff finds it lost.
    const w = testCanaryWriter(app, client, { isLeader: () => ++asked <= 2 });
    await w.round();
    await w.stop();
    expect(stores().map((r) => r.httpStatus)).toEqual([503]);
    expect(await outbox()).toEqual([{ canary_id: 'Secil.L.F', attempts: 0, due: true }]);
  });
});
