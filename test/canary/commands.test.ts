// The `canary` operator commands against a cloned database (and the simulator over real HTTP for verify):
// backfill enqueues exactly the current state (dry run writes nothing), preview shows what would be sent,
// dlq list/retry/drop re-drive or give up dead letters, verify reports differences and parity.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { backfill } from '../../src/canary/backfill.js';
import type { CanaryClient } from '../../src/canary/client.js';
import { dropDeadLetters, openDeadLetters, retryDeadLetters } from '../../src/canary/dead-letters.js';
import { previewOutbox } from '../../src/canary/preview.js';
import { startCanarySimulator, type CanarySimulator } from '../../src/canary/simulator/server.js';
import { verifyParity } from '../../src/canary/verify.js';
import type { CanaryWriter } from '../../src/canary/writer.js';
import { deadLetter, dueEntries, enqueue, outboxDepth } from '../../src/cdc/outbox.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { testCanaryClient, testCanaryWriter } from '../support/canary.js';

let db: TestDatabase;
let app: Pool;
let sim: CanarySimulator;
let client: CanaryClient;
let writer: CanaryWriter;
const ids: Record<string, bigint> = {};

async function seed(): Promise<void> {
  const dev = await db.pool.query<{ device_id: bigint }>(
    `INSERT INTO uns_meta.devices (group_id, edge, device, uns_path) VALUES ('Secil','Portugal','Kiln','Secil/Portugal/Kiln') RETURNING device_id`,
  );
  const deviceId = dev.rows[0]?.device_id;
  const metric = async (name: string, retired = false) => {
    const r = await db.pool.query<{ metric_id: bigint }>(
      `INSERT INTO uns_meta.metrics (device_id, name, uns_path, datatype, retired_at) VALUES ($1, $2, 'Secil/Portugal/Kiln/' || $2, 'Float', $3) RETURNING metric_id`,
      [deviceId, name, retired ? new Date() : null],
    );
    return (ids[name] = r.rows[0]?.metric_id as bigint);
  };
  const prop = (id: bigint, key: string, type: string, col: string, v: unknown) =>
    db.pool.query(
      `INSERT INTO uns_meta.metric_properties (metric_id, key, type, ${col}) VALUES ($1, $2, $3::uns_meta.spb_property_type, $4)`,
      [id, key, type, v],
    );
  const temp = await metric('Temp');
  await prop(temp, 'engUnit', 'string', 'value_string', '°C');
  await prop(temp, 'engHigh', 'double', 'value_double', 1450);
  await prop(temp, 'scale', 'float', 'value_float', 0.1);
  await prop(temp, 'counter', 'long', 'value_long', '9007199254740993');
  await prop(temp, 'enabled', 'boolean', 'value_bool', true);
  const speed = await metric('Fan/Speed');
  await prop(speed, 'engUnit', 'string', 'value_string', 'rpm');
  const old = await metric('Old', true);
  await prop(old, 'engUnit', 'string', 'value_string', 'x');
  await metric('Bare');
}

const TEMP = { engUnit: '°C', engHigh: 1450, scale: 0.1, counter: '9007199254740993', enabled: true };

beforeAll(async () => {
  db = await cloneDatabase('canary_commands');
  app = createPool(db.appUrl, { max: 4 });
  await seed();
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

beforeEach(async () => {
  await db.pool.query('TRUNCATE uns_meta_sync.canary_outbox, uns_meta_sync.canary_dead_letters');
});

const outbox = async () =>
  (
    await db.pool.query<{ canary_id: string; properties: unknown; idempotency_key: string }>(
      'SELECT canary_id, properties, idempotency_key FROM uns_meta_sync.canary_outbox ORDER BY outbox_id',
    )
  ).rows;

describe('canary backfill', () => {
  it('dry run counts the active metrics with properties and writes nothing', async () => {
    const r = await backfill(app, { prefix: '', dryRun: true });
    expect(r).toMatchObject({ dryRun: true, metrics: 2, properties: 6, enqueued: 0 });
    expect(r.sample.map((m) => m.canaryId)).toEqual(['Secil.Portugal.Kiln.Temp', 'Secil.Portugal.Kiln.Fan.Speed']);
    expect(await outboxDepth(app)).toBe(0);
  });

  it('enqueues one row per active metric with every current property; same run id again adds nothing, a new run re-sends', async () => {
    const r = await backfill(app, { prefix: '', dryRun: false, runId: 'run-1' });
    expect(r).toMatchObject({ metrics: 2, properties: 6, enqueued: 2 });
    const rows = await outbox();
    expect(rows.map((x) => [x.canary_id, x.properties])).toEqual([
      ['Secil.Portugal.Kiln.Temp', TEMP],
      ['Secil.Portugal.Kiln.Fan.Speed', { engUnit: 'rpm' }],
    ]);
    expect((await backfill(app, { prefix: '', dryRun: false, runId: 'run-1' })).enqueued).toBe(0);
    expect((await backfill(app, { prefix: '', dryRun: false })).enqueued).toBe(2);
    expect(await outboxDepth(app)).toBe(4);
  });

  it('a prefix limits it to the metrics under that uns_path', async () => {
    const r = await backfill(app, { prefix: 'Secil/Portugal/Kiln/Fan', dryRun: false });
    expect(r).toMatchObject({ metrics: 1, properties: 1, enqueued: 1 });
    expect((await outbox()).map((x) => x.canary_id)).toEqual(['Secil.Portugal.Kiln.Fan.Speed']);
  });
});

describe('canary preview', () => {
  it('shows tag ids after the dataset override, the entries and the batches, and sends nothing', async () => {
    await backfill(app, { prefix: '', dryRun: false });
    const before = sim.stats().requests;
    const p = await previewOutbox(app, {
      prefix: '',
      limit: 100,
      datasets: { override: 'Test' },
      limits: { maxTags: 1, maxBytes: 1_000_000 },
    });
    expect(p.rows).toBe(2);
    expect(p.writes.map((w) => w.tag)).toEqual(['Test.Portugal.Kiln.Temp', 'Test.Portugal.Kiln.Fan.Speed']);
    expect(p.writes[1]?.entries).toEqual([
      ['engUnit', expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/), 'rpm', 192],
    ]);
    expect(Object.fromEntries((p.writes[0]?.entries ?? []).map((e) => [e[0], e[2]]))).toEqual(TEMP);
    expect(p.batches).toHaveLength(2);
    expect(p.batches.every((b) => b.tags === 1 && b.bytes > 50)).toBe(true);
    expect(p.deadLetters).toEqual([]);
    expect(sim.stats().requests).toBe(before);
    expect(await outboxDepth(app)).toBe(2);
  });

  it('lists what the writer would dead-letter (a DataSet outside CANARY_DATASET_PREFIX)', async () => {
    await backfill(app, { prefix: '', dryRun: false });
    const p = await previewOutbox(app, {
      prefix: 'Secil/Portugal/Kiln/Fan',
      limit: 10,
      datasets: { prefix: 'Other' },
      limits: { maxTags: 100, maxBytes: 1_000_000 },
    });
    expect(p.rows).toBe(1);
    expect(p.deadLetters).toEqual([
      { canaryId: 'Secil.Portugal.Kiln.Fan.Speed', reason: expect.stringMatching(/^dataset_not_allowed:/) },
    ]);
  });
});

async function twoDeadLetters(): Promise<bigint[]> {
  await enqueue(app, [
    {
      metric_id: ids.Temp as bigint,
      canary_id: 'Secil.Portugal.Kiln.Temp',
      properties: { engUnit: '°C' },
      first_lsn: '0/10',
      idempotency_key: 'k-temp',
    },
    {
      metric_id: ids['Fan/Speed'] as bigint,
      canary_id: 'Secil.Portugal.Kiln.Fan.Speed',
      properties: { engUnit: null },
      first_lsn: '0/10',
      idempotency_key: 'k-speed',
    },
  ]);
  await deadLetter(
    app,
    (await dueEntries(app, 10)).map((e) => ({ outboxId: e.outboxId, reason: 'invalid_tag: test', statusCode: '400' })),
  );
  return (await openDeadLetters(app, 10)).rows.map((r) => r.deadLetterId);
}

describe('canary dlq', () => {
  it('lists the open dead letters with reason, status code and attempts', async () => {
    await twoDeadLetters();
    const { total, rows } = await openDeadLetters(app, 1);
    expect(total).toBe(2);
    expect(rows).toEqual([
      expect.objectContaining({
        canaryId: 'Secil.Portugal.Kiln.Temp',
        reason: 'invalid_tag: test',
        statusCode: '400',
        attempts: 1,
        failedAt: expect.any(Date),
      }),
    ]);
  });

  it('retry moves them back into the outbox as due rows under a new key and marks them retried', async () => {
    const [a, b] = await twoDeadLetters();
    // The failed row's key is still known to a replaying CDC; the retry must not be swallowed by it.
    await enqueue(app, [
      {
        metric_id: 1n,
        canary_id: 'Secil.X.Y',
        properties: { u: 'x' },
        first_lsn: '0/10',
        idempotency_key: `dlq-other`,
      },
    ]);
    const r = await retryDeadLetters(app, { all: false, ids: [a as bigint, 999n] });
    expect(r).toEqual({ done: [a], skipped: [999n] });
    const due = await dueEntries(app, 10);
    expect(due.map((e) => [e.canaryId, e.properties, e.attempts])).toEqual([
      ['Secil.X.Y', { u: 'x' }, 0],
      ['Secil.Portugal.Kiln.Temp', { engUnit: '°C' }, 0],
    ]);
    expect((await outbox()).at(-1)?.idempotency_key).toBe(`dlq-retry:${a}`);
    const status = await db.pool.query<{ dead_letter_id: bigint; status: string }>(
      'SELECT dead_letter_id, status FROM uns_meta_sync.canary_dead_letters ORDER BY 1',
    );
    expect(status.rows.map((x) => x.status)).toEqual(['retried', 'open']);
    expect((await retryDeadLetters(app, { all: false, ids: [a as bigint] })).skipped).toEqual([a]);
    expect((await retryDeadLetters(app, { all: true })).done).toEqual([b]);
  });

  it('retry re-sends the current value of each key under the current tag (never an older payload); a metric no longer stored keeps its payload', async () => {
    await enqueue(app, [
      // Dead-lettered before a rename and before newer values reached Canary; 'gone' was removed since.
      {
        metric_id: ids.Temp as bigint,
        canary_id: 'Secil.Portugal.Kiln.OldName',
        properties: { engUnit: 'K', engHigh: 1, gone: 'x' },
        first_lsn: '0/10',
        idempotency_key: 'k-stale',
      },
      {
        metric_id: 999_999n,
        canary_id: 'Secil.Portugal.Kiln.Deleted',
        properties: { engUnit: 'bar' },
        first_lsn: '0/10',
        idempotency_key: 'k-deleted',
      },
    ]);
    await deadLetter(
      app,
      (await dueEntries(app, 10)).map((e) => ({ outboxId: e.outboxId, reason: 'invalid_tag: test' })),
    );
    await retryDeadLetters(app, { all: true });
    const due = await dueEntries(app, 10);
    expect(due.map((e) => [e.canaryId, e.properties])).toEqual([
      ['Secil.Portugal.Kiln.Temp', { engUnit: '°C', engHigh: 1450, gone: null }],
      ['Secil.Portugal.Kiln.Deleted', { engUnit: 'bar' }],
    ]);
  });

  it('drop marks them dropped and keeps the rows', async () => {
    const [a, b] = await twoDeadLetters();
    expect(await dropDeadLetters(app, { all: true })).toEqual({ done: [a, b], skipped: [] });
    expect((await openDeadLetters(app, 10)).total).toBe(0);
    const rows = await db.pool.query<{ status: string }>('SELECT status FROM uns_meta_sync.canary_dead_letters');
    expect(rows.rows.map((x) => x.status)).toEqual(['dropped', 'dropped']);
    expect(await outboxDepth(app)).toBe(0);
  });
});

describe('canary verify (simulator over HTTP)', () => {
  it('reports missing tags before delivery, parity after backfill + writer, then a differing value and a missing key', async () => {
    const views = { url: sim.viewsUrl };
    const first = await verifyParity(app, views, { prefix: '', datasets: {} });
    expect(first.missingTags.map((m) => m.tag)).toEqual(['Secil.Portugal.Kiln.Temp', 'Secil.Portugal.Kiln.Fan.Speed']);

    await backfill(app, { prefix: '', dryRun: false });
    await writer.round();
    expect(await outboxDepth(app)).toBe(0);
    const parity = await verifyParity(app, views, { prefix: '', datasets: {} });
    expect(parity).toMatchObject({
      tags: 2,
      inParity: 2,
      missingTags: [],
      missingKeys: [],
      differing: [],
      extraKeys: [],
    });

    await db.pool.query(
      `UPDATE uns_meta.metric_properties SET value_string = 'K' WHERE metric_id = $1 AND key = 'engUnit'`,
      [ids.Temp],
    );
    await db.pool.query(
      `INSERT INTO uns_meta.metric_properties (metric_id, key, type, value_int) VALUES ($1, 'Quality', 'int', 192)`,
      [ids.Temp],
    );
    const drift = await verifyParity(app, views, { prefix: 'Secil/Portugal/Kiln/Temp', datasets: {} });
    expect(drift.tags).toBe(1);
    expect(drift.differing).toEqual([{ tag: 'Secil.Portugal.Kiln.Temp', key: 'engUnit', expected: 'K', actual: '°C' }]);
    expect(drift.missingKeys).toEqual([{ tag: 'Secil.Portugal.Kiln.Temp', key: 'Quality', expected: 192 }]);
    await db.pool.query(
      `UPDATE uns_meta.metric_properties SET value_string = '°C' WHERE metric_id = $1 AND key = 'engUnit'`,
      [ids.Temp],
    );
    await db.pool.query(`DELETE FROM uns_meta.metric_properties WHERE metric_id = $1 AND key = 'Quality'`, [ids.Temp]);
  });
});
