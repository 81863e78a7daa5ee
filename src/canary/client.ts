// The Canary SAF write API over HTTP: one session per process (getSessionToken, keepAlive when idle,
// a new token and one immediate retry on BadSessionToken, revoke on close). Every request, session calls
// included, takes a rate-limiter token; each storeData (with its session calls) is one request to the
// circuit breaker. Replies are classified by responses.ts; retries and batching are the writer's.

import { storeDataBody } from './batches.js';
import type { CircuitBreaker, CircuitOpen } from './breaker.js';
import type { TagWrite } from './entries.js';
import type { RateLimiter } from './rate-limiter.js';
import { afterRefresh, classifyReply, type CanaryOutcome, type CanaryReply } from './responses.js';

export interface CanaryClientOptions {
  safUrl: string;
  apiToken?: string;
  clientId: string;
  historians: string[];
  sessionTimeoutMs: number;
  autoCreateDatasets: boolean;
  /** keepAlive after this long without a call (well inside sessionTimeoutMs). */
  keepaliveIdleMs: number;
  attemptTimeoutMs: number;
  limiter: RateLimiter;
  breaker: CircuitBreaker;
  onRequest?: (method: string, outcome: CanaryOutcome) => void;
}

export type StoreOutcome = CanaryOutcome | CircuitOpen;

export class CanaryClient {
  private token: string | null = null;
  private lastCall = 0;
  private readonly keepalive: NodeJS.Timeout;

  constructor(private readonly o: CanaryClientOptions) {
    this.keepalive = setInterval(() => void this.keepAliveIfIdle(), Math.max(1000, Math.floor(o.keepaliveIdleMs / 3)));
    this.keepalive.unref();
  }

  /** storeData through the breaker; a stale session is replaced and the write retried once at once. */
  storeData(writes: readonly TagWrite[], signal?: AbortSignal): Promise<StoreOutcome> {
    const tags = writes.map((w) => w.tag);
    return this.o.breaker.execute(async () => {
      let outcome = await this.withSession(
        (token) => this.call('storeData', storeDataBody(token, writes), tags, signal),
        signal,
      );
      if (outcome.kind === 'bad_session') {
        this.token = null;
        outcome = afterRefresh(
          await this.withSession((token) => this.call('storeData', storeDataBody(token, writes), tags, signal), signal),
        );
      }
      return outcome;
    });
  }

  async close(): Promise<void> {
    clearInterval(this.keepalive);
    const token = this.token;
    this.token = null;
    if (token)
      await this.call('revokeSessionToken', JSON.stringify({ sessionToken: token }), [], undefined).catch(
        () => undefined,
      );
  }

  private async withSession(
    fn: (token: string) => Promise<CanaryOutcome>,
    signal?: AbortSignal,
  ): Promise<CanaryOutcome> {
    if (!this.token) {
      const body = JSON.stringify({
        apiToken: this.o.apiToken,
        historians: this.o.historians,
        clientId: this.o.clientId,
        settings: { clientTimeout: this.o.sessionTimeoutMs, autoCreateDatasets: this.o.autoCreateDatasets },
      });
      const { outcome, body: reply } = await this.request('getSessionToken', body, [], signal);
      const token = (reply as { sessionToken?: unknown } | null)?.sessionToken;
      // A refused session is never the tags' fault: with no tags in the request the table answers transient.
      if (outcome.kind !== 'success') return outcome.kind === 'bad_session' ? afterRefresh(outcome) : outcome;
      if (typeof token !== 'string' || token === '')
        return {
          kind: 'transient',
          cause: 'not_an_envelope',
          message: 'getSessionToken answered without a sessionToken',
        };
      this.token = token;
    }
    return fn(this.token);
  }

  private async keepAliveIfIdle(): Promise<void> {
    // ± 10 % jitter, so many instances started together do not keep alive in step.
    if (!this.token || Date.now() - this.lastCall < this.o.keepaliveIdleMs * (0.9 + Math.random() * 0.2)) return;
    const outcome = await this.call('keepAlive', JSON.stringify({ sessionToken: this.token }), [], undefined).catch(
      () => null,
    );
    if (outcome?.kind === 'bad_session') this.token = null;
  }

  private async call(
    method: string,
    body: string,
    tags: string[],
    signal: AbortSignal | undefined,
  ): Promise<CanaryOutcome> {
    return (await this.request(method, body, tags, signal)).outcome;
  }

  private async request(
    method: string,
    body: string,
    tags: string[],
    signal: AbortSignal | undefined,
  ): Promise<{ outcome: CanaryOutcome; body: unknown }> {
    const release = await this.o.limiter.take(signal);
    this.lastCall = Date.now();
    const timeout = AbortSignal.timeout(this.o.attemptTimeoutMs);
    let reply: CanaryReply;
    let parsed: unknown = null;
    try {
      const res = await fetch(`${this.o.safUrl}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      release(); // a reply means Canary has counted the request: the limiter's window starts here
      const text = await res.text();
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      reply = { type: 'http', status: res.status, body: parsed };
    } catch (err) {
      reply = timeout.aborted
        ? { type: 'timeout', afterMs: this.o.attemptTimeoutMs }
        : { type: 'transport', message: (err as Error).message };
    } finally {
      release();
    }
    const outcome = classifyReply(reply, tags);
    this.o.onRequest?.(method, outcome);
    return { outcome, body: parsed };
  }
}
