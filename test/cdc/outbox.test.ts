// The outbox as the app role uses it: idempotent enqueue (a replay adds nothing), due rows in order,
// delivery deletes, failures wait, permanent failures move to the dead letters with their reason.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { deadLetter, dueEntries, enqueue, markDelivered, outboxDepth, reschedule } from '../../src/cdc/outbox.js';
import type { OutboxRow } from '../../src/cdc/outbox-rows.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';

let db: TestDatabase;
let app: Pool;
beforeAll(async () => {
  db = await cloneDatabase('cdc_outbox');
  app = createPool(db.appUrl, { max: 2 });
});
afterAll(() => app.end());

const row = (n: number, props: OutboxRow['properties']): OutboxRow => ({
  metric_id: BigInt(n),
  canary_id: `Secil.Portugal.Tag${n}`,
  properties: props,
  first_lsn: `0/${(0x1000 + n).toString(16).toUpperCase()}`,
  idempotency_key: `key-${n}`,
});

describe('canary outbox', () => {
  it('enqueues once per idempotency key and hands out due rows oldest first', async () => {
    expect(
      await enqueue(app, [
        row(1, { engUnit: '°C', high: 9007199254740993n.toString() }),
        row(2, { Documentation: null }),
      ]),
    ).toBe(2);
    expect(await enqueue(app, [row(1, { engUnit: '°C' })])).toBe(0);
    const due = await dueEntries(app, 10);
    expect(due.map((e) => [e.metricId, e.canaryId, e.properties, e.attempts])).toEqual([
      [1n, 'Secil.Portugal.Tag1', { engUnit: '°C', high: '9007199254740993' }, 0],
      [2n, 'Secil.Portugal.Tag2', { Documentation: null }, 0],
    ]);
  });

  it('a rescheduled row is not due until its delay passed; a delivered one is gone', async () => {
    const [first, second] = await dueEntries(app, 10);
    await reschedule(app, [first!.outboxId], 60_000);
    expect((await dueEntries(app, 10)).map((e) => e.outboxId)).toEqual([second!.outboxId]);
    await markDelivered(app, [second!.outboxId]);
    expect(await outboxDepth(app)).toBe(1);
    const r = await db.pool.query('SELECT attempts FROM uns_meta_sync.canary_outbox');
    expect(r.rows).toEqual([{ attempts: 1 }]);
  });

  it('dead-letters with the reason in one step', async () => {
    await enqueue(app, [row(3, { bad: 'x' })]);
    const target = (
      await db.pool.query<{ outbox_id: bigint }>(
        `SELECT outbox_id FROM uns_meta_sync.canary_outbox WHERE canary_id = 'Secil.Portugal.Tag3'`,
      )
    ).rows[0]!.outbox_id;
    await deadLetter(app, [{ outboxId: target, reason: 'unknown dataset Secil', statusCode: 'Errors' }]);
    const dl = await db.pool.query(
      'SELECT metric_id, canary_id, payload, reason, status_code, attempts, status FROM uns_meta_sync.canary_dead_letters',
    );
    expect(dl.rows).toEqual([
      {
        metric_id: 3n,
        canary_id: 'Secil.Portugal.Tag3',
        payload: { bad: 'x' },
        reason: 'unknown dataset Secil',
        status_code: 'Errors',
        attempts: 1,
        status: 'open',
      },
    ]);
    expect(await outboxDepth(app)).toBe(1);
  });
});
