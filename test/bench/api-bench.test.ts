// The API benchmark harness at a small size: the generated namespace has exactly devices × metrics rows
// with unique realistic paths, every fragment, prefix and id query went through the route and answered,
// and the summary is the median/p95 of those timings (what it reports is right, not how fast).
import { describe, expect, it, inject } from 'vitest';
import { runApiBench, summary } from '../../src/bench/api-bench.js';
import { FRAGMENTS } from '../../src/bench/api-rows.js';

describe('bench api (small)', () => {
  it('generates the namespace set-based and times search by fragment and prefix vs a key lookup', async () => {
    const r = await runApiBench({
      devices: 40,
      metricsPerDevice: 100,
      adminUrl: inject('superUrl'),
      log: () => undefined,
    });
    expect(r.inputs).toMatchObject({ devices: 40, metrics: 4000 });
    expect(r.fragment.runs.map((t) => t.label)).toEqual(FRAGMENTS);
    expect(r.fragment.runs.find((t) => t.label === 'Temperature')?.items).toBe(50);
    expect(r.fragment.runs.find((t) => t.label === 'no-such-tag')?.items).toBe(0);
    expect(r.prefix.runs).toHaveLength(20);
    expect(r.prefix.runs.every((t) => t.items > 0)).toBe(true);
    expect(r.baseline.runs).toHaveLength(20);
    expect(r.baseline.runs.every((t) => t.items === 1)).toBe(true);
    expect(r.tree.runs.map((t) => t.label)).toEqual(['', ...r.prefix.runs.slice(0, 4).map((t) => t.label)]);
    expect(r.tree.runs[0]?.items).toBe(4); // the four generated groups
    const ms = r.fragment.runs.map((t) => t.ms).sort((a, b) => a - b);
    expect(r.fragment.medianMs).toBe(ms[9]);
    expect(r.fragment.p95Ms).toBe(ms[18]);
    expect(r.met).toBe(r.fragment.p95Ms <= 200 && r.prefix.p95Ms <= 200);
  });

  it('summary takes the nearest-rank median and p95', () => {
    const s = summary([5, 1, 4, 2, 3].map((ms) => ({ label: '', ms, items: 0 })));
    expect([s.medianMs, s.p95Ms]).toEqual([3, 5]);
  });
});
