// The end-to-end benchmark harness (B8/B9) at a small size: the service runs as a child process (the
// built dist/, as `npm test` builds first), the birth goes over a real broker, and what the harness
// reports is checked — Canary parity confirmed through the Views API for every tag, the B1 baseline of
// the same run, the service's RSS from /proc, markers in pipeline order (not how fast any of it is).
import { describe, expect, it, inject } from 'vitest';
import { runE2eBench } from '../../src/bench/e2e-bench.js';
import { watchParity } from '../../src/bench/parity-watch.js';
import { testBroker, uniqueGroup } from '../support/broker.js';

describe('bench e2e (small)', () => {
  it('publishes a birth to the running service and reports parity, the baseline and the service memory', async () => {
    const broker = await testBroker();
    try {
      const r = await runE2eBench({
        metrics: 2000,
        seed: 5,
        rateLimit: 500,
        debounceSeconds: 1,
        baseline: true,
        timeoutSeconds: 120,
        sampleMs: 50,
        adminUrl: inject('superUrl'),
        brokerUrl: broker.url,
        group: uniqueGroup('e2e'),
        // The huge birth's path (parity confirmed page by page) is the one exercised here.
        pagedVerifyAbove: 1000,
        log: () => undefined,
      });
      expect(r.inputs).toMatchObject({ metrics: 2000, rateLimit: 500, debounceSeconds: 1, broker: 'external' });
      expect(r.inputs.properties).toBeGreaterThan(2000 * 8);

      // Parity: every generated metric is a tag, every tag compared and equal, nothing skipped.
      expect(r.e2e).toMatchObject({ tags: 2000, inParity: 2000, skipped: 0, verifiedBy: 'verifyParity in pages' });
      expect(r.e2e.entries).toBe(r.inputs.properties); // one Canary entry per property, none twice
      expect(r.e2e.storeRequests).toBeGreaterThanOrEqual(20); // ≤ 100 tags per request
      expect(r.e2e.throttled).toBe(0);
      expect(r.e2e.maxInAnySecond).toBeLessThanOrEqual(500);
      expect(r.e2e.serviceErrors).toEqual([]);

      // The pipeline in order: published, committed, enqueued, first Canary write, parity = the time reported.
      const m = r.e2e.markers;
      expect(m.committed).not.toBeNull();
      expect(m.published).toBeLessThanOrEqual(m.committed as number);
      expect(m.committed as number).toBeLessThan(r.e2e.firstStoreSeconds as number);
      expect(r.e2e.lastStoreSeconds as number).toBeLessThanOrEqual(m.parity as number);
      expect(r.e2e.seconds).toBe(m.parity);
      expect(r.e2e.applySeconds).toBeGreaterThan(0);
      expect(r.e2e.outbox.at(-1)?.inserted).toBeGreaterThanOrEqual(2000);

      // The baseline of the same run: B1 wrote the metrics, their properties and versions (and the device).
      expect(r.baseline?.seconds).toBeGreaterThan(0);
      expect(r.baseline?.rowsWritten).toBe(1 + 2000 * 2 + r.inputs.properties);
      expect(r.ratioToBaseline).toBe(r.e2e.seconds / (r.baseline?.seconds as number));

      // The service's memory from /proc: measured, the peak at least every sample, phases named.
      expect(r.memory.idleBytes).toBeGreaterThan(10 * 2 ** 20);
      expect(r.memory.peakBytes).toBeGreaterThanOrEqual(r.memory.idleBytes);
      expect(r.memory.peakBytes).toBeGreaterThanOrEqual(Math.max(...r.memory.samples.map((s) => s.rssBytes)));
      expect(r.memory.ingestPeakBytes).toBeGreaterThan(0);
      expect(r.memory.samples.length).toBeGreaterThan(5);
      expect(new Set(r.memory.samples.map((s) => s.phase))).toContain('ingest');
      expect(r.memory.samples.at(-1)?.cpuSeconds).toBeGreaterThan(0);
      expect(r.targets).toEqual({ ratio: 1.3, peakRssBytes: 512 * 2 ** 20 });
    } finally {
      await broker.stop();
    }
  }, 240_000);

  it('the parity watch reports parity only once every tag holds every expected value, whatever order they arrive in', () => {
    const tags = Array.from({ length: 5000 }, (_, i) => ({
      tag: `Secil.Dev.T${i}`,
      canaryId: `Secil.Dev.T${i}`,
      properties: { engUnit: 'bar', engHigh: i },
    }));
    const canary = new Map<string, Record<string, unknown>>();
    const watch = watchParity({ tags, skipped: 0 }, (tag) => canary.get(tag));
    expect(watch.poll()).toBe(5000);
    // The last tag first, behind a long run of absent ones: found by a later walk, never counted early.
    canary.set('Secil.Dev.T4999', { engUnit: 'bar', engHigh: 4999 });
    expect(watch.poll()).toBe(5000);
    for (let i = 0; i < 4999; i++) canary.set(`Secil.Dev.T${i}`, { engUnit: 'bar', engHigh: i === 10 ? -1 : i });
    expect(watch.poll()).toBe(1); // T10 holds a different value
    canary.set('Secil.Dev.T10', { engUnit: 'bar', engHigh: 10, extra: 'x' });
    expect(watch.poll()).toBe(1); // a key the database does not have
    canary.set('Secil.Dev.T10', { engUnit: 'bar', engHigh: 10 });
    expect(watch.poll()).toBe(0);
  });
});
