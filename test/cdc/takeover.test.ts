// Two CDC stages on one database: only the leader streams the slot; when the leader's process dies
// (its connections close) the other one streams within seconds and carries on where the slot stands.
// A new leader ends a consumer that still holds the slot (a frozen former leader: its walsender would
// stay until wal_sender_timeout) and streams from where the slot stands, losing nothing.

import { performance } from 'node:perf_hooks';
import { LogicalReplicationService, PgoutputPlugin } from 'pg-logical-replication';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, createPool } from '../../src/db.js';
import { AppError } from '../../src/errors.js';
import { createSlot, walSenderTimeoutMs } from '../../src/cdc/slot-setup.js';
import { terminateStaleConsumer } from '../../src/cdc/slot-takeover.js';
import type { PgoutputMessage } from '../../src/cdc/pgoutput.js';
import { createLogger } from '../../src/log.js';
import { startCdc, type CdcStage } from '../../src/cdc/stream.js';
import { applyBirth } from '../../src/store/birth-writer.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { birth, metric, s } from '../support/births.js';
import { eventually } from '../support/live-service.js';
import { dropSlotWhenReleased } from '../support/slots.js';
import { startTsChild, type TsChild } from '../support/ts-child.js';

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
      startCdc({
        pool: app,
        leaderUrl: db.appUrl,
        replUrl: db.urlAs('uns_meta_cdc'),
        slot,
        publication: 'uns_meta_pub',
        debounceQuietMs: 100,
        debounceMaxMs: 500,
        leaderPollMs: 300,
        log: createLogger({ level: 'silent' }),
      });
    const a: CdcStage = make();
    await eventually(
      async () => a.status().streaming,
      (v) => v,
      15_000,
      'a streams',
    );
    const b: CdcStage = make();
    cleanups.push(async () => {
      await b.stop();
      await dropSlotWhenReleased(db, slot);
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect([a.status().streaming, b.status()]).toEqual([
      true,
      expect.objectContaining({ leader: false, streaming: false }),
    ]);

    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Takeover';
    const opts = { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 1024 };
    await applyBirth(app, birth(topic, [metric('X', 'String', { doc: s('one') })], { timestamp: 1n }), opts);
    await eventually(
      async () => (await db.pool.query('SELECT 1 FROM uns_meta_sync.canary_outbox')).rowCount,
      (n) => n === 1,
      10_000,
      'first change via a',
    );

    const died = Date.now();
    await a.stop();
    await eventually(
      async () => b.status().streaming,
      (v) => v,
      10_000,
      'b takes over',
    );
    const tookMs = Date.now() - died;
    expect(tookMs).toBeLessThan(5_000);
    await applyBirth(app, birth(topic, [metric('X', 'String', { doc: s('two') })], { timestamp: 2n }), opts);
    const rows = await eventually(
      async () =>
        (
          await db.pool.query<{ properties: unknown }>(
            'SELECT properties FROM uns_meta_sync.canary_outbox ORDER BY outbox_id',
          )
        ).rows,
      (r) => r.length === 2,
      10_000,
      'second change via b',
    );
    expect(rows.map((r) => r.properties)).toEqual([{ doc: 'one' }, { doc: 'two' }]);
  }, 60_000);
});

describe('taking the slot over from a stale consumer', () => {
  /** A consumer process streaming `slot`, frozen (SIGSTOP) once its walsender holds the slot. */
  async function frozenConsumer(db: TestDatabase, slot: string): Promise<{ child: TsChild; walsender: number }> {
    const child = startTsChild('test/support/slot-consumer-process.ts', [
      db.urlAs('uns_meta_cdc'),
      slot,
      'uns_meta_pub',
    ]);
    cleanups.push(() => child.kill());
    const walsender = await eventually(
      () => activePid(db, slot),
      (pid) => pid !== null,
      20_000,
      `a consumer streaming ${slot}`,
    );
    child.freeze();
    return { child, walsender: walsender as number };
  }

  async function activePid(db: TestDatabase, slot: string): Promise<number | null> {
    return (
      (
        await db.pool.query<{ pid: number | null }>(
          'SELECT active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1',
          [slot],
        )
      ).rows[0]?.pid ?? null
    );
  }

  it('ends the walsender of a frozen consumer at once instead of after wal_sender_timeout, and the new consumer gets every unacknowledged change', async () => {
    const db = await cloneDatabase('cdc_stale_consumer');
    const slot = `t_stale_${process.pid}`;
    const app = createPool(db.appUrl, { max: 2 });
    const cdc = await connect(db.urlAs('uns_meta_cdc'), 'uns-meta-test-takeover');
    cleanups.push(() => dropSlotWhenReleased(db, slot));
    cleanups.push(() => app.end());
    cleanups.push(() => cdc.end());
    await createSlot(cdc, slot);
    expect(await terminateStaleConsumer(cdc, slot)).toEqual({ terminatedPid: null }); // nobody streams: nothing to do

    const stale = await frozenConsumer(db, slot);
    // A change the frozen consumer can never acknowledge.
    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Stale';
    await applyBirth(app, birth(topic, [metric('Y', 'String', { doc: s('while frozen') })], { timestamp: 1n }), {
      changedBy: 'test',
      renameByFingerprint: true,
      quarantinePayloadMaxBytes: 1024,
    });

    // Production ratio: the server would keep the frozen consumer's walsender for 60 s.
    expect(await walSenderTimeoutMs(cdc)).toBe(60_000);
    const started = performance.now();
    expect(await terminateStaleConsumer(cdc, slot)).toEqual({ terminatedPid: stale.walsender });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await activePid(db, slot)).toBeNull();

    const next = new LogicalReplicationService(
      { connectionString: db.urlAs('uns_meta_cdc'), application_name: 'uns-meta-test-next' },
      { acknowledge: { auto: false, timeoutSeconds: 0 } },
    );
    cleanups.push(() => next.destroy());
    const got: string[] = [];
    next.on('data', (_lsn: string, msg: PgoutputMessage) => {
      if (msg.tag === 'insert') got.push(`${msg.relation.name}: ${JSON.stringify(msg.new)}`);
    });
    next.on('error', () => undefined);
    void next
      .subscribe(new PgoutputPlugin({ protoVersion: 1, publicationNames: ['uns_meta_pub'] }), slot)
      .catch(() => undefined);
    await eventually(
      async () => got,
      (g) => g.some((x) => x.startsWith('metric_properties:') && x.includes('while frozen')),
      15_000,
      'the unacknowledged change',
    );
    expect(await activePid(db, slot)).not.toBe(stale.walsender);
    await next.destroy();
  }, 60_000);

  it('a role that may not end the consumer is told which role to use, and the consumer keeps the slot', async () => {
    const db = await cloneDatabase('cdc_stale_consumer_role');
    const slot = `t_stale_role_${process.pid}`;
    const cdc = await connect(db.urlAs('uns_meta_cdc'), 'uns-meta-test-takeover');
    const app = await connect(db.appUrl, 'uns-meta-test-takeover');
    cleanups.push(() => dropSlotWhenReleased(db, slot));
    cleanups.push(() => cdc.end());
    cleanups.push(() => app.end());
    await createSlot(cdc, slot);
    const stale = await frozenConsumer(db, slot);

    const err = await terminateStaleConsumer(app, slot).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'cdc_unavailable', details: { slot } });
    expect((err as Error).message).toMatch(
      /another consumer still streams replication slot t_stale_role_\d+ and this role may not end it \(.*\); connect as the slot's role \(PG_REPL_URL, uns_meta_cdc\) or GRANT pg_signal_backend/,
    );
    expect(await activePid(db, slot)).toBe(stale.walsender);
    await stale.child.kill();
  }, 60_000);
});
