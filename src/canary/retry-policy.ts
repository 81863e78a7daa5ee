// The Canary retry schedule: 6 attempts in all, each cut at 10 s, full-jitter waits capped at 0.2 0.4 0.8
// 1.6 3.2 (6.4) s, 60 s in total; only what `retryable` says is sent again. cockatiel runs the loop, the
// waits and the timeouts; the attempt function takes the rate-limit token and goes through the breaker.

import {
  DelegateBackoff,
  handleWhenResult,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
  type IRetryBackoffContext,
} from 'cockatiel';
import { isRetryable } from './responses.js';

export interface RetrySettings {
  /** Sends in all, the first included. */
  maxAttempts: number;
  attemptTimeoutMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** From the first send: no attempt starts, and none stays in flight, after this. */
  budgetMs: number;
}

/** canary.md "6 attempts": six sends, so the waits are capped 0.2…3.2 s; 6.4 s is the ceiling a 7th would use. */
export const CANARY_RETRY: RetrySettings = {
  maxAttempts: 6,
  attemptTimeoutMs: 10_000,
  baseDelayMs: 200,
  maxDelayMs: 6_400,
  budgetMs: 60_000,
};

/** The cap of the wait before retry `n` (1-based): base × 2^(n−1), at most maxDelayMs. */
export function backoffCapMs(n: number, settings: RetrySettings = CANARY_RETRY): number {
  return Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (n - 1));
}

/** Full jitter: a whole number of ms, uniform in [0, cap). */
export function backoffDelayMs(n: number, random: () => number, settings: RetrySettings = CANARY_RETRY): number {
  return Math.floor(random() * backoffCapMs(n, settings));
}

export interface AttemptContext {
  /** 1-based. */
  attempt: number;
  /** Aborted at the attempt timeout, at the end of the budget, or on shutdown: pass it to the request. */
  signal: AbortSignal;
}

export type StopReason = 'settled' | 'attempts_exhausted' | 'budget_exhausted' | 'aborted';

export interface RetryResult<O> {
  outcome: O;
  attempts: number;
  stoppedBy: StopReason;
}

export interface RetryOptions<O> {
  retryable?: (outcome: O) => boolean;
  random?: () => number;
  settings?: RetrySettings;
  /** Shutdown: no new attempt starts; the one in flight sees its signal aborted. */
  signal?: AbortSignal;
  onRetry?: (info: { retry: number; delayMs: number; outcome: O }) => void;
}

/**
 * Runs `attempt` until its outcome is not retryable, the attempts are used up, or the next wait would
 * end past the budget (it then stops at once instead of sleeping). `attempt` must turn every failure,
 * its own timeout included, into an outcome: a thrown error is not retried and propagates.
 * Time is the global timers' (cockatiel sleeps with setTimeout): tests use fake timers.
 */
export async function sendWithRetry<O extends { kind: string }>(
  attempt: (context: AttemptContext) => Promise<O>,
  options: RetryOptions<O> = {},
): Promise<RetryResult<O>> {
  const settings = options.settings ?? CANARY_RETRY;
  const retryable = options.retryable ?? isRetryable;
  const random = options.random ?? Math.random;
  if (options.signal?.aborted) throw options.signal.reason;

  const stop = new AbortController();
  let stoppedBy: StopReason | undefined;
  const halt = (reason: StopReason): void => {
    stoppedBy ??= reason;
    stop.abort(new Error(`canary retry stopped: ${reason}`));
  };
  const started = Date.now();
  const budgetTimer = setTimeout(() => halt('budget_exhausted'), settings.budgetMs);
  const onShutdown = (): void => halt('aborted');
  options.signal?.addEventListener('abort', onShutdown, { once: true });

  let last: O | undefined;
  let attempts = 0;
  const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>>(({ attempt: n }) => {
    const delayMs = backoffDelayMs(n, random, settings);
    if (Date.now() - started + delayMs >= settings.budgetMs) {
      halt('budget_exhausted');
      return 0;
    }
    options.onRetry?.({ retry: n, delayMs, outcome: last as O });
    return delayMs;
  });
  const policy = wrap(
    retry(
      handleWhenResult((r) => retryable(r as O)),
      { maxAttempts: settings.maxAttempts - 1, backoff },
    ),
    timeout(settings.attemptTimeoutMs, TimeoutStrategy.Cooperative),
  );
  try {
    const outcome = (await policy.execute(async ({ signal }) => {
      // cockatiel calls once more after a halt; nothing more is sent, the last outcome stands.
      if (stop.signal.aborted && last !== undefined) return last;
      attempts++;
      last = await attempt({ attempt: attempts, signal });
      return last;
    }, stop.signal)) as O;
    return { outcome, attempts, stoppedBy: retryable(outcome) ? (stoppedBy ?? 'attempts_exhausted') : 'settled' };
  } finally {
    clearTimeout(budgetTimer);
    options.signal?.removeEventListener('abort', onShutdown);
  }
}
