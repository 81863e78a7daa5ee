// The Canary stage of the service: the Canary simulator when CANARY_SAF_URL is unset (the zero-config
// target), the client with its rate limiter and circuit breaker, and the writer loop on the outbox.
// Built from the config; readiness reports the breaker and the session target.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config.js';
import type { Pool } from '../db.js';
import type { Logger } from '../log.js';
import { canaryCircuitState, canaryRequestsTotal } from '../metrics.js';
import { CANARY_BREAKER, CircuitBreaker, type CircuitState } from './breaker.js';
import { CANARY_RETRY } from './retry-policy.js';
import { CanaryClient } from './client.js';
import { createRateLimiter } from './rate-limiter.js';
import { startCanarySimulator, type CanarySimulator } from './simulator/server.js';
import { TagResolver } from './tag-resolver.js';
import { ROUND_ROWS, startCanaryWriter, type CanaryWriter } from './writer.js';

export interface CanaryStage {
  safUrl: string;
  /** Set when the bundled simulator is the target. */
  simulator: CanarySimulator | null;
  readiness(): { ok: boolean; detail: string };
  stop(): Promise<void>;
}

const STATE_VALUE: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

/**
 * `simulatorFile`: where the bundled simulator keeps its tags (the embedded setup keeps them next to its
 * database, as a real Canary keeps them across our restarts; else a restart leaves it empty while the
 * database is full). Without it the simulator lives in memory.
 */
export async function startCanaryStage(
  c: Config,
  pool: Pool,
  log: Logger,
  isLeader: () => boolean,
  simulatorFile?: string,
): Promise<CanaryStage> {
  if (simulatorFile && !c.CANARY_SAF_URL) mkdirSync(dirname(simulatorFile), { recursive: true });
  const simulator = c.CANARY_SAF_URL
    ? null
    : await startCanarySimulator({ port: 0, autoCreateDatasets: true, persistFile: simulatorFile });
  const safUrl = c.CANARY_SAF_URL ?? (simulator as CanarySimulator).safUrl;
  let state: CircuitState = 'closed';
  const breaker = new CircuitBreaker({
    settings: {
      ...CANARY_BREAKER,
      consecutiveFailures: c.CANARY_BREAKER_FAILURES,
      serverErrorPercent: c.CANARY_BREAKER_5XX_PERCENT,
      openMs: c.CANARY_BREAKER_OPEN_SECONDS * 1000,
    },
    onStateChange: (s) => {
      state = s;
      canaryCircuitState.set(STATE_VALUE[s]);
      log.warn({ state: s }, 'Canary circuit breaker');
    },
  });
  const client = new CanaryClient({
    safUrl,
    apiToken: c.CANARY_API_TOKEN,
    clientId: c.CANARY_CLIENT_ID,
    historians: historians(c.CANARY_HISTORIANS),
    sessionTimeoutMs: c.CANARY_SESSION_TIMEOUT_MS,
    autoCreateDatasets: Boolean(c.CANARY_DATASET_OVERRIDE) || simulator !== null,
    keepaliveIdleMs: c.CANARY_KEEPALIVE_IDLE_SECONDS * 1000,
    attemptTimeoutMs: c.CANARY_ATTEMPT_TIMEOUT_MS,
    limiter: createRateLimiter(c.CANARY_RATE_LIMIT_RPS),
    breaker,
    onRequest: (method, o) => canaryRequestsTotal.inc({ method, result: o.kind }),
  });
  const retry = {
    ...CANARY_RETRY,
    maxAttempts: c.CANARY_RETRY_ATTEMPTS,
    attemptTimeoutMs: c.CANARY_ATTEMPT_TIMEOUT_MS,
    budgetMs: c.CANARY_RETRY_BUDGET_MS,
  };
  if (c.CANARY_DRY_RUN)
    log.warn(
      'CANARY_DRY_RUN is on: changes wait in the outbox and nothing is sent to Canary (`uns-meta canary preview` shows what would be)',
    );
  const writer: CanaryWriter | null = c.CANARY_DRY_RUN
    ? null
    : startCanaryWriter({
        pool,
        client,
        limits: { maxTags: c.CANARY_MAX_BATCH_TAGS, maxBytes: c.CANARY_MAX_PAYLOAD_BYTES },
        datasets: { override: c.CANARY_DATASET_OVERRIDE, prefix: c.CANARY_DATASET_PREFIX },
        batchRows: ROUND_ROWS,
        maxInFlight: c.CANARY_MAX_IN_FLIGHT,
        resolver: c.CANARY_RESOLVE_TAGS
          ? new TagResolver({
              url: c.CANARY_VIEWS_URL ?? (simulator as CanarySimulator).viewsUrl,
              apiToken: c.CANARY_API_TOKEN,
            })
          : undefined,
        retry,
        idleMs: 500,
        retryLaterMs: 5_000,
        isLeader,
        log,
      });
  return {
    safUrl,
    simulator,
    readiness: () => ({
      ok: state !== 'open',
      detail: `${writer ? `circuit ${state}` : 'dry run, nothing sent'}; ${simulator ? 'Canary simulator (test double)' : 'Canary'} at ${safUrl}`,
    }),
    stop: async () => {
      await writer?.stop();
      await client.close();
      await simulator?.stop();
    },
  };
}

/** CANARY_HISTORIANS, comma-separated; the local historian when unset (what the simulator and a single-node Canary expect). */
function historians(v: string): string[] {
  const list = v
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return list.length ? list : ['localhost'];
}
