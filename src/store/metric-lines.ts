// The second pass over a birth's metric source: COPY lines of the staged metric rows, with the
// 'created' diff of each new metric built from the metric decoded again (not held since staging, so a
// 100k-metric birth never holds 100k diffs).

import type { MetricResult } from '../sparkplug/birth.js';
import { AppError } from '../errors.js';
import { createdDiffJson } from './property-json.js';
import { metricLine, type StagedMetricRow } from './tsv.js';

/** Positions (in the birth's metric source) of the new metrics: their 'created' diffs need the full metric. */
export function createdPositions(rows: readonly StagedMetricRow[]): Set<number> {
  const out = new Set<number>();
  for (const r of rows) if (r.createdAt !== null) out.add(r.createdAt);
  return out;
}

/** `results`: the birth's metric source again; `source`: JSON of the birth for the version diffs. */
export function* metricLines(
  rows: readonly StagedMetricRow[],
  results: Iterable<MetricResult>,
  source: string,
): Generator<string> {
  const it = results[Symbol.iterator]();
  let position = -1;
  let current: MetricResult | undefined;
  for (const row of rows) {
    let diff: string | null = null;
    const at = row.createdAt;
    if (at !== null) {
      while (position < at) {
        const next = it.next();
        if (next.done) throw new AppError('decode_failed', `birth source ended before metric #${at}`);
        current = next.value;
        position += 1;
      }
      if (!current?.ok || current.metric.name !== row.name)
        throw new AppError('decode_failed', `metric #${at} of the birth is not "${row.name}" on the second reading`);
      diff = createdDiffJson(current.metric.properties, row.datatype, row.path, source, current.metric.metadata);
    }
    yield metricLine(row, diff);
  }
}
