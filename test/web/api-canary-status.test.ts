// A metric's Canary status in GET /api/metrics/:id is a fact from real rows on PostgreSQL 16 (outbox,
// deliveries as the writer records them, dead letters, conflicts, parity drift), never a default; when
// several hold, the documented precedence decides and every fact is still given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetter, enqueue, markDelivered } from '../../src/cdc/outbox.js';
import { CANARY_STATUSES } from '../../src/web/api/metric-detail.js';
import { schemas } from '../../src/web/api/openapi-schemas.js';
import { apiFixture, seed, type ApiFixture, type Json } from '../support/api-fixture.js';

let f: ApiFixture;
const sensors: Array<{ id: bigint; canaryId: string; path: string }> = [];
beforeAll(async () => {
  f = await apiFixture('api_canary_status');
  await seed(f.pool);
  const r = await f.db.pool.query<{ metric_id: bigint; canary_id: string; uns_path: string }>(
    `SELECT metric_id, canary_id, uns_path FROM uns_meta.metrics WHERE name LIKE 'Line/%' ORDER BY name`,
  );
  sensors.push(...r.rows.map((x) => ({ id: x.metric_id, canaryId: x.canary_id, path: x.uns_path })));
});
afterAll(() => f.stop());

const canary = async (n: number) => (await f.get(`/api/metrics/${sensors[n]?.id}`)).body.canary as Json;
const row = (n: number, key: string) => ({
  metric_id: sensors[n]?.id as bigint,
  canary_id: sensors[n]?.canaryId as string,
  properties: { engUnit: 'bar' },
  first_lsn: '0/10',
  idempotency_key: key,
});
const outboxIds = async (n: number) =>
  (
    await f.db.pool.query<{ outbox_id: bigint }>(
      'SELECT outbox_id FROM uns_meta_sync.canary_outbox WHERE metric_id = $1',
      [sensors[n]?.id],
    )
  ).rows.map((x) => x.outbox_id);
const deliver = async (n: number, key: string) => {
  await enqueue(f.pool, [row(n, key)]);
  await markDelivered(f.pool, await outboxIds(n));
};
const one = async <T extends Record<string, unknown>>(sql: string, n: number) =>
  (await f.db.pool.query<T>(sql, [sensors[n]?.id])).rows[0] as T;
const DIFF = [{ kind: 'differs', key: 'engUnit', expected: 'bar', actual: 'psi' }];
const drift = (n: number) =>
  f.db.pool.query('INSERT INTO uns_meta_sync.canary_drift (metric_id, canary_id, differences) VALUES ($1, $2, $3)', [
    sensors[n]?.id,
    sensors[n]?.canaryId,
    JSON.stringify(DIFF),
  ]);

describe('Canary status of a metric', () => {
  it('never_sent: nothing delivered and nothing pending', async () => {
    expect(await canary(0)).toEqual({
      status: 'never_sent',
      pending: 0,
      enqueuedAt: null,
      deliveredAt: null,
      deadLetters: 0,
      deadLetter: null,
      conflict: null,
      drift: null,
    });
  });

  it('pending with the oldest enqueued_at; delivered with the time the writer recorded', async () => {
    await enqueue(f.pool, [row(1, 'pending-1'), { ...row(1, 'pending-2'), properties: { engUnit: 'psi' } }]);
    const oldest = await one<{ t: Date }>(
      'SELECT min(enqueued_at) AS t FROM uns_meta_sync.canary_outbox WHERE metric_id = $1',
      1,
    );
    expect(await canary(1)).toMatchObject({
      status: 'pending',
      pending: 2,
      enqueuedAt: oldest.t.toISOString(),
      deliveredAt: null,
    });

    await deliver(2, 'delivered');
    const at = await one<{ delivered_at: Date }>(
      'SELECT delivered_at FROM uns_meta_sync.canary_deliveries WHERE metric_id = $1',
      2,
    );
    expect(await canary(2)).toEqual({
      status: 'delivered',
      pending: 0,
      enqueuedAt: null,
      deliveredAt: at.delivered_at.toISOString(),
      deadLetters: 0,
      deadLetter: null,
      conflict: null,
      drift: null,
    });
  });

  it('dead_lettered with the reason; conflict naming the metric that owns the tag; drift with what differs', async () => {
    await enqueue(f.pool, [row(3, 'dead')]);
    await deadLetter(
      f.pool,
      (await outboxIds(3)).map((outboxId) => ({ outboxId, reason: 'invalid_tag: BadTagId', statusCode: '400' })),
    );
    expect(await canary(3)).toMatchObject({
      status: 'dead_lettered',
      pending: 0,
      deadLetters: 1,
      deadLetter: { reason: 'invalid_tag: BadTagId', failedAt: expect.any(String) },
    });

    await f.db.pool.query(
      'INSERT INTO uns_meta_sync.canary_conflicts (metric_id, canary_id, owner_metric_id) VALUES ($1, $2, $3)',
      [sensors[4]?.id, sensors[5]?.canaryId, sensors[5]?.id],
    );
    expect(await canary(4)).toMatchObject({
      status: 'conflict',
      conflict: {
        canaryId: sensors[5]?.canaryId,
        ownerMetricId: Number(sensors[5]?.id),
        ownerUnsPath: sensors[5]?.path,
        detectedAt: expect.any(String),
      },
    });

    await deliver(6, 'drift-delivered');
    await drift(6);
    const found = await one<{ found_at: Date }>(
      'SELECT found_at FROM uns_meta_sync.canary_drift WHERE metric_id = $1',
      6,
    );
    expect(await canary(6)).toMatchObject({
      status: 'drift',
      deliveredAt: expect.any(String),
      drift: { foundAt: found.found_at.toISOString(), differences: DIFF },
    });
  });

  it('when several hold: conflict > dead_lettered > pending > drift > delivered, every fact still given', async () => {
    const seen: string[] = [];
    await deliver(7, 'p-delivered');
    seen.push((await canary(7)).status);
    await drift(7);
    seen.push((await canary(7)).status);
    await enqueue(f.pool, [row(7, 'p-pending')]);
    seen.push((await canary(7)).status);
    await f.db.pool.query(
      `INSERT INTO uns_meta_sync.canary_dead_letters (metric_id, canary_id, payload, reason) VALUES ($1, $2, '{}', 'bad value')`,
      [sensors[7]?.id, sensors[7]?.canaryId],
    );
    seen.push((await canary(7)).status);
    await f.db.pool.query(
      'INSERT INTO uns_meta_sync.canary_conflicts (metric_id, canary_id, owner_metric_id) VALUES ($1, $2, $3)',
      [sensors[7]?.id, sensors[7]?.canaryId, sensors[8]?.id],
    );
    const all = await canary(7);
    seen.push(all.status);
    expect(seen).toEqual(['delivered', 'drift', 'pending', 'dead_lettered', 'conflict']);
    expect(all).toMatchObject({
      pending: 1,
      deliveredAt: expect.any(String),
      deadLetter: { reason: 'bad value' },
      conflict: { ownerMetricId: Number(sensors[8]?.id) },
      drift: { differences: DIFF },
    });
    expect([...CANARY_STATUSES].sort()).toEqual([...seen, 'never_sent'].sort());
  });

  it('the OpenAPI document lists exactly these statuses', () => {
    const metric = schemas.Metric as Json;
    expect(metric.properties.canary.properties.status.enum).toEqual([...CANARY_STATUSES]);
  });
});
