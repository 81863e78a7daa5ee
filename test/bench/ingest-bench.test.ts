// The ingest benchmark harness at a small size: checks what it reports is right (not how fast it is).
import { describe, it, expect } from 'vitest';
import { inject } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIngestBench } from '../../src/bench/ingest-bench.js';
import { generateMetrics } from '../../src/bench/generate.js';
import { encodePayload } from '../../src/sparkplug/encoder.js';

describe('bench ingest (small)', () => {
  it('B1 writes exactly the baseline rows, B2 writes none, B3 writes exactly the changes', async () => {
    const r = await runIngestBench({ metrics: 3000, seed: 3, adminUrl: inject('superUrl'), log: () => undefined });
    const baselineRows = Object.values(r.baseline.rows).reduce((a, b) => a + b, 0);
    expect(r.b1.rowsWritten).toBe(baselineRows + 1); // + the device row, which the baseline copies untimed
    expect(r.b1.outcome.metrics.created).toBe(3000);
    expect(r.b2.rowsWritten).toBe(0);
    expect(r.b2.outcome.metrics.unchanged).toBe(3000);
    expect(r.b3.rowsWritten).toBe(r.b3.expectedRows);
    expect(r.b3.outcome.metrics).toMatchObject({ created: 3, retired: 3 });
    expect(r.inputs.properties / r.inputs.metrics).toBeGreaterThan(8);
    expect(r.inputs.properties / r.inputs.metrics).toBeLessThan(9);
    expect(r.b2.decodeSeconds).toBeGreaterThan(0);
    expect(r.b2.ratioToDecode).toBeCloseTo(r.b2.seconds / r.b2.decodeSeconds, 6);
    expect(r.b3.ratioToDecode).toBeCloseTo(r.b3.seconds / r.b2.decodeSeconds, 6);
    // The process's share of a phase: some CPU, and never more pause for collection than the phase lasted.
    expect(r.b3.nodeCpuSeconds).toBeGreaterThan(0);
    expect(r.b3.gcSeconds).toBeGreaterThanOrEqual(0);
    expect(r.b3.gcSeconds).toBeLessThan(r.b3.seconds);
  });

  it('B4 applies every birth and compares with the raw COPY of the same rows; B5 ingests one birth through uns-meta ingest file', async () => {
    const r = await runIngestBench({
      metrics: 1000,
      seed: 5,
      adminUrl: inject('superUrl'),
      b4: { births: 3, metrics: 400 },
      b5: { metrics: 1500 },
      log: () => undefined,
    });
    const b4 = r.b4 as NonNullable<typeof r.b4>;
    expect(b4.phases).toHaveLength(3);
    // every birth writes its device, metrics, properties and versions; the baseline copies the same rows but the devices
    expect(b4.rowsWritten).toBe(b4.baseline.rows + 3);
    expect(b4.ratioToBaseline).toBeCloseTo(b4.seconds / b4.baseline.seconds, 6);
    expect(b4.peakRssBytes).toBeGreaterThan(0);
    const b5 = r.b5 as NonNullable<typeof r.b5>;
    expect(b5.exitCode).toBe(0);
    expect(b5.rowsWritten).toBeGreaterThan(1500 * 10); // metrics, ~8.5 properties each, versions, the device
    expect(b5.peakRssBytes).toBeGreaterThan(b5.payloadBytes);
    expect(b5.ratioToPayload).toBeCloseTo(b5.peakRssBytes / b5.payloadBytes, 6);
  });

  it('runs the same phases on a real capture given as a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'capture-')), 'birth.bin');
    writeFileSync(file, encodePayload({ timestamp: 1n, metrics: generateMetrics(1500, 11) }));
    const r = await runIngestBench({
      metrics: 1500,
      seed: 3,
      capture: file,
      adminUrl: inject('superUrl'),
      log: () => undefined,
    });
    expect(r.inputs).toMatchObject({ metrics: 1500, capture: file });
    expect(r.b2.rowsWritten).toBe(0);
    expect(r.b3.rowsWritten).toBe(r.b3.expectedRows);
  });
});
