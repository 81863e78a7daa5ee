// The Canary stage of the service: the Canary simulator when CANARY_SAF_URL is unset (the zero-config
// target), the client with its rate limiter and circuit breaker, and the writer loop on the outbox.
// Built from its settings; readiness reports the breaker and the session target.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Pool } from '../db.js';
import type { Logger } from '../log.js';
import { canaryCircuitState, canaryRequestsTotal } from '../metrics.js';
import { CANARY_BREAKER, CircuitBreaker, type CircuitState } from './breaker.js';
import { CANARY_RETRY } from './retry-policy.js';
import { CanaryClient } from './client.js';
import { createRateLimiter } from './rate-limiter.js';
import { startCanarySimulator, type CanarySimulator } from './simulator/server.js';
import { TagResolver } from './tag-resolver.js';
import type { BatchLimits } from './batches.js';
import type { DatasetOptions } from './tag-ids.js';
import { ROUND_ROWS, startCanaryWriter, type CanaryWriter } from './writer.js';

/** CANARY_*: where and how changes are written; the rest of the client's rules are fixed in its modules. */
export interface CanaryStageSettings {
  /** CANARY_SAF_URL; unset = the bundled simulator (a test double). */
  safUrl: string | undefined;
  /** CANARY_VIEWS_URL: tags are resolved through it (else through the simulator's). */
  viewsUrl: string | undefined;
  apiToken: string | undefined;
  clientId: string;
  /** CANARY_HISTORIANS as a list: never empty. */
  historians: string[];
  sessionTimeoutMs: number;
  /** CANARY_KEEPALIVE_IDLE_SECONDS in ms: a session idle this long is sent a keepAlive. */
  keepaliveIdleMs: number;
  attemptTimeoutMs: number;
  rateLimitRps: number;
  /** CANARY_BREAKER_FAILURES, CANARY_BREAKER_5XX_PERCENT and CANARY_BREAKER_OPEN_SECONDS (in ms). */
  breaker: { consecutiveFailures: number; serverErrorPercent: number; openMs: number };
  /** CANARY_RETRY_ATTEMPTS and CANARY_RETRY_BUDGET_MS. */
  retry: { maxAttempts: number; budgetMs: number };
  /** CANARY_MAX_BATCH_TAGS and CANARY_MAX_PAYLOAD_BYTES: the size of one storeData request. */
  batch: BatchLimits;
  datasets: DatasetOptions;
  maxInFlight: number;
  /** CANARY_RESOLVE_TAGS: tags Canary does not have are dead-lettered instead of sent. */
  resolveTags: boolean;
  /** CANARY_DRY_RUN: changes wait in the outbox; nothing is sent. */
  dryRun: boolean;
}

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
  c: CanaryStageSettings,
  pool: Pool,
  log: Logger,
  isLeader: () => boolean,
  simulatorFile?: string,
): Promise<CanaryStage> {
  if (simulatorFile && !c.safUrl) mkdirSync(dirname(simulatorFile), { recursive: true });
  const simulator = c.safUrl
    ? null
    : await startCanarySimulator({ port: 0, autoCreateDatasets: true, persistFile: simulatorFile });
  const safUrl = c.safUrl ?? (simulator as CanarySimulator).safUrl;
  let state: CircuitState = 'closed';
  const breaker = new CircuitBreaker({
    settings: {
      ...CANARY_BREAKER,
      ...c.breaker,
    },
    onStateChange: (s) => {
      state = s;
      canaryCircuitState.set(STATE_VALUE[s]);
      log.warn({ state: s }, 'Canary circuit breaker');
    },
  });
  const client = new CanaryClient({
    safUrl,
    apiToken: c.apiToken,
    clientId: c.clientId,
    historians: c.historians,
    sessionTimeoutMs: c.sessionTimeoutMs,
    autoCreateDatasets: Boolean(c.datasets.override) || simulator !== null,
    keepaliveIdleMs: c.keepaliveIdleMs,
    attemptTimeoutMs: c.attemptTimeoutMs,
    limiter: createRateLimiter(c.rateLimitRps),
    breaker,
    onRequest: (method, o) => canaryRequestsTotal.inc({ method, result: o.kind }),
  });
  const retry = {
    ...CANARY_RETRY,
    maxAttempts: c.retry.maxAttempts,
    attemptTimeoutMs: c.attemptTimeoutMs,
    budgetMs: c.retry.budgetMs,
  };
  if (c.dryRun)
    log.warn(
      'CANARY_DRY_RUN is on: changes wait in the outbox and nothing is sent to Canary (`uns-meta canary preview` shows what would be)',
    );
  const writer: CanaryWriter | null = c.dryRun
    ? null
    : startCanaryWriter({
        pool,
        client,
        limits: c.batch,
        datasets: c.datasets,
        batchRows: ROUND_ROWS,
        maxInFlight: c.maxInFlight,
        resolver: c.resolveTags
          ? new TagResolver({
              url: c.viewsUrl ?? (simulator as CanarySimulator).viewsUrl,
              apiToken: c.apiToken,
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
