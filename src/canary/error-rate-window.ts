// Requests and HTTP 5xx answers over an exact sliding window (the last `windowMs`), for the breaker's
// "≥ 2 % 5xx over the last minute with at least 50 requests" rule. Pure: the caller passes the time.
// (cockatiel's SamplingBreaker reads Date.now, keeps stale buckets after an idle spell, and trips on
// "> threshold" of every failure, not "≥ 2 %" of 5xx: see breaker.ts.)

export interface ErrorRateRule {
  windowMs: number;
  minRequests: number;
  /** Integer percent, compared exactly: 5xx × 100 ≥ percent × requests. */
  percent: number;
}

export class ErrorRateWindow {
  private times: number[] = [];
  private serverErrorFlags: boolean[] = [];
  private head = 0;
  private serverErrors = 0;

  constructor(private readonly rule: ErrorRateRule) {}

  record(at: number, serverError: boolean): void {
    this.expire(at);
    this.times.push(at);
    this.serverErrorFlags.push(serverError);
    if (serverError) this.serverErrors++;
  }

  /** Whether the rule holds for the window ending at `at` (exclusive of requests older than windowMs). */
  tripped(at: number): boolean {
    this.expire(at);
    const requests = this.times.length - this.head;
    return requests >= this.rule.minRequests && this.serverErrors * 100 >= this.rule.percent * requests;
  }

  counts(at: number): { requests: number; serverErrors: number } {
    this.expire(at);
    return { requests: this.times.length - this.head, serverErrors: this.serverErrors };
  }

  clear(): void {
    this.times = [];
    this.serverErrorFlags = [];
    this.head = 0;
    this.serverErrors = 0;
  }

  private expire(at: number): void {
    while (this.head < this.times.length && (this.times[this.head] as number) <= at - this.rule.windowMs) {
      if (this.serverErrorFlags[this.head]) this.serverErrors--;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.serverErrorFlags = this.serverErrorFlags.slice(this.head);
      this.head = 0;
    }
  }
}
