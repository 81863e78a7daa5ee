// The circuit breaker: opens at 20 consecutive failed requests or ≥ 2 % 5xx over the last minute with
// ≥ 50 requests, holds 60 s, lets exactly one probe through, and closes or re-opens on its outcome.
import { describe, expect, it } from 'vitest';
import { CANARY_BREAKER, CircuitBreaker, type CircuitState, type RecordedOutcome } from '../../src/canary/breaker.js';
import { ErrorRateWindow } from '../../src/canary/error-rate-window.js';

const OK: RecordedOutcome = { kind: 'success', status: 200 };
const E500: RecordedOutcome = { kind: 'transient', status: 500 };
const E429: RecordedOutcome = { kind: 'transient', status: 429 };
const TRANSPORT: RecordedOutcome = { kind: 'transient' };
const REFUSED: RecordedOutcome = { kind: 'permanent', status: 200 };
const SESSION: RecordedOutcome = { kind: 'bad_session', status: 200 };

function setup() {
  let t = 1_000_000;
  const states: CircuitState[] = [];
  const breaker = new CircuitBreaker({ now: () => t, onStateChange: (s) => states.push(s) });
  let calls = 0;
  const run = (o: RecordedOutcome) => breaker.execute(async () => (calls++, o));
  return {
    breaker,
    states,
    run,
    calls: () => calls,
    tick: (ms: number) => void (t += ms),
    async many(outcomes: RecordedOutcome[], stepMs = 0) {
      for (const o of outcomes) {
        await run(o);
        t += stepMs;
      }
    },
  };
}

const times = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

describe('circuit breaker: consecutive failures', () => {
  it.each([
    ['transport errors', TRANSPORT],
    ['429s', E429],
    ['5xx', E500],
  ])('19 %s keep it closed, the 20th opens it', async (_name, failure) => {
    const b = setup();
    await b.many(times(19, failure));
    expect(b.breaker.state).toBe('closed');
    await b.run(failure);
    expect(b.breaker.state).toBe('open');
    expect(b.states).toEqual(['open']);
  });

  it.each([
    ['a success', OK],
    ['a permanent refusal (Canary answered)', REFUSED],
    ['a bad session (Canary answered)', SESSION],
  ])('%s in between resets the count', async (_name, between) => {
    const b = setup();
    await b.many([...times(19, TRANSPORT), between, ...times(19, TRANSPORT)]);
    expect(b.breaker.state).toBe('closed');
  });

  it('a request that throws counts as a failure and the error comes through', async () => {
    const b = setup();
    await b.many(times(19, TRANSPORT));
    await expect(b.breaker.execute(() => Promise.reject(new Error('bug')))).rejects.toThrow('bug');
    expect(b.breaker.state).toBe('open');
  });
});

describe('circuit breaker: 5xx over the last minute', () => {
  it.each<[string, CircuitState, RecordedOutcome[]]>([
    ['1 × 5xx in 50 requests (2 %)', 'open', [E500, ...times(49, OK)]],
    ['1 × 5xx in 51 requests (1.96 %): the 51st comes too late, it opened at 50', 'open', [E500, ...times(50, OK)]],
    ['1 × 5xx in 49 requests: too few requests', 'closed', [E500, ...times(48, OK)]],
    ['2 × 5xx in 99 requests (2.02 %)', 'open', [...times(60, OK), E500, ...times(37, OK), E500]],
    ['2 × 5xx in 101 requests (1.98 %)', 'closed', [...times(60, OK), E500, ...times(39, OK), E500]],
    ['1 × 5xx after 50 successes (1.96 %)', 'closed', [...times(50, OK), E500]],
    ['10 × 429 in 50 requests: 429 is not 5xx', 'closed', [...times(40, OK), ...times(10, E429)]],
    ['10 × transport errors in 60 requests', 'closed', [...times(5, [...times(10, OK), TRANSPORT, TRANSPORT]).flat()]],
  ])('%s → %s', async (_name, state, outcomes) => {
    const b = setup();
    await b.many(outcomes, 10);
    expect(b.breaker.state).toBe(state);
  });

  it.each([
    [59_999, 'open'],
    [60_000, 'closed'],
  ])('a 5xx %i ms before the 50th request: %s (the window is the last 60 s exactly)', async (ageMs, state) => {
    const b = setup();
    await b.run(E500);
    b.tick(1);
    await b.many(times(48, OK));
    b.tick(ageMs - 1);
    await b.run(OK);
    expect(b.breaker.state).toBe(state);
  });

  it('forgets a busy minute after an idle spell (unlike a bucketed sampler)', async () => {
    const b = setup();
    await b.many(times(49, OK), 100);
    b.tick(10 * 60_000);
    await b.many([E500, ...times(48, OK)]);
    expect(b.breaker.state).toBe('closed'); // 49 requests in the last minute: too few to judge
  });
});

describe('circuit breaker: open, probe, close', () => {
  async function opened() {
    const b = setup();
    await b.many(times(20, TRANSPORT));
    return b;
  }

  it('turns requests away for 60 s without running them', async () => {
    const b = await opened();
    const before = b.calls();
    expect(await b.run(OK)).toEqual({ kind: 'circuit_open', retryInMs: 60_000 });
    b.tick(59_999);
    expect(await b.run(OK)).toEqual({ kind: 'circuit_open', retryInMs: 1 });
    expect(b.calls()).toBe(before);
    expect(b.breaker.state).toBe('open');
  });

  it('after 60 s one probe goes; its success closes the circuit', async () => {
    const b = await opened();
    b.tick(60_000);
    expect(b.breaker.retryInMs()).toBe(0);
    expect(await b.run(OK)).toEqual(OK);
    expect(b.breaker.state).toBe('closed');
    expect(b.states).toEqual(['open', 'half_open', 'closed']);
    expect(b.breaker.retryInMs()).toBe(0);
  });

  it('only one probe is in flight; others are told to wait', async () => {
    const b = await opened();
    b.tick(60_000);
    let release: (o: RecordedOutcome) => void = () => undefined;
    const probe = b.breaker.execute(() => new Promise<RecordedOutcome>((resolve) => (release = resolve)));
    expect(b.breaker.state).toBe('half_open');
    const before = b.calls();
    expect(await b.run(OK)).toEqual({ kind: 'circuit_open', retryInMs: 1_000 });
    expect(b.calls()).toBe(before);
    release(OK);
    await probe;
    expect(b.breaker.state).toBe('closed');
  });

  it.each([
    ['a failed probe', TRANSPORT],
    ['a 5xx probe', E500],
  ])('%s re-opens it for another 60 s', async (_name, failure) => {
    const b = await opened();
    b.tick(60_000);
    await b.run(failure);
    expect(b.breaker.state).toBe('open');
    expect(b.breaker.retryInMs()).toBe(60_000);
    b.tick(60_000);
    await b.run(OK);
    expect(b.states).toEqual(['open', 'half_open', 'open', 'half_open', 'closed']);
  });

  it('a recovered circuit starts from a clean count', async () => {
    const b = await opened();
    b.tick(60_000);
    await b.run(OK);
    await b.many(times(19, TRANSPORT));
    expect(b.breaker.state).toBe('closed');
  });

  it('a recovered circuit starts from a clean minute, even when it was open for less than a minute', async () => {
    let t = 0;
    const breaker = new CircuitBreaker({ now: () => t, settings: { ...CANARY_BREAKER, openMs: 10_000 } });
    for (const o of [E500, ...times(49, OK)]) await breaker.execute(async () => o);
    expect(breaker.state).toBe('open');
    t += 10_000;
    await breaker.execute(async () => OK);
    await breaker.execute(async () => E500); // the old 1-in-50 would make this 2-in-51
    expect(breaker.state).toBe('closed');
  });

  it('a request started before the circuit opened does not move it when it ends', async () => {
    const b = setup();
    let release: (o: RecordedOutcome) => void = () => undefined;
    const slow = b.breaker.execute(() => new Promise<RecordedOutcome>((resolve) => (release = resolve)));
    await b.many(times(20, TRANSPORT));
    release(OK);
    await slow;
    expect(b.breaker.state).toBe('open');
  });
});

describe('ErrorRateWindow', () => {
  it('counts requests and 5xx of the last windowMs only', () => {
    const w = new ErrorRateWindow({ windowMs: 1000, minRequests: 2, percent: 50 });
    w.record(0, true);
    w.record(500, false);
    expect(w.counts(999)).toEqual({ requests: 2, serverErrors: 1 });
    expect(w.tripped(999)).toBe(true);
    expect(w.counts(1000)).toEqual({ requests: 1, serverErrors: 0 });
    expect(w.tripped(1000)).toBe(false);
  });

  it('stays exact across many expiries (internal compaction)', () => {
    const w = new ErrorRateWindow({ windowMs: 100, minRequests: 1, percent: 1 });
    for (let t = 0; t < 10_000; t++) w.record(t, t % 7 === 0);
    const expected = Array.from({ length: 100 }, (_, i) => 9_900 + i).filter((t) => t % 7 === 0).length;
    expect(w.counts(9_999)).toEqual({ requests: 100, serverErrors: expected });
  });
});
