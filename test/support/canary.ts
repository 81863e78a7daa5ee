// A Canary client and a manually driven writer for tests, with the production defaults except what a
// test overrides (rate, breaker, session timeout, batch limits).

import type { Pool } from '../../src/db.js';
import { createLogger } from '../../src/log.js';
import { CircuitBreaker } from '../../src/canary/breaker.js';
import { CanaryClient, type CanaryClientOptions } from '../../src/canary/client.js';
import { createRateLimiter } from '../../src/canary/rate-limiter.js';
import { startCanaryWriter, type CanaryWriter, type WriterDeps } from '../../src/canary/writer.js';

export function testCanaryClient(safUrl: string, over: Partial<CanaryClientOptions> & { rps?: number } = {}): CanaryClient {
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
export function testCanaryWriter(pool: Pool, client: CanaryClient, over: Partial<WriterDeps> = {}, loop = false): CanaryWriter {
  return startCanaryWriter(
    { pool, client, limits: { maxTags: 100, maxBytes: 1_000_000 }, datasets: {}, batchRows: 500, idleMs: 100, retryLaterMs: 60_000, log: createLogger({ level: 'silent' }), ...over },
    { loop },
  );
}
