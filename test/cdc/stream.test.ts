// The CDC stage against a real PostgreSQL 16: a birth's properties reach the outbox after the debounce
// window with the metric's canary id; a change sends only its key; a burst on one metric is one row;
// the slot is acknowledged only up to what the outbox holds, and an idle slot keeps up with the WAL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { createLogger } from '../../src/log.js';
import { startCdc, type CdcStage } from '../../src/cdc/stream.js';
import { applyBirth, type WriterOptions } from '../../src/store/birth-writer.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { birth, d, metric, s } from '../support/births.js';
import { eventually } from '../support/live-service.js';
import { dropSlotWhenReleased } from '../support/slots.js';

const slot = `t_cdc_stream_${process.pid}`;
const opts: WriterOptions = { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 4096 };
let db: TestDatabase;
let app: Pool;
let cdc: CdcStage;

beforeAll(async () => {
  db = await cloneDatabase('cdc_stream');
  app = createPool(db.appUrl, { max: 4 });
  cdc = startCdc({
    pool: app,
    leaderUrl: db.appUrl,
    replUrl: db.urlAs('uns_meta_cdc'),
    slot,
    publication: 'uns_meta_pub',
    debounceQuietMs: 400,
    debounceMaxMs: 3000,
    leaderPollMs: 200,
    log: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  await eventually(
    async () => cdc.status().streaming,
    (v) => v,
    15_000,
    'streaming',
  );
});

afterAll(async () => {
  await cdc?.stop();
  await app?.end();
  if (!db) return;
  await dropSlotWhenReleased(db, slot);
});

const TOPIC = 'spBv1.0/Secil/DBIRTH/Portugal/Cement';
const outbox = async () =>
  (
    await db.pool.query<{ canary_id: string; properties: Record<string, unknown> }>(
      'SELECT canary_id, properties FROM uns_meta_sync.canary_outbox ORDER BY outbox_id',
    )
  ).rows;

describe('CDC stage', () => {
  it("a birth's properties reach the outbox under each metric's canary id", async () => {
    await applyBirth(
      app,
      birth(
        TOPIC,
        [
          metric('Kiln/Temp', 'Float', { engUnit: s('°C'), engHigh: d(1450) }),
          metric('Kiln/Speed', 'Double', { engUnit: s('rpm') }),
        ],
        { timestamp: 1000n },
      ),
      opts,
    );
    const rows = await eventually(outbox, (r) => r.length === 2, 15_000, 'two outbox rows');
    expect(rows).toEqual([
      { canary_id: 'Secil.Portugal.Cement.Kiln.Temp', properties: { engHigh: 1450, engUnit: '°C' } },
      { canary_id: 'Secil.Portugal.Cement.Kiln.Speed', properties: { engUnit: 'rpm' } },
    ]);
  });

  it('a changed property sends only that key; a removed one sends null; a burst in the window is one row', async () => {
    await db.pool.query('DELETE FROM uns_meta_sync.canary_outbox');
    await applyBirth(
      app,
      birth(
        TOPIC,
        [metric('Kiln/Temp', 'Float', { engUnit: s('°C'), engHigh: d(1500) }), metric('Kiln/Speed', 'Double', {})],
        { timestamp: 2000n },
      ),
      opts,
    );
    await eventually(outbox, (r) => r.length === 2, 15_000, 'two rows').then((rows) =>
      expect(rows).toEqual([
        { canary_id: 'Secil.Portugal.Cement.Kiln.Temp', properties: { engHigh: 1500 } },
        { canary_id: 'Secil.Portugal.Cement.Kiln.Speed', properties: { engUnit: null } },
      ]),
    );
    await db.pool.query('DELETE FROM uns_meta_sync.canary_outbox');
    for (const v of [1, 2, 3, 4, 5]) {
      await db.pool.query(
        `UPDATE uns_meta.metric_properties SET value_double = $1 WHERE key = 'engHigh' AND metric_id = (SELECT metric_id FROM uns_meta.metrics WHERE name = 'Kiln/Temp')`,
        [1600 + v],
      );
      await new Promise((r) => setTimeout(r, 60));
    }
    await eventually(outbox, (r) => r.length >= 1, 15_000, 'the burst');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await outbox()).toEqual([{ canary_id: 'Secil.Portugal.Cement.Kiln.Temp', properties: { engHigh: 1605 } }]);
  });

  it('acknowledges the slot up to what the outbox holds, and an idle slot follows the WAL', async () => {
    const lag = async () =>
      Number(
        (
          await db.pool.query<{ lag: string }>(
            'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint AS lag FROM pg_replication_slots WHERE slot_name = $1',
            [slot],
          )
        ).rows[0]?.lag,
      );
    // WAL that is not published (another schema) must not stay retained behind the slot.
    for (let i = 0; i < 60; i++)
      await db.pool.query(
        `INSERT INTO uns_meta_sync.quarantine (topic, error_code, message) VALUES ('t', 'x', repeat('y', 10000))`,
      );
    await eventually(
      async () => {
        await db.pool.query(`SELECT pg_logical_emit_message(false, 'uns-meta-test', 'nudge')`);
        return lag();
      },
      (n) => n < 100_000,
      40_000,
      'the slot to follow an idle database',
    );
    expect(cdc.status()).toMatchObject({ leader: true, streaming: true, pending: 0 });
  });
});
