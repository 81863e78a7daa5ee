// The birth queue: one device in order, devices in parallel up to the bound, newer births replacing
// waiting ones, payloads beyond the memory budget left on disk, database failures waited out.

import { describe, expect, it } from 'vitest';
import { BirthQueue, type QueuedBirth } from '../../src/ingest/birth-queue.js';

const item = (key: string, ts: number, bytes = 10): QueuedBirth => ({
  key,
  topic: `spBv1.0/g/DBIRTH/e/${key}`,
  header: { timestamp: BigInt(ts), seq: 0n },
  payload: Buffer.alloc(bytes),
  receivedAt: ts,
});

function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
}

describe('birth queue', () => {
  it('applies one device in order, never two of its births at once, and devices in parallel up to the bound', async () => {
    const log: string[] = [];
    let running = 0;
    let peak = 0;
    const q = new BirthQueue({
      concurrency: 2,
      memoryBytes: 1e6,
      retryMaxMs: 10,
      isRetryable: () => false,
      onFailed: async () => undefined,
      apply: async (it) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 20));
        log.push(`${it.key}@${it.header.timestamp}`);
        running--;
      },
    });
    q.push(item('a', 1));
    q.push(item('b', 1));
    q.push(item('c', 1));
    q.push(item('a', 2));
    q.push(item('a', 3)); // replaces a@2, which is still waiting
    await q.drained();
    expect(peak).toBe(2);
    expect(log.filter((l) => l.startsWith('a'))).toEqual(['a@1', 'a@3']);
    expect(log.sort()).toEqual(['a@1', 'a@3', 'b@1', 'c@1']);
  });

  it('refuses a birth older than the waiting one of its device', async () => {
    const g = gate();
    const q = new BirthQueue({
      concurrency: 1,
      memoryBytes: 1e6,
      retryMaxMs: 10,
      isRetryable: () => false,
      onFailed: async () => undefined,
      apply: () => g.p,
    });
    q.push(item('x', 1));
    q.push(item('y', 5));
    expect(q.push(item('y', 4))).toBe('older_than_waiting');
    expect(q.push(item('y', 6))).toBe('replaced');
    g.open();
    await q.drained();
  });

  it('keeps payloads in memory only up to the budget', () => {
    const q = new BirthQueue({
      concurrency: 1,
      memoryBytes: 250,
      retryMaxMs: 10,
      isRetryable: () => false,
      onFailed: async () => undefined,
      apply: () => new Promise(() => undefined),
    });
    q.push(item('busy', 1, 100));
    for (let i = 0; i < 5; i++) q.push(item(`d${i}`, 1, 100));
    // 'busy' is being applied; two waiting payloads fit in 250 bytes, the other three wait on disk only
    expect(q.status().bytesInMemory).toBe(200);
    expect(q.status().waiting).toBe(5);
  });

  it('retries a retryable failure with backoff until it succeeds; others go to onFailed once', async () => {
    let attempts = 0;
    const failed: string[] = [];
    const q = new BirthQueue({
      concurrency: 1,
      memoryBytes: 1e6,
      retryMaxMs: 5,
      isRetryable: (e) => (e as Error).message === 'down',
      onFailed: async (it) => void failed.push(it.key),
      apply: async (it) => {
        if (it.key === 'bad') throw new Error('bug');
        if (++attempts < 4) throw new Error('down');
      },
    });
    q.push(item('good', 1));
    q.push(item('bad', 1));
    await q.drained();
    expect(attempts).toBe(4);
    expect(failed).toEqual(['bad']);
    expect(q.status().retrying).toBeNull();
  });
});
