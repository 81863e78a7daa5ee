// The simulator's request log and request counting: every request (throttled and refused ones too) is
// counted at arrival; the busiest sliding 1000 ms window is kept exactly, and so is the count of served
// requests the throttle compares with its limit. Arrival times come from a monotonic clock.

export interface RequestLogEntry {
  /** Arrival, ms since the epoch. */
  time: number;
  method: string;
  path: string;
  httpStatus: number;
  /** The envelope's statusCode, null when the answer had none. */
  statusCode: string | null;
  errors: string[];
  /** Tags named by the request (storeData properties, getTagProperties tags). */
  tags: number;
  /** Request body bytes. */
  bytes: number;
  ms: number;
}

export interface RequestStats {
  requests: number;
  /** Most requests that arrived within any 1000 ms (half-open window), over all requests since the last reset. */
  maxRequestsInAnySecond: number;
  throttled: number;
  byHttpStatus: Record<string, number>;
  byPath: Record<string, number>;
}

const WINDOW_MS = 1000;

/** Arrival times within the last window; `add` returns how many are in (t − 1000, t] including t. */
class SlidingWindow {
  private times: number[] = [];
  private head = 0;
  count(t: number): number {
    while (this.head < this.times.length && (this.times[this.head] as number) <= t - WINDOW_MS) this.head++;
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }
  add(t: number): number {
    this.times.push(t);
    return this.count(t);
  }
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private all = new SlidingWindow();
  private served = new SlidingWindow();
  private stats: RequestStats = RequestLog.empty();

  constructor(private readonly maxEntries = 100_000) {}

  private static empty(): RequestStats {
    return { requests: 0, maxRequestsInAnySecond: 0, throttled: 0, byHttpStatus: {}, byPath: {} };
  }

  /**
   * Counts an arrival at monotonic time `t`; returns false when it must be throttled: `limit` requests
   * were already served in the window ending at `t`. Only served requests count towards the limit.
   */
  arrive(t: number, limit: number | null): boolean {
    this.stats.requests++;
    this.stats.maxRequestsInAnySecond = Math.max(this.stats.maxRequestsInAnySecond, this.all.add(t));
    if (limit !== null && this.served.count(t) >= limit) {
      this.stats.throttled++;
      return false;
    }
    this.served.add(t);
    return true;
  }

  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries * 1.1) this.entries.splice(0, this.entries.length - this.maxEntries);
    const s = this.stats;
    s.byHttpStatus[entry.httpStatus] = (s.byHttpStatus[entry.httpStatus] ?? 0) + 1;
    s.byPath[entry.path] = (s.byPath[entry.path] ?? 0) + 1;
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e, errors: [...e.errors] }));
  }

  summary(): RequestStats {
    const s = this.stats;
    return { ...s, byHttpStatus: { ...s.byHttpStatus }, byPath: { ...s.byPath } };
  }

  /** Forgets the log and the counts (the throttle's window of served requests is kept). */
  clear(): void {
    this.entries = [];
    this.all = new SlidingWindow();
    this.stats = RequestLog.empty();
  }
}
