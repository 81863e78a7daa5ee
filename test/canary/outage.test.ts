// A Canary outage (every storeData answered 5xx): the breaker opens, changes pile up in the outbox while
// the slot keeps being acknowledged (no WAL held back), and after recovery everything is delivered.
// The breaker's open time is shortened to seconds; the behaviour is the one of the 60 s default.

import { afterAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db.js';
import { createLogger } from '../../src/log.js';
import { CANARY_BREAKER, CircuitBreaker, type CircuitState } from '../../src/canary/breaker.js';
import { startCanaryWriter } from '../../src/canary/writer.js';
import { startCanarySimulator } from '../../src/canary/simulator/server.js';
import { startCdc } from '../../src/cdc/stream.js';
import { outboxDepth } from '../../src/cdc/outbox.js';
import { applyBirth } from '../../src/store/birth-writer.js';
import { cloneDatabase } from '../support/database.js';
import { birth, d, metric } from '../support/births.js';
import { eventually } from '../support/live-service.js';
import { dropSlotWhenReleased } from '../support/slots.js';
import { testCanaryClient } from '../support/canary.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe('Canary outage', () => {
  it('opens the breaker, grows the outbox with a flat slot lag, and delivers everything after recovery', async () => {
    const db = await cloneDatabase('canary_outage');
    const app = createPool(db.appUrl, { max: 6 });
    cleanups.push(() => app.end());
    const slot = `t_outage_${process.pid}`;
    const log = createLogger({ level: 'silent' });
    const cdc = startCdc({
      pool: app,
      leaderUrl: db.appUrl,
      replUrl: db.urlAs('uns_meta_cdc'),
      slot,
      publication: 'uns_meta_pub',
      debounceQuietMs: 100,
      debounceMaxMs: 500,
      leaderPollMs: 200,
      log,
    });
    cleanups.push(async () => {
      await cdc.stop();
      await dropSlotWhenReleased(db, slot);
    });
    const sim = await startCanarySimulator({ port: 0, datasets: ['Secil'] });
    cleanups.push(() => sim.stop());
    const states: CircuitState[] = [];
    const breaker = new CircuitBreaker({
      settings: { ...CANARY_BREAKER, openMs: 1_500 },
      onStateChange: (s) => states.push(s),
    });
    const client = testCanaryClient(sim.safUrl, { clientId: 'outage-test', attemptTimeoutMs: 2_000, breaker });
    cleanups.push(() => client.close());
    const writer = startCanaryWriter({
      pool: app,
      client,
      limits: { maxTags: 2, maxBytes: 1_000_000 },
      datasets: {},
      batchRows: 50,
      idleMs: 50,
      retryLaterMs: 300,
      log,
    });
    cleanups.push(() => writer.stop());
    await eventually(
      async () => cdc.status().streaming,
      (v) => v,
      15_000,
      'streaming',
    );

    sim.faults.serverErrorRate = 1;
    sim.faults.methods = ['storeData'];
    const names = Array.from({ length: 12 }, (_, i) => `Mill/Tag ${i}`);
    const lag = async () =>
      Number(
        (
          await db.pool.query<{ lag: string }>(
            'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint AS lag FROM pg_replication_slots WHERE slot_name = $1',
            [slot],
          )
        ).rows[0]?.lag,
      );
    const lags: number[] = [];
    // Keep changing metadata until 20 consecutive failures (retries included) open the breaker.
    let round = 0;
    while (!states.includes('open')) {
      round++;
      if (round > 120) throw new Error('the breaker never opened');
      await applyBirth(
        app,
        birth(
          'spBv1.0/Secil/DBIRTH/Portugal/Mill',
          names.map((n) => metric(n, 'Double', { engHigh: d(round * 10) })),
          { timestamp: BigInt(round) },
        ),
        {
          changedBy: 'test',
          renameByFingerprint: true,
          quarantinePayloadMaxBytes: 1024,
        },
      );
      await new Promise((r) => setTimeout(r, 600));
      lags.push(await lag());
    }
    // A little longer in the open state: changes still go to the outbox and the slot.
    for (let i = 0; i < 4; i++) {
      round++;
      await applyBirth(
        app,
        birth(
          'spBv1.0/Secil/DBIRTH/Portugal/Mill',
          names.map((n) => metric(n, 'Double', { engHigh: d(round * 10) })),
          { timestamp: BigInt(round) },
        ),
        {
          changedBy: 'test',
          renameByFingerprint: true,
          quarantinePayloadMaxBytes: 1024,
        },
      );
      await new Promise((r) => setTimeout(r, 300));
      lags.push(await lag());
    }
    expect(await outboxDepth(app)).toBeGreaterThan(0);
    // Acknowledgement follows the outbox, not Canary: while every storeData still fails, the slot is
    // confirmed past the last change written, so it holds back no WAL for the outage. (The slot's lag in
    // bytes also counts every other database's WAL on this shared server: the samples are logged only.)
    const lastWrite = (await db.pool.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l')).rows[0]?.l;
    await eventually(
      async () =>
        (
          await db.pool.query<{ past: boolean }>(
            'SELECT pg_wal_lsn_diff(confirmed_flush_lsn, $2::pg_lsn) >= 0 AS past FROM pg_replication_slots WHERE slot_name = $1',
            [slot, lastWrite],
          )
        ).rows[0]?.past,
      (past) => past === true,
      20_000,
      'the slot confirmed past the last change while Canary fails',
    );
    expect(Object.keys(sim.tags())).toEqual([]);
    expect(states.at(-1)).not.toBe('closed');
    expect(lags.length).toBeGreaterThan(4);

    sim.faults.reset();
    await eventually(
      async () => outboxDepth(app),
      (n) => n === 0,
      30_000,
      'the outbox drained after recovery',
    );
    for (const n of names)
      expect(sim.latest(`Secil.Portugal.Mill.${n.replace('/', '.')}`)).toEqual({ engHigh: round * 10 });
    expect(breaker.state).toBe('closed');
  }, 120_000);
});
