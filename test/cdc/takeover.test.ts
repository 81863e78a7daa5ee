// Two CDC stages on one database: only the leader streams the slot; when the leader's process dies
// (its connections close) the other one streams within seconds and carries on where the slot stands.

import { afterAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db.js';
import { createLogger } from '../../src/log.js';
import { startCdc, type CdcStage } from '../../src/cdc/stream.js';
import { applyBirth } from '../../src/store/birth-writer.js';
import { cloneDatabase } from '../support/database.js';
import { birth, metric, s } from '../support/births.js';
import { eventually } from '../support/live-service.js';
import { dropSlotWhenReleased } from '../support/slots.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe('CDC takeover', () => {
  it('one stage streams; the other takes over within seconds when the leader dies', async () => {
    const db = await cloneDatabase('cdc_takeover');
    const app = createPool(db.appUrl, { max: 6 });
    cleanups.push(() => app.end());
    const slot = `t_takeover_${process.pid}`;
    const make = () =>
      startCdc({ pool: app, leaderUrl: db.appUrl, replUrl: db.urlAs('uns_meta_cdc'), slot, publication: 'uns_meta_pub', debounceQuietMs: 100, debounceMaxMs: 500, leaderPollMs: 300, log: createLogger({ level: 'silent' }) });
    const a: CdcStage = make();
    await eventually(async () => a.status().streaming, (v) => v, 15_000, 'a streams');
    const b: CdcStage = make();
    cleanups.push(async () => {
      await b.stop();
      await dropSlotWhenReleased(db, slot);
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect([a.status().streaming, b.status()]).toEqual([true, expect.objectContaining({ leader: false, streaming: false })]);

    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Takeover';
    const opts = { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 1024 };
    await applyBirth(app, birth(topic, [metric('X', 'String', { doc: s('one') })], { timestamp: 1n }), opts);
    await eventually(async () => (await db.pool.query('SELECT 1 FROM uns_meta_sync.canary_outbox')).rowCount, (n) => n === 1, 10_000, 'first change via a');

    const died = Date.now();
    await a.stop();
    await eventually(async () => b.status().streaming, (v) => v, 10_000, 'b takes over');
    const tookMs = Date.now() - died;
    expect(tookMs).toBeLessThan(5_000);
    await applyBirth(app, birth(topic, [metric('X', 'String', { doc: s('two') })], { timestamp: 2n }), opts);
    const rows = await eventually(
      async () => (await db.pool.query<{ properties: unknown }>('SELECT properties FROM uns_meta_sync.canary_outbox ORDER BY outbox_id')).rows,
      (r) => r.length === 2,
      10_000,
      'second change via b',
    );
    expect(rows.map((r) => r.properties)).toEqual([{ doc: 'one' }, { doc: 'two' }]);
  }, 60_000);
});
