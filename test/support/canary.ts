// A Canary client and a manually driven writer for tests, with the production defaults except what a
// test overrides (rate, breaker, session timeout, batch limits); metrics put into the database through a
// birth and into the outbox through backfill; and the read-back parity check `canary verify` runs.

import type { Pool } from '../../src/db.js';
import { createLogger } from '../../src/log.js';
import { backfill } from '../../src/canary/backfill.js';
import { CircuitBreaker } from '../../src/canary/breaker.js';
import { CanaryClient, type CanaryClientOptions } from '../../src/canary/client.js';
import type { ParityReport } from '../../src/canary/parity.js';
import { createRateLimiter } from '../../src/canary/rate-limiter.js';
import type { CanarySimulator } from '../../src/canary/simulator/server.js';
import { verifyParity } from '../../src/canary/verify.js';
import { startCanaryWriter, type CanaryWriter, type WriterDeps } from '../../src/canary/writer.js';
import { applyBirth } from '../../src/store/birth-writer.js';
import { birth, metric, s } from './births.js';

export function testCanaryClient(
  safUrl: string,
  over: Partial<CanaryClientOptions> & { rps?: number } = {},
): CanaryClient {
  const { rps, ...rest } = over;
  return new CanaryClient({
    safUrl,
    clientId: 'uns-meta-test',
    historians: ['localhost'],
    sessionTimeoutMs: 60_000,
    autoCreateDatasets: false,
    keepaliveIdleMs: 30_000,
    attemptTimeoutMs: 5_000,
    limiter: createRateLimiter(rps ?? 500),
    breaker: new CircuitBreaker(),
    ...rest,
  });
}

/** A writer that runs only when the test calls round() (or loops with { loop: true }). */
export function testCanaryWriter(
  pool: Pool,
  client: CanaryClient,
  over: Partial<WriterDeps> = {},
  loop = false,
): CanaryWriter {
  return startCanaryWriter(
    {
      pool,
      client,
      limits: { maxTags: 100, maxBytes: 1_000_000 },
      datasets: {},
      batchRows: 500,
      idleMs: 100,
      retryLaterMs: 60_000,
      log: createLogger({ level: 'silent' }),
      ...over,
    },
    { loop },
  );
}

/** Metrics `<group>.Plant.Line.M<i>` (DataSet = the Sparkplug group), two properties each, applied as one
 * device birth (a later call retires what it does not name again); returns their Canary tag ids. */
export async function seedMetrics(app: Pool, group: string, count: number, first = 0): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `M${first + i}`);
  await applyBirth(
    app,
    birth(
      `spBv1.0/${group}/DBIRTH/Plant/Line`,
      names.map((n) => metric(n, 'Double', { engUnit: s('bar'), description: s(`${group} ${n}`) })),
    ),
    {
      changedBy: 'test',
      renameByFingerprint: true,
      quarantinePayloadMaxBytes: 1024,
    },
  );
  return names.map((n) => `${group}.Plant.Line.${n}`);
}

/** Every metric's current state into the outbox (a new backfill run each call). */
export async function enqueueCurrentState(app: Pool): Promise<number> {
  return (await backfill(app, { prefix: '', dryRun: false })).enqueued;
}

/** `canary verify` against the simulator: the database's current state read back through the Views API. */
export function parity(app: Pool, sim: CanarySimulator): Promise<ParityReport> {
  return verifyParity(app, { url: sim.viewsUrl }, { prefix: '', datasets: {} });
}
