// A source transaction far bigger than one chunk (here 3,000 metrics × 4 properties against 2,000 rows a
// chunk; in production a 1,000,000-metric first birth against 50,000): it reaches the outbox part by
// part while it streams, the acknowledged position stays below it until its last part is in, a change
// right after it wins over it, and Canary ends equal to the database.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBirth } from '../../src/store/birth-writer.js';
import { cdcChunksTotal } from '../../src/metrics.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { birth, d, i, metric, s } from '../support/births.js';
import { dropSlotWhenReleased } from '../support/slots.js';
import { startCanaryPath, type CanaryPath } from '../support/canary-path.js';

const slot = `t_bigtx_${process.pid}`;
const TOPIC = 'spBv1.0/Secil/DBIRTH/Portugal/Cement';
const opts = { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 1024 };
let db: TestDatabase;
let path: CanaryPath;

beforeAll(async () => {
  db = await cloneDatabase('cdc_bigtx');
  path = await startCanaryPath(db, { slot, cdc: { chunkRows: 2_000, debounceQuietMs: 1_000, debounceMaxMs: 4_000 } });
  await path.startCdc();
});

afterAll(async () => {
  await path?.stop();
  if (db) await dropSlotWhenReleased(db, slot);
});

const chunks = async () => (await cdcChunksTotal.get()).values[0]?.value ?? 0;

describe('a transaction of many chunks', () => {
  it('streams into the outbox in parts and Canary reaches parity, the later change winning', async () => {
    const before = await chunks();
    const metrics = (high: number) =>
      Array.from({ length: 3_000 }, (_, n) =>
        metric(`Area${n % 30}/Tag ${n}`, 'Double', {
          engUnit: s('bar'),
          engHigh: d(high + n),
          decimals: i(2),
          description: s(`tag ${n}`),
        }),
      );
    await applyBirth(path.app, birth(TOPIC, metrics(100), { timestamp: 1n }), opts);
    // At once after it, in its own small transaction: must not be overtaken by the big one's parts.
    await db.pool.query(
      `UPDATE uns_meta.metric_properties SET value_string = 'after' WHERE key = 'description' AND metric_id = (SELECT metric_id FROM uns_meta.metrics WHERE name = 'Area7/Tag 7')`,
    );
    const report = await path.untilParity(60_000, 3_000);
    expect(report.inParity).toBe(3_000);
    expect(path.sim.latest('Secil.Portugal.Cement.Area7.Tag 7')?.description).toBe('after');
    // 3,000 metric rows + 12,000 property rows in parts of 2,000.
    expect((await chunks()) - before).toBeGreaterThanOrEqual(7);
  }, 120_000);
});
