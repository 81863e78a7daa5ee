// The CDC benchmark harness at a small size: every changed metric reaches the simulator once per phase
// with all its changed properties, each delivery has a latency, and the throttled drain stays within the
// limit by the simulator's own count (what it reports is right, not how fast).
import { describe, expect, it, inject } from 'vitest';
import { runCdcBench } from '../../src/bench/cdc-bench.js';

describe('bench cdc (small)', () => {
  it('delivers every change in both phases and never exceeds the limit', async () => {
    const r = await runCdcBench({
      devices: 2,
      metricsPerDevice: 200,
      propertiesPerMetric: 3,
      metricsPerBirth: 50,
      debounceSeconds: 1,
      rateLimit: 200,
      latencyMs: 5,
      maxInFlight: 4,
      adminUrl: inject('superUrl'),
      log: () => undefined,
    });
    expect(r.inputs).toMatchObject({ births: 8, changedMetrics: 400, changedProperties: 1200 });
    expect(r.unthrottled.rows).toBe(400);
    expect(r.unthrottled.entries).toBe(1200);
    expect(r.unthrottled.latency.p50).toBeGreaterThanOrEqual(1); // the debounce window is a floor
    expect(r.unthrottled.latency.max).toBeGreaterThanOrEqual(r.unthrottled.latency.p95);
    expect(r.throttled.rows).toBe(400);
    expect(r.throttled.requests).toBe(400); // one tag per request
    expect(r.throttled.entries).toBe(1200);
    expect(r.throttled.overLimit).toBe(0);
    expect(r.throttled.maxInAnySecond).toBeLessThanOrEqual(200);
    expect(r.throttled.requestsPerSecond).toBeGreaterThan(0);
  });
});
