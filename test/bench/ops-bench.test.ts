// The B7 harness at a small size: the B1-shaped database holds the generated birth, every daily check
// ran in each timed run with its duration, and the baseline made exactly as many round trips (what it
// reports is right, not how fast).
import { describe, expect, it, inject } from 'vitest';
import { runOpsBench } from '../../src/bench/ops-bench.js';
import { forEnv, opsSettings } from '../../src/cli/settings.js';
import { selectChecks } from '../../src/ops/registry.js';

describe('bench ops (small)', () => {
  it('times every daily check and a SELECT 1 baseline of the same round trips', async () => {
    const r = await runOpsBench({
      metrics: 2000,
      seed: 7,
      runs: 2,
      adminUrl: inject('superUrl'),
      opsSettingsFor: forEnv(opsSettings),
      log: () => undefined,
    });
    expect(r.inputs).toMatchObject({ metrics: 2000, runs: 2 });
    expect(r.inputs.properties).toBeGreaterThan(2000 * 8);
    expect(r.daily.checks.map((c) => c.id)).toEqual(selectChecks('daily').map((c) => c.id));
    expect(r.daily.checks.find((c) => c.id === 'db.stats')?.status).toBe('OK');
    // The bench's own slot is measured, not "missing" (CRIT): inactive since the untimed run, under 1 h.
    expect(r.daily.checks.find((c) => c.id === 'cdc.slot_lag')?.status).toBe('OK');
    expect(r.daily.seconds).toHaveLength(2);
    const slowestSum = r.daily.checks.reduce((n, c) => n + c.ms, 0);
    expect(slowestSum).toBeLessThanOrEqual(r.daily.seconds.reduce((a, b) => a + b, 0) * 1000 + 1);
    expect(r.daily.queries).toBeGreaterThanOrEqual(r.daily.checks.length);
    expect(r.baseline.queries).toBe(r.daily.queries);
    expect(r.ratioToBaseline).toBe(r.daily.medianSeconds / r.baseline.seconds);
  });
});
