// Samples the pipeline every 10 s and keeps the last hour in memory for the dashboard's plots: rates
// from the prom-client counters (delta between samples), outbox depth from the table, slot lag from
// the CDC gauge. Nothing is persisted; a restart starts an empty series.

import type { Queryable } from '../db.js';
import { birthsTotal, cdcLagBytes, rowsWrittenTotal } from '../metrics.js';
import { outboxDepth } from '../cdc/outbox.js';

export interface PipelineSample {
  t: string;
  birthsPerMinute: number | null;
  rowsWrittenPerMinute: number | null;
  outboxDepth: number | null;
  slotLagBytes: number | null;
}

export interface PipelineSampler {
  series(): PipelineSample[];
  /** Takes one sample now (the timer calls it; tests call it directly). */
  sample(): Promise<void>;
  stop(): void;
}

export interface SamplerDeps {
  db: Queryable;
  cdcEnabled: boolean;
  intervalMs?: number;
  keepMs?: number;
  now?: () => number;
  /** Take the first sample at once (default), so the dashboard has a point before the first interval. */
  sampleAtStart?: boolean;
}

const total = async (c: { get(): Promise<{ values: Array<{ value: number }> }> }) =>
  (await c.get()).values.reduce((n, v) => n + v.value, 0);

export function startPipelineSampler(d: SamplerDeps): PipelineSampler {
  const interval = d.intervalMs ?? 10_000;
  const keep = d.keepMs ?? 3_600_000;
  const now = d.now ?? Date.now;
  const samples: Array<PipelineSample & { at: number }> = [];
  let prev: { at: number; births: number; rows: number } | null = null;

  async function sample(): Promise<void> {
    const at = now();
    const births = await total(birthsTotal);
    const rows = await total(rowsWrittenTotal);
    const minutes = prev ? (at - prev.at) / 60_000 : 0;
    const rate = (cur: number, was: number | undefined) =>
      prev && minutes > 0 && was !== undefined ? Math.max(0, cur - was) / minutes : null;
    const depth = await outboxDepth(d.db).catch(() => null);
    const lag = d.cdcEnabled ? ((await cdcLagBytes.get()).values[0]?.value ?? null) : null;
    samples.push({
      at,
      t: new Date(at).toISOString(),
      birthsPerMinute: rate(births, prev?.births),
      rowsWrittenPerMinute: rate(rows, prev?.rows),
      outboxDepth: depth,
      slotLagBytes: lag,
    });
    prev = { at, births, rows };
    while (samples.length > 0 && (samples[0]?.at ?? at) < at - keep) samples.shift();
  }

  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    void sample()
      .catch(() => undefined)
      .finally(() => (busy = false));
  };
  const timer = setInterval(tick, interval);
  if (d.sampleAtStart ?? true) tick();
  timer.unref();
  return {
    series: () => samples.map(({ at: _at, ...s }) => s),
    sample,
    stop: () => clearInterval(timer),
  };
}
