// The Canary circuit breaker: opens at ≥ 20 consecutive failed requests OR ≥ 2 % HTTP 5xx over the last
// minute (≥ 50 requests), stays open 60 s, then lets exactly one probe through. It records outcomes of
// requests it is given; it does not retry, wait or send anything itself.

import { ConsecutiveBreaker } from 'cockatiel';
import { ErrorRateWindow } from './error-rate-window.js';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface BreakerSettings {
  consecutiveFailures: number;
  serverErrorPercent: number;
  windowMs: number;
  minRequests: number;
  openMs: number;
  /** What a caller turned away while the probe is in flight is told to wait. */
  probeWaitMs: number;
}

export const CANARY_BREAKER: BreakerSettings = {
  consecutiveFailures: 20,
  serverErrorPercent: 2,
  windowMs: 60_000,
  minRequests: 50,
  openMs: 60_000,
  probeWaitMs: 1_000,
};

/** Returned instead of running the request. */
export interface CircuitOpen {
  kind: 'circuit_open';
  retryInMs: number;
}

/** What the breaker needs of an outcome: a failed request is a transient one — every Canary-wide class of
 * responses.ts (transport, timeout, 429, 5xx, 403/404…, unknown Errors, a batch refused tag by tag the same
 * way); success, permanent, missing_dataset and bad_session answers prove Canary is up and judging our data. */
export interface RecordedOutcome {
  kind: string;
  status?: number;
}

export const isFailure = (o: RecordedOutcome): boolean => o.kind === 'transient';
const isServerError = (o: RecordedOutcome): boolean => o.status !== undefined && o.status >= 500 && o.status <= 599;

export interface BreakerOptions {
  settings?: BreakerSettings;
  now?: () => number;
  onStateChange?: (state: CircuitState) => void;
}

/**
 * Built as our own small state machine rather than cockatiel's CircuitBreakerPolicy: that one reads
 * Date.now (no injectable clock), does not pass the failure to its IBreaker (no way to count only 5xx)
 * and hides when it opened. cockatiel's ConsecutiveBreaker counts the consecutive failures.
 */
export class CircuitBreaker {
  private readonly settings: BreakerSettings;
  private readonly now: () => number;
  private readonly onStateChange: (state: CircuitState) => void;
  private readonly consecutive: ConsecutiveBreaker;
  private readonly rate: ErrorRateWindow;
  private current: CircuitState = 'closed';
  private openedAt = 0;

  constructor(options: BreakerOptions = {}) {
    this.settings = options.settings ?? CANARY_BREAKER;
    this.now = options.now ?? (() => performance.now());
    this.onStateChange = options.onStateChange ?? (() => undefined);
    this.consecutive = new ConsecutiveBreaker(this.settings.consecutiveFailures);
    const { windowMs, minRequests, serverErrorPercent: percent } = this.settings;
    this.rate = new ErrorRateWindow({ windowMs, minRequests, percent });
  }

  /** 'open' until the next request after the open period starts the probe. */
  get state(): CircuitState {
    return this.current;
  }

  /** How long until a request may go (0 when it may go now). */
  retryInMs(): number {
    if (this.current === 'closed') return 0;
    if (this.current === 'half_open') return this.settings.probeWaitMs;
    return Math.max(0, this.openedAt + this.settings.openMs - this.now());
  }

  /**
   * Runs `request` unless the circuit is open (or its one probe is in flight) and records its outcome.
   * A request that throws is recorded as a failure and the error is rethrown.
   */
  async execute<O extends RecordedOutcome>(request: () => Promise<O>): Promise<O | CircuitOpen> {
    const probe = this.current === 'open' && this.retryInMs() === 0;
    if (probe) this.moveTo('half_open');
    else if (this.current !== 'closed') return { kind: 'circuit_open', retryInMs: this.retryInMs() };
    let outcome: O;
    try {
      outcome = await request();
    } catch (error) {
      this.record({ kind: 'transient' }, probe);
      throw error;
    }
    this.record(outcome, probe);
    return outcome;
  }

  private record(outcome: RecordedOutcome, probe: boolean): void {
    const failed = isFailure(outcome);
    if (probe) {
      if (failed) return this.open();
      this.consecutive.success();
      this.rate.clear(); // the minute before the outage must not re-open a recovered circuit
      return this.moveTo('closed');
    }
    this.rate.record(this.now(), isServerError(outcome));
    let tooMany = false;
    if (failed) tooMany = this.consecutive.failure();
    else this.consecutive.success();
    if (this.current === 'closed' && (tooMany || this.rate.tripped(this.now()))) this.open();
  }

  private open(): void {
    this.openedAt = this.now();
    this.consecutive.success();
    this.moveTo('open');
  }

  private moveTo(state: CircuitState): void {
    if (state === this.current) return;
    this.current = state;
    this.onStateChange(state);
  }
}
