// The Canary writer against the simulator over real HTTP and the outbox in a real database: accepted
// rows leave the outbox with the exact values in Canary; a poison tag is dead-lettered while the rest of
// its batch is delivered; 5xx keeps rows in the outbox until Canary recovers; an expired session renews.
// (Missing DataSets: missing-dataset.test.ts; Canary-wide refusals: canary-wide.test.ts, poison.test.ts.)

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import type { CanaryClient } from '../../src/canary/client.js';
import type { CanaryWriter } from '../../src/canary/writer.js';
import { testCanaryClient, testCanaryWriter } from '../support/canary.js';
import { startCanarySimulator, type CanarySimulator } from '../../src/canary/simulator/server.js';
import { enqueue, outboxDepth } from '../../src/cdc/outbox.js';
import type { OutboxRow } from '../../src/cdc/outbox-rows.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { TagResolver } from '../../src/canary/tag-resolver.js';
import { retryDeadLetters } from '../../src/canary/dead-letters.js';
import { freePort } from '../../src/embedded/throwaway.js';

let db: TestDatabase;
let app: Pool;
let sim: CanarySimulator;
let client: CanaryClient;
let writer: CanaryWriter;
let n = 0;

const row = (canaryId: string, properties: OutboxRow['properties']): OutboxRow => ({
  metric_id: BigInt(++n),
  canary_id: canaryId,
  properties,
  first_lsn: '0/1000',
  idempotency_key: `k${n}-${canaryId}`,
});

beforeAll(async () => {
  db = await cloneDatabase('canary_writer');
  app = createPool(db.appUrl, { max: 4 });
  sim = await startCanarySimulator({ port: 0, datasets: ['Secil'] });
  client = testCanaryClient(sim.safUrl);
  writer = testCanaryWriter(app, client);
});

afterAll(async () => {
  await writer?.stop();
  await client?.close();
  await sim?.stop();
  await app?.end();
});

beforeEach(() => sim.faults.reset());

describe('canary writer', () => {
  it('delivers outbox rows: exact values under the tag, a removed property as "", then the rows are gone', async () => {
    await enqueue(app, [
      row('Secil.Portugal.Kiln.Temp', { engUnit: '°C', engHigh: 1450, big: '9007199254740993', enabled: true }),
      row('Secil.Portugal.Kiln.Speed', { engUnit: null }),
    ]);
    await writer.round();
    expect(sim.latest('Secil.Portugal.Kiln.Temp')).toEqual({
      engUnit: '°C',
      engHigh: 1450,
      big: '9007199254740993',
      enabled: true,
    });
    expect(sim.latest('Secil.Portugal.Kiln.Speed')).toEqual({ engUnit: '' });
    const entries = sim.tags()['Secil.Portugal.Kiln.Temp']?.engUnit ?? [];
    expect(entries[0]).toEqual([
      'engUnit',
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/),
      '°C',
      192,
    ]);
    expect(await outboxDepth(app)).toBe(0);
  });

  it('isolates a poison tag: dead-lettered with the reason, the rest of the batch delivered', async () => {
    sim.faults.poisonTags = ['Secil.Portugal.Poison'];
    await enqueue(app, [
      row('Secil.Portugal.A', { u: 'a' }),
      row('Secil.Portugal.Poison', { u: 'p' }),
      row('Secil.Portugal.B', { u: 'b' }),
    ]);
    await writer.round();
    expect(sim.latest('Secil.Portugal.A')).toEqual({ u: 'a' });
    expect(sim.latest('Secil.Portugal.B')).toEqual({ u: 'b' });
    expect(sim.latest('Secil.Portugal.Poison')).toBeUndefined();
    const dl = await db.pool.query<{ canary_id: string; reason: string }>(
      'SELECT canary_id, reason FROM uns_meta_sync.canary_dead_letters',
    );
    expect(dl.rows).toEqual([
      { canary_id: 'Secil.Portugal.Poison', reason: expect.stringContaining('Secil.Portugal.Poison') },
    ]);
    expect(await outboxDepth(app)).toBe(0);
  });

  it('keeps rows in the outbox while Canary answers 5xx, and delivers them after it recovers', async () => {
    sim.faults.failNext(6, 'server_error');
    await enqueue(app, [row('Secil.Portugal.Later', { u: 'later' })]);
    await writer.round();
    expect(sim.latest('Secil.Portugal.Later')).toBeUndefined();
    const waiting = await db.pool.query<{ attempts: number }>('SELECT attempts FROM uns_meta_sync.canary_outbox');
    expect(waiting.rows).toEqual([{ attempts: 1 }]);
    await db.pool.query('UPDATE uns_meta_sync.canary_outbox SET next_attempt_at = now()');
    await writer.round();
    expect(sim.latest('Secil.Portugal.Later')).toEqual({ u: 'later' });
    expect(await outboxDepth(app)).toBe(0);
  }, 90_000);

  it('renews an expired session by itself', async () => {
    sim.faults.expireSessions();
    await enqueue(app, [row('Secil.Portugal.Renewed', { u: 'r' })]);
    await writer.round();
    expect(sim.latest('Secil.Portugal.Renewed')).toEqual({ u: 'r' });
    const calls = sim
      .requests()
      .map((r) => `${r.path}:${r.statusCode}`)
      .slice(-3);
    expect(calls).toEqual([
      '/api/v1/storeData:BadSessionToken',
      '/api/v1/getSessionToken:Good',
      '/api/v1/storeData:Good',
    ]);
  });
});

describe('canary writer with a refused session', () => {
  it('keeps the rows in the outbox (never dead-letters them) when getSessionToken is refused', async () => {
    const strict = await startCanarySimulator({ port: 0, datasets: ['Secil'], apiToken: 'right' });
    const wrongClient = testCanaryClient(strict.safUrl, { apiToken: 'wrong' });
    const w = testCanaryWriter(app, wrongClient);
    try {
      await db.pool.query('DELETE FROM uns_meta_sync.canary_outbox; DELETE FROM uns_meta_sync.canary_dead_letters');
      await enqueue(app, [row('Secil.Portugal.Session', { u: 's' })]);
      await w.round();
      expect(await outboxDepth(app)).toBe(1);
      expect((await db.pool.query('SELECT 1 FROM uns_meta_sync.canary_dead_letters')).rowCount).toBe(0);
    } finally {
      await w.stop();
      await wrongClient.close();
      await strict.stop();
    }
  }, 90_000);
});

describe('canary writer limits', () => {
  it('never exceeds the request rate (the simulator counts), and splits batches by tags and bytes', async () => {
    const sim2 = await startCanarySimulator({ port: 0, datasets: ['Secil'] });
    const limited = testCanaryClient(sim2.safUrl, { rps: 5 });
    const w = testCanaryWriter(app, limited, { limits: { maxTags: 4, maxBytes: 3_000 } });
    try {
      await db.pool.query('DELETE FROM uns_meta_sync.canary_outbox; DELETE FROM uns_meta_sync.canary_dead_letters');
      const rows = Array.from({ length: 24 }, (_, i) =>
        row(`Secil.Split.T${i}`, { doc: 'x'.repeat(i % 3 === 0 ? 900 : 50) }),
      );
      rows.push(row('Secil.Split.Huge', { doc: 'y'.repeat(5_000) }));
      await enqueue(app, rows);
      await w.round();
      const stores = sim2.requests().filter((r) => r.path === '/api/v1/storeData');
      expect(stores.every((r) => r.tags <= 4 && r.bytes <= 3_000)).toBe(true);
      expect(stores.length).toBeGreaterThanOrEqual(6);
      expect(sim2.stats().maxRequestsInAnySecond).toBeLessThanOrEqual(5);
      for (let i = 0; i < 24; i++) expect(sim2.latest(`Secil.Split.T${i}`)?.doc).toHaveLength(i % 3 === 0 ? 900 : 50);
      const dl = await db.pool.query<{ canary_id: string; reason: string }>(
        'SELECT canary_id, reason FROM uns_meta_sync.canary_dead_letters',
      );
      expect(dl.rows).toEqual([{ canary_id: 'Secil.Split.Huge', reason: expect.stringMatching(/^payload_too_large/) }]);
      expect(await outboxDepth(app)).toBe(0);
    } finally {
      await w.stop();
      await limited.close();
      await sim2.stop();
    }
  }, 90_000);
});

describe('canary writer with CANARY_RESOLVE_TAGS', () => {
  it('sends to tags Canary has, dead-letters the others as tag_unknown, waits while Views is down, and dlq retry re-drives', async () => {
    await db.pool.query('DELETE FROM uns_meta_sync.canary_outbox; DELETE FROM uns_meta_sync.canary_dead_letters');
    const resolving = testCanaryWriter(app, client, { resolver: new TagResolver({ url: sim.viewsUrl }) });
    const viewsDown = testCanaryWriter(app, client, {
      resolver: new TagResolver({ url: `http://127.0.0.1:${await freePort()}/api/v2`, timeoutMs: 2_000 }),
      retryLaterMs: 0,
    });
    try {
      await enqueue(app, [row('Secil.Resolve.Known', { u: '1' })]);
      await writer.round(); // the tag exists in Canary from now on
      await enqueue(app, [row('Secil.Resolve.Known', { u: '2' }), row('Secil.Resolve.Typo', { u: 'x' })]);

      await viewsDown.round();
      expect(await outboxDepth(app)).toBe(2);
      expect((await db.pool.query('SELECT 1 FROM uns_meta_sync.canary_dead_letters')).rowCount).toBe(0);

      await resolving.round();
      expect(sim.latest('Secil.Resolve.Known')).toEqual({ u: '2' });
      expect(sim.latest('Secil.Resolve.Typo')).toBeUndefined();
      const dl = await db.pool.query<{ canary_id: string; reason: string }>(
        'SELECT canary_id, reason FROM uns_meta_sync.canary_dead_letters',
      );
      expect(dl.rows).toEqual([
        {
          canary_id: 'Secil.Resolve.Typo',
          reason: 'tag_unknown: Canary has no tag Secil.Resolve.Typo (CANARY_RESOLVE_TAGS=on)',
        },
      ]);

      // The tag appears in Canary (created by its collector); the operator re-drives the dead letter.
      await enqueue(app, [row('Secil.Resolve.Typo', { u: 'created' })]);
      await writer.round();
      await retryDeadLetters(db.pool, { all: true });
      await resolving.round();
      expect(sim.latest('Secil.Resolve.Typo')).toEqual({ u: 'x' });
      expect(await outboxDepth(app)).toBe(0);
    } finally {
      await resolving.stop();
      await viewsDown.stop();
    }
  }, 60_000);
});
