// Exports ops check results: the uns_meta_check_* gauges, and one retained QoS 1 JSON message per check
// on uns-meta/alerts/<check id> (plain MQTT namespace, not Sparkplug) for Ignition to watch. A publish
// that fails (broker away) is retried until it succeeds or a newer result replaces it. Runs no checks.

import type { Logger } from '../log.js';
import { checkStatus, checkValue } from '../metrics.js';
import { statusValue, type CheckResult } from './check.js';

export type Publish = (topic: string, payload: Buffer, opts: { qos: 1; retain: true }) => Promise<void>;

export interface Timers {
  now(): Date;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const ALERT_TOPIC_PREFIX = 'uns-meta/alerts/';

/** '+', '#' and '/' would make a wildcard or another level; ids are dotted names, so this is a guard. */
export function alertTopic(checkId: string): string {
  return ALERT_TOPIC_PREFIX + checkId.replace(/[+#/]/g, '_');
}

/** The result as the check runner made it, plus when the run started (a retained message has no age). */
export function alertPayload(r: CheckResult, at: Date): Buffer {
  return Buffer.from(JSON.stringify({ ...r, at: at.toISOString() }));
}

export function setCheckGauges(results: readonly CheckResult[]): void {
  for (const r of results) {
    const labels = { check: r.id, cadence: r.cadence };
    checkStatus.set(labels, statusValue(r.status));
    // No value this time: drop the old one rather than export it as current.
    if (r.value !== null && Number.isFinite(r.value)) checkValue.set(labels, r.value);
    else checkValue.remove(labels);
  }
}

/** An instance that is no longer the leader stops exporting verdicts it no longer refreshes. */
export function clearCheckGauges(): void {
  checkStatus.reset();
  checkValue.reset();
}

export class AlertPublisher {
  /** Topic → newest payload not yet acknowledged by the broker. */
  private readonly waiting = new Map<string, Buffer>();
  private chain: Promise<void> = Promise.resolve();
  private retry: unknown = null;
  private stopped = false;

  constructor(
    private readonly publish: Publish,
    private readonly timers: Timers,
    private readonly log: Logger,
    private readonly retryMs = 10_000,
  ) {}

  /** Publishes the results; resolves when this attempt is over (what failed is retried later). */
  send(results: readonly CheckResult[], at: Date): Promise<void> {
    for (const r of results) this.waiting.set(alertTopic(r.id), alertPayload(r, at));
    return this.flush();
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.retry !== null) this.timers.clearTimeout(this.retry);
    this.retry = null;
    return this.chain;
  }

  private flush(): Promise<void> {
    this.chain = this.chain.then(() => this.attempt());
    return this.chain;
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    for (const [topic, payload] of [...this.waiting]) {
      try {
        await this.withTimeout(this.publish(topic, payload, { qos: 1, retain: true }));
        if (this.waiting.get(topic) === payload) this.waiting.delete(topic);
      } catch (err) {
        // The others would fail the same way (not connected): one warning, one retry for all.
        this.log.warn(
          { topic, waiting: this.waiting.size, err, retryInMs: this.retryMs },
          'ops alert not published; retrying',
        );
        break;
      }
    }
    if (this.waiting.size > 0 && !this.stopped && this.retry === null) {
      this.retry = this.timers.setTimeout(() => {
        this.retry = null;
        void this.flush();
      }, this.retryMs);
    }
  }

  /** A QoS 1 publish waits for the broker's PUBACK; a broker that never answers must not hold up shutdown. */
  private withTimeout(p: Promise<void>): Promise<void> {
    let handle: unknown = null;
    const timeout = new Promise<never>((_, reject) => {
      handle = this.timers.setTimeout(() => reject(new Error(`no PUBACK within ${this.retryMs} ms`)), this.retryMs);
    });
    return Promise.race([p, timeout]).finally(() => this.timers.clearTimeout(handle));
  }
}
