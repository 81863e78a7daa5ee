// Issue 11: a Canary-wide refusal must not dead-letter the outbox. For two wall-clock minutes Canary is
// unusable — first a proxy answers 403 to everything, then the historian answers `Errors` in words the writer
// does not know — with the production breaker (20 failures, 60 s open, one probe), retry and hold times.
// Nothing is dead-lettered, nothing is bisected, the breaker opens and its probe fails in both phases, the
// outbox keeps every row; after recovery everything arrives and Canary reads back in parity with the database.

import { afterAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db.js';
import { createLogger } from '../../src/log.js';
import { CircuitBreaker, type CircuitState } from '../../src/canary/breaker.js';
import { parityDiffers } from '../../src/canary/parity.js';
import { startCanarySimulator } from '../../src/canary/simulator/server.js';
import { startCanaryWriter } from '../../src/canary/writer.js';
import { outboxDepth } from '../../src/cdc/outbox.js';
import { cloneDatabase } from '../support/database.js';
import { eventually } from '../support/live-service.js';
import { enqueueCurrentState, parity, seedMetrics, testCanaryClient } from '../support/canary.js';

type Phase = 'warm' | 'proxy_403' | 'unknown_errors' | 'recovered';
const PHASE_MS = 60_000;
const UNKNOWN_TEXT = 'Historian CANARY01 is not responding';
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe('a Canary-wide refusal for two minutes', () => {
  it('dead-letters nothing, bisects nothing, opens the breaker, keeps the outbox, and delivers in parity after recovery', async () => {
    const db = await cloneDatabase('canary_wide');
    const app = createPool(db.appUrl, { max: 4 });
    cleanups.push(() => app.end());
    const sim = await startCanarySimulator({ port: 0, datasets: ['Secil'] });
    cleanups.push(() => sim.stop());
    let phase: Phase = 'warm';
    const states: Array<{ state: CircuitState; phase: Phase }> = [];
    const breaker = new CircuitBreaker({ onStateChange: (state) => states.push({ state, phase }) }); // production settings
    const client = testCanaryClient(sim.safUrl, { breaker, attemptTimeoutMs: 10_000 });
    cleanups.push(() => client.close());
    // The stage's production values: retry later 5 s, idle 0.5 s, 100-row rounds; 10 tags per request.
    const log = createLogger({ level: 'silent' });
    const writer = startCanaryWriter({
      pool: app,
      client,
      limits: { maxTags: 10, maxBytes: 1_000_000 },
      datasets: {},
      batchRows: 100,
      idleMs: 500,
      retryLaterMs: 5_000,
      log,
    });
    cleanups.push(() => writer.stop());
    const deadLetters = async () =>
      Number(
        (await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM uns_meta_sync.canary_dead_letters')).rows[0]?.n,
      );

    // A warm system: a live session, some tags already in Canary.
    await seedMetrics(app, 'Secil', 10);
    await enqueueCurrentState(app);
    await eventually(
      () => outboxDepth(app),
      (n) => n === 0,
      15_000,
      'the warm-up delivered',
    );
    sim.clearRequests();

    const started = Date.now();
    phase = 'proxy_403';
    sim.faults.proxyStatus = 403;
    await seedMetrics(app, 'Secil', 40); // the same device's birth: 30 new metrics beside the 10
    expect(await enqueueCurrentState(app)).toBe(40);
    const depths: number[] = [];
    const dead: number[] = [];
    while (Date.now() - started < 2 * PHASE_MS) {
      if (phase === 'proxy_403' && Date.now() - started >= PHASE_MS) {
        phase = 'unknown_errors';
        Object.assign(sim.faults, {
          proxyStatus: null,
          methods: ['storeData'],
          transientErrorRate: 1,
          transientErrorText: UNKNOWN_TEXT,
        });
      }
      depths.push(await outboxDepth(app));
      dead.push(await deadLetters());
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const during = sim.requests().filter((r) => r.path === '/api/v1/storeData');
    phase = 'recovered';
    sim.faults.reset();

    expect(dead.every((n) => n === 0)).toBe(true);
    expect(Math.min(...depths)).toBe(40);
    expect(Math.max(...depths)).toBe(40);
    // Both kinds of refusal reached the writer, every request carried a whole batch (no bisection), and the
    // breaker kept the count of requests far below six attempts per batch every five seconds.
    expect(during.some((r) => r.httpStatus === 403)).toBe(true);
    expect(during.some((r) => r.errors.includes(UNKNOWN_TEXT))).toBe(true);
    expect(during.every((r) => r.tags === 10)).toBe(true);
    expect(during.length).toBeLessThan(60);
    const opened = states.findIndex((s) => s.state === 'open' && s.phase === 'proxy_403');
    expect(opened).toBeGreaterThanOrEqual(0);
    expect(
      states
        .slice(opened + 1)
        .filter((s) => s.phase === 'unknown_errors')
        .map((s) => s.state),
    ).toEqual(['half_open', 'open']);

    await eventually(
      () => outboxDepth(app),
      (n) => n === 0,
      PHASE_MS + 15_000,
      'the outbox drained after recovery',
    );
    expect(breaker.state).toBe('closed');
    expect(await deadLetters()).toBe(0);
    const report = await parity(app, sim);
    expect(report.tags).toBe(40);
    expect(parityDiffers(report)).toBe(false);
  }, 240_000);
});
