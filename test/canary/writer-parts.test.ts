// The pure parts composed the way the writer adapter will: change sets → entries → batches → retry(breaker(
// limiter(request))) → classify, and bisection of a refused batch through the same path. Canary is scripted.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { planBatches, storeDataBody } from '../../src/canary/batches.js';
import { bisect } from '../../src/canary/bisect.js';
import { CircuitBreaker } from '../../src/canary/breaker.js';
import { tagWrites, type TagWrite } from '../../src/canary/entries.js';
import { createRateLimiter, type LimiterClock } from '../../src/canary/rate-limiter.js';
import { classifyReply, type CanaryReply } from '../../src/canary/responses.js';
import { sendWithRetry } from '../../src/canary/retry-policy.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const timersClock: LimiterClock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

function writer(answer: (body: { properties: Record<string, unknown> }, n: number) => CanaryReply) {
  const breaker = new CircuitBreaker({ now: () => Date.now() });
  const limiter = createRateLimiter(2, timersClock);
  const sent: Array<{ at: number; tags: string[] }> = [];
  const request = (writes: TagWrite[]) =>
    breaker.execute(async () => {
      (await limiter.take())();
      const body = JSON.parse(storeDataBody('T-1', writes)) as { properties: Record<string, unknown> };
      sent.push({ at: Date.now(), tags: Object.keys(body.properties) });
      return classifyReply(
        answer(body, sent.length),
        writes.map((w) => w.tag),
      );
    });
  const deliver = (writes: TagWrite[]) => sendWithRetry(() => request(writes), { random: () => 0 });
  return { breaker, sent, request, deliver };
}

const good: CanaryReply = { type: 'http', status: 200, body: { statusCode: 'Good', errors: [] } };
const change = (key: string, value: string) => ({ key, value: { type: 'string' as const, value }, at: new Date(0) });

describe('writer parts together', () => {
  it('retries 503s through the breaker and the limiter (≤ 2 requests per second) until Canary accepts', async () => {
    const w = writer((_b, n) => (n <= 3 ? { type: 'http', status: 503, body: undefined } : good));
    const plan = tagWrites([{ canaryId: 'Secil.A', changes: [change('unit', 'm')] }]);
    const [batch] = planBatches(plan.writes, { maxTags: 100, maxBytes: 1_000_000 }).batches;
    const p = w.deliver(batch as TagWrite[]);
    await vi.runAllTimersAsync();
    expect(await p).toMatchObject({ outcome: { kind: 'success' }, attempts: 4, stoppedBy: 'settled' });
    expect(w.sent.map((s) => s.at)).toEqual([0, 0, 1000, 1000]); // backoff 0 (random 0), the limiter spaces them
    expect(w.breaker.state).toBe('closed');
  });

  it('a batch refused for one tag: bisection through the same path delivers the rest', async () => {
    const w = writer((body) =>
      'Secil.Bad' in body.properties
        ? {
            type: 'http',
            status: 200,
            body: { statusCode: 'Errors', errors: ['Secil.Bad: invalid tag (rejected by the historian)'] },
          }
        : good,
    );
    const sets = ['Secil.A', 'Secil.Bad', 'Secil.B', 'Secil.C'].map((canaryId) => ({
      canaryId,
      changes: [change('unit', 'm')],
    }));
    const { writes } = tagWrites(sets);
    const first = w.deliver(writes);
    await vi.runAllTimersAsync();
    const refused = (await first).outcome;
    expect(refused).toMatchObject({ kind: 'permanent', cause: 'tag_refused' });
    const split = bisect(
      writes,
      refused,
      (subset) => w.request(subset),
      (x) => x.tag,
    );
    await vi.runAllTimersAsync();
    const result = await split;
    expect(result.delivered.map((x) => x.tag)).toEqual(['Secil.A', 'Secil.B', 'Secil.C']);
    expect(result.offenders.map((o) => [o.item.tag, o.outcome.kind])).toEqual([['Secil.Bad', 'permanent']]);
    expect(w.sent.map((s) => s.tags.length)).toEqual([4, 3, 1]); // the batch, the unnamed rest, the named tag alone
  });

  it('an open circuit is not retried: the batch waits, nothing is sent', async () => {
    const w = writer(() => ({ type: 'transport', message: 'ECONNREFUSED' }));
    const { writes } = tagWrites([{ canaryId: 'Secil.A', changes: [change('unit', 'm')] }]);
    for (let i = 0; i < 4; i++) {
      const p = w.deliver(writes);
      await vi.runAllTimersAsync();
      await p;
    }
    expect(w.breaker.state).toBe('open');
    const count = w.sent.length;
    const p = w.deliver(writes);
    await vi.runAllTimersAsync();
    expect((await p).outcome).toMatchObject({ kind: 'circuit_open' });
    expect(w.sent.length).toBe(count);
    expect(count).toBe(20);
  });
});
