// The storm benchmark harness at a small size: both runs store every metric, and the live service kept
// no more waiting payload bytes in memory than its budget (what it reports is right, not how fast).
import { describe, expect, it, inject } from 'vitest';
import { runStormBench } from '../../src/bench/storm-bench.js';
import { forEnv, ingestSettings } from '../../src/cli/settings.js';

describe('bench storm (small)', () => {
  it('stores every metric in both runs and keeps queued payloads within INGEST_MEMORY_BYTES', async () => {
    const r = await runStormBench({
      devices: 12,
      metrics: 300,
      memoryBytes: 120_000,
      concurrency: 2,
      seed: 5,
      adminUrl: inject('superUrl'),
      ingestSettingsFor: forEnv(ingestSettings),
      log: () => undefined,
    });
    expect(r.direct.metrics).toBe(12 * 300);
    expect(r.live.metrics).toBe(12 * 300);
    expect(r.inputs.payloadBytes).toBeGreaterThan((12 * 120_000) / 2);
    expect(r.live.peakQueueBytes).toBeLessThanOrEqual(120_000);
    expect(r.ratioLiveToDirect).toBeGreaterThan(0);
  });
});
