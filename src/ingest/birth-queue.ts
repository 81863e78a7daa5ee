// Births waiting to be applied: one device's births strictly in order (one at a time), different
// devices in parallel up to a bound. Births are full state, so a newer birth of a device replaces its
// waiting one. Payloads beyond a memory budget are dropped from memory (they are in the birth cache).
// A failure worth waiting out (database down) is retried with capped backoff; anything else is handed
// to onFailed once. Does not decode or write anything itself.

import type { BirthHeader } from '../sparkplug/birth.js';
import { isOlder } from '../sparkplug/birth-order.js';
import { ingestQueueBytes, ingestQueueDepth, ingestRetriesTotal } from '../metrics.js';
import { backoff } from '../sparkplug/mqtt.js';

export interface QueuedBirth {
  /** Birth cache key of the device/node. */
  key: string;
  topic: string;
  header: BirthHeader;
  /** null when only the birth cache holds the bytes. */
  payload: Buffer | null;
  receivedAt: number;
  /** The node session (bdSeq) it arrived in, when known: births of one session apply in arrival order. */
  session?: bigint | null;
  /** false: the birth cache could not store it, so its bytes stay in memory whatever the budget. */
  inCache?: boolean;
  /** Called once the birth is applied, failed for good, or replaced by a newer birth of its device. */
  settled?: () => void;
}

export interface QueueOptions {
  concurrency: number;
  memoryBytes: number;
  retryMaxMs: number;
  apply(item: QueuedBirth): Promise<void>;
  isRetryable(err: unknown): boolean;
  /**
   * Attempts a retryable error allows before the birth counts as failed (a statement timeout may be
   * the birth's own doing: retried a few times, then quarantined). Unlimited when absent or Infinity.
   */
  attemptsFor?(err: unknown): number;
  onFailed(item: QueuedBirth, err: unknown): Promise<void>;
  onRetry?(item: QueuedBirth, err: unknown, delayMs: number): void;
  /** After the item is applied, failed for good, or replaced by a newer birth. */
  onSettled?(item: QueuedBirth): void;
}

export type PushResult = 'queued' | 'replaced' | 'older_than_waiting';

export interface QueueStatus {
  waiting: number;
  running: number;
  bytesInMemory: number;
  /** Set while a database failure is being waited out. */
  retrying: { since: number; error: string } | null;
}

export class BirthQueue {
  private readonly waiting = new Map<string, QueuedBirth>();
  private readonly running = new Set<string>();
  private bytes = 0;
  private retrying: QueueStatus['retrying'] = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private idle: Array<() => void> = [];

  constructor(private readonly opts: QueueOptions) {}

  push(item: QueuedBirth): PushResult {
    const prev = this.waiting.get(item.key);
    // Within one node session the later arrival is the newer birth, whatever its timestamp.
    const sameSession = prev?.session != null && prev.session === item.session;
    if (prev && !sameSession && isOlder(item.header, prev.header)) {
      this.settle(item);
      return 'older_than_waiting';
    }
    if (prev) {
      this.release(prev);
      this.settle(prev);
    }
    if (item.payload && item.inCache !== false && this.bytes + item.payload.length > this.opts.memoryBytes)
      item = { ...item, payload: null };
    this.bytes += item.payload?.length ?? 0;
    // Map order is insertion order: a replaced device keeps its place in line.
    this.waiting.set(item.key, item);
    this.gauge();
    this.schedule();
    return prev ? 'replaced' : 'queued';
  }

  status(): QueueStatus {
    return {
      waiting: this.waiting.size,
      running: this.running.size,
      bytesInMemory: this.bytes,
      retrying: this.retrying,
    };
  }

  /** Resolves when nothing waits or runs. */
  drained(): Promise<void> {
    if (this.waiting.size === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Finishes the births being applied; waiting ones stay in the birth cache for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    while (this.running.size > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private schedule(): void {
    if (this.stopping) return;
    for (const key of this.waiting.keys()) {
      if (this.running.size >= this.opts.concurrency) return;
      if (!this.running.has(key)) void this.run(key);
    }
  }

  private async run(key: string): Promise<void> {
    this.running.add(key);
    let item = this.take(key);
    while (item && !this.stopping) {
      item = await this.applyWithRetry(item);
      if (!item) item = this.take(key);
    }
    this.running.delete(key);
    this.gauge();
    if (this.waiting.size === 0 && this.running.size === 0) for (const done of this.idle.splice(0)) done();
    this.schedule();
  }

  /** Returns a newer birth of the same device that should be applied instead, or null when done. */
  private async applyWithRetry(item: QueuedBirth): Promise<QueuedBirth | null> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.opts.apply(item);
        this.retrying = null;
        this.settle(item);
        return null;
      } catch (err) {
        if (!this.opts.isRetryable(err) || attempt + 1 >= (this.opts.attemptsFor?.(err) ?? Infinity)) {
          await this.opts.onFailed(item, err).catch(() => undefined);
          this.settle(item);
          return null;
        }
        ingestRetriesTotal.inc();
        const delay = backoff(attempt, this.opts.retryMaxMs);
        this.retrying ??= { since: Date.now(), error: (err as Error).message };
        this.opts.onRetry?.(item, err, delay);
        await this.sleep(delay);
        if (this.stopping) return null;
        const newer = this.take(item.key);
        if (newer) {
          this.settle(item);
          return newer;
        }
      }
    }
  }

  private settle(item: QueuedBirth): void {
    this.opts.onSettled?.(item);
    item.settled?.();
  }

  private take(key: string): QueuedBirth | null {
    const item = this.waiting.get(key);
    if (!item) return null;
    this.waiting.delete(key);
    this.release(item);
    this.gauge();
    return item;
  }

  private release(item: QueuedBirth): void {
    this.bytes -= item.payload?.length ?? 0;
  }

  private gauge(): void {
    ingestQueueDepth.set(this.waiting.size + this.running.size);
    ingestQueueBytes.set(this.bytes);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      const prevWake = this.wake;
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.wake = () => {
        done();
        prevWake?.();
      };
    });
  }
}
