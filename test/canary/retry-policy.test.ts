// The retry schedule on fake timers: 6 attempts, 10 s each, full-jitter waits under the 0.2…6.4 s caps,
// never past the 60 s budget, only transient outcomes retried, shutdown stops it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  backoffCapMs,
  backoffDelayMs,
  CANARY_RETRY,
  sendWithRetry,
  type AttemptContext,
} from '../../src/canary/retry-policy.js';

type Outcome = { kind: 'success' | 'transient' | 'permanent' | 'bad_session'; n?: number };

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** An attempt function answering from a script; it records when each attempt started. */
function scripted(script: Array<Outcome['kind'] | 'hang'>, fallback: Outcome['kind'] | 'hang' = 'transient') {
  const starts: number[] = [];
  const aborts: number[] = [];
  const attempt = ({ attempt: n, signal }: AttemptContext): Promise<Outcome> => {
    starts.push(Date.now());
    const step = script[n - 1] ?? fallback;
    if (step !== 'hang') return Promise.resolve({ kind: step, n });
    return new Promise((resolve) => {
      signal.addEventListener('abort', () => {
        aborts.push(Date.now());
        resolve({ kind: 'transient', n });
      });
    });
  };
  return { attempt, starts, aborts };
}

async function finish<T>(p: Promise<T>): Promise<T> {
  await vi.runAllTimersAsync();
  return p;
}

describe('backoff', () => {
  it.each([
    [1, 200],
    [2, 400],
    [3, 800],
    [4, 1_600],
    [5, 3_200],
    [6, 6_400],
    [7, 6_400],
  ])('cap before retry %i is %i ms', (n, cap) => {
    expect(backoffCapMs(n)).toBe(cap);
  });

  it('full jitter: anywhere in [0, cap)', () => {
    expect(backoffDelayMs(3, () => 0)).toBe(0);
    expect(backoffDelayMs(3, () => 0.5)).toBe(400);
    expect(backoffDelayMs(3, () => 0.999_999)).toBe(799);
  });
});

describe('sendWithRetry', () => {
  it('a first success is one attempt', async () => {
    const s = scripted(['success']);
    expect(await finish(sendWithRetry(s.attempt))).toEqual({
      outcome: { kind: 'success', n: 1 },
      attempts: 1,
      stoppedBy: 'settled',
    });
  });

  it('retries transient outcomes after jittered waits, and stops at the first success', async () => {
    const s = scripted(['transient', 'transient', 'transient', 'transient', 'transient', 'success']);
    const retries: Array<[number, number]> = [];
    const result = await finish(
      sendWithRetry(s.attempt, { random: () => 0.5, onRetry: (r) => retries.push([r.retry, r.delayMs]) }),
    );
    expect(result).toEqual({ outcome: { kind: 'success', n: 6 }, attempts: 6, stoppedBy: 'settled' });
    expect(retries).toEqual([
      [1, 100],
      [2, 200],
      [3, 400],
      [4, 800],
      [5, 1_600],
    ]);
    expect(s.starts).toEqual([0, 100, 300, 700, 1_500, 3_100]);
  });

  it('gives up after 6 attempts with the last outcome', async () => {
    const s = scripted([]);
    const result = await finish(sendWithRetry(s.attempt, { random: () => 0 }));
    expect(result).toEqual({ outcome: { kind: 'transient', n: 6 }, attempts: 6, stoppedBy: 'attempts_exhausted' });
  });

  it.each<[Outcome['kind']]>([['permanent'], ['bad_session']])('does not retry %s', async (kind) => {
    const s = scripted(['transient', kind]);
    const result = await finish(sendWithRetry(s.attempt, { random: () => 0 }));
    expect(result).toEqual({ outcome: { kind, n: 2 }, attempts: 2, stoppedBy: 'settled' });
  });

  it('cuts each attempt at 10 s and the whole at 60 s: the 6th attempt is cut by the budget', async () => {
    const s = scripted([], 'hang');
    const result = await finish(sendWithRetry(s.attempt, { random: () => 0.999 }));
    // waits ⌊0.999 × cap⌋ = 199, 399, 799, 1598, 3196 ms between 10 s attempts
    expect(s.starts).toEqual([0, 10_199, 20_598, 31_397, 42_995, 56_191]);
    expect(s.aborts).toEqual([10_000, 20_199, 30_598, 41_397, 52_995, 60_000]);
    expect(result).toMatchObject({ attempts: 6, stoppedBy: 'budget_exhausted' });
    expect(Date.now()).toBe(60_000);
  });

  it('stops at once when the next wait would end past the budget, instead of sleeping into it', async () => {
    const s = scripted([]);
    const settings = { ...CANARY_RETRY, baseDelayMs: 10_000, maxDelayMs: 40_000 };
    const done = vi.fn();
    const p = sendWithRetry(s.attempt, { random: () => 0.999, settings }).then((r) => (done(Date.now()), r));
    const result = await finish(p);
    expect(s.starts).toEqual([0, 9_990, 29_970]); // the next wait, 39 960 ms, would end at 69 930
    expect(result).toMatchObject({ attempts: 3, stoppedBy: 'budget_exhausted' });
    expect(done).toHaveBeenCalledWith(29_970);
  });

  it('on shutdown during a wait no further attempt is sent', async () => {
    const s = scripted([]);
    const shutdown = new AbortController();
    const p = sendWithRetry(s.attempt, { random: () => 0.999, signal: shutdown.signal });
    await vi.advanceTimersByTimeAsync(500); // attempts at 0 and 199, now waiting 399 ms
    shutdown.abort();
    const result = await finish(p);
    expect(s.starts).toEqual([0, 199]);
    expect(result).toMatchObject({ attempts: 2, stoppedBy: 'aborted' });
  });

  it('on shutdown during an attempt its signal is aborted', async () => {
    const s = scripted([], 'hang');
    const shutdown = new AbortController();
    const p = sendWithRetry(s.attempt, { signal: shutdown.signal });
    await vi.advanceTimersByTimeAsync(1_234);
    shutdown.abort();
    const result = await finish(p);
    expect(s.aborts).toEqual([1_234]);
    expect(result).toMatchObject({ attempts: 1, stoppedBy: 'aborted' });
  });

  it('refuses to start when already shut down', async () => {
    const s = scripted(['success']);
    await expect(sendWithRetry(s.attempt, { signal: AbortSignal.abort(new Error('stopping')) })).rejects.toThrow(
      'stopping',
    );
    expect(s.starts).toEqual([]);
  });

  it('an attempt that throws is not retried: the error comes through', async () => {
    let calls = 0;
    const p = sendWithRetry(async () => {
      calls++;
      throw new Error('bug');
    });
    const refused = expect(p).rejects.toThrow('bug');
    await vi.runAllTimersAsync();
    await refused;
    expect(calls).toBe(1);
    expect(vi.getTimerCount()).toBe(0); // the budget timer is cleared
  });

  it('honours a custom retryable predicate', async () => {
    const s = scripted(['bad_session', 'success']);
    const result = await finish(
      sendWithRetry(s.attempt, { random: () => 0, retryable: (o) => o.kind === 'bad_session' }),
    );
    expect(result).toEqual({ outcome: { kind: 'success', n: 2 }, attempts: 2, stoppedBy: 'settled' });
  });
});
