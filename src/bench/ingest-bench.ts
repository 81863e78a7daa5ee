// Benchmarks B1–B3 of spec/performance.md on a fresh PostgreSQL 16: cold ingest of a generated
// real-shaped DBIRTH against the raw-COPY baseline of the same rows (same run), an unchanged rebirth
// against the decode of the same payload, and a 1 % delta; B4 and B5 on request (ingest-scale.ts).
// Rows written come from pg_stat_user_tables deltas.

import { cpus, totalmem } from 'node:os';
import { createPool } from '../db.js';
import { startThrowawayPostgres } from '../embedded/throwaway.js';
import { intakeBirth } from '../ingest/intake.js';
import { withDatabase } from '../store/bootstrap.js';
import { encodePayload } from '../sparkplug/encoder.js';
import { AppError } from '../errors.js';
import { applyDelta, generateMetrics, metricsFromCapture, rebirthValues, type DeltaPlan } from './generate.js';
import { readFileSync } from 'node:fs';
import { runB4, runB5, type B4Result, type B5Result } from './ingest-scale.js';
import { copyRows, exportRows, type ExportedRows } from './raw-copy.js';
import { appRoleUrl, phase, recreate, TOPIC, warmUp, type PhaseResult } from './ingest-phase.js';

export type { PhaseResult } from './ingest-phase.js';

const REFERENCE_METRICS_PER_SECOND = 164;
export interface IngestBenchOptions {
  metrics: number;
  seed: number;
  /** A protobuf DBIRTH capture to use instead of generated metrics. */
  capture?: string;
  adminUrl?: string;
  /** B4: `births` births of `metrics` metrics each (spec: 10 × 100,000). */
  b4?: { births: number; metrics: number };
  /** B5: one birth of `metrics` metrics (spec: ~800,000, ~250 MB). */
  b5?: { metrics: number };
  log: (line: string) => void;
}

export interface IngestBenchReport {
  machine: { cores: number; memoryBytes: number; postgres: string; node: string };
  inputs: { metrics: number; properties: number; payloadBytes: number; seed: number; capture: string | null };
  baseline: { seconds: number; rows: Record<string, number> };
  b1: PhaseResult & { ratioToBaseline: number; metricsPerSecond: number; timesReference: number };
  b2: PhaseResult & { decodeSeconds: number; ratioToDecode: number };
  /** The decode of the full payload (B2's) is a yardstick of the machine: the target itself is in seconds. */
  b3: PhaseResult & { ratioToDecode: number };
  b4: B4Result | null;
  b5: B5Result | null;
  peakRssBytes: number;
}

export async function runIngestBench(o: IngestBenchOptions): Promise<IngestBenchReport> {
  const server = o.adminUrl ? null : await startThrowawayPostgres();
  const superUrl = o.adminUrl ?? (server?.superUrl as string);
  let exported: ExportedRows | null = null;
  try {
    o.log('preparing databases bench_ingest and bench_baseline (bootstrap + migrate)');
    await recreate(superUrl, 'bench_ingest');
    await recreate(superUrl, 'bench_baseline');
    const ingestUrl = withDatabase(superUrl, 'bench_ingest');
    const app = createPool(appRoleUrl(ingestUrl), { max: 2 });
    const observer = createPool(ingestUrl, { max: 1 });

    o.log(
      o.capture ? `reading the capture ${o.capture}` : `generating a DBIRTH of ${o.metrics} metrics (seed ${o.seed})`,
    );
    // All three payloads are encoded before anything is timed, and the generated metrics are then let go:
    // 100 MB of live objects in this process would otherwise be marked by every collection of a timed phase.
    const { p1, p2, p3, delta, properties, metrics } = payloads(o);

    // The three births into a scratch database, untimed: a new cluster creates its WAL segment files on
    // first use, and a new process compiles each code path on its first births; whichever timed phase came
    // first would pay for that alone.
    o.log('warm-up (untimed)');
    await warmUp(superUrl, [p1, p2, p3]);

    o.log('B1 ingest.cold');
    const b1 = await phase('B1 ingest.cold', app, observer, p1);
    // Exactly the rows B1 wrote, to files now; COPYed into a fresh database after B3, so that gigabyte of
    // writes does not land on the server seconds before B2 and B3.
    o.log('baseline: the rows B1 wrote, exported to files (untimed)');
    exported = await exportRows(ingestUrl);

    o.log('B2 ingest.rebirth (same metadata; new payload timestamp and seq, new metric values and timestamps)');
    const b2 = await phase('B2 ingest.rebirth', app, observer, p2, 0);

    o.log('B3 ingest.delta (1 % properties changed, 0.1 % metrics added, 0.1 % retired)');
    // property updates + new metrics, their properties and versions + versions of changed metrics + retirements and their versions
    const expected =
      delta.changedProperties + delta.added * 2 + delta.addedProperties + delta.changedMetrics + delta.retired * 2;
    const b3 = await phase('B3 ingest.delta', app, observer, p3, expected);
    o.log('baseline: raw COPY of the same rows into a fresh database');
    const baseline = await copyRows(exported, withDatabase(superUrl, 'bench_baseline'));
    // The yardstick after B3, not between B2 and B3: three full decodes of 98k metrics leave a heap that
    // B3 then paid for in garbage collection (its CPU 0.60 → 0.76 s in scripts/probe-b3.ts's flow).
    const decodeSeconds = decodeOnly(p2);

    const version = await observer.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    await app.end();
    await observer.end();
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    const b4 = o.b4 ? await runB4(superUrl, { ...o.b4, seed: o.seed, log: o.log }) : null;
    const b5 = o.b5 ? await runB5(superUrl, { ...o.b5, seed: o.seed, log: o.log }) : null;
    const seconds = b1.seconds;
    return {
      machine: {
        cores: cpus().length,
        memoryBytes: totalmem(),
        postgres: version.rows[0]?.v ?? '?',
        node: process.version,
      },
      inputs: { metrics, properties, payloadBytes: p1.length, seed: o.seed, capture: o.capture ?? null },
      baseline,
      b1: {
        ...b1,
        ratioToBaseline: seconds / baseline.seconds,
        metricsPerSecond: metrics / seconds,
        timesReference: metrics / seconds / REFERENCE_METRICS_PER_SECOND,
      },
      b2: { ...b2, decodeSeconds, ratioToDecode: b2.seconds / decodeSeconds },
      b3: { ...b3, ratioToDecode: b3.seconds / decodeSeconds },
      b4,
      b5,
      peakRssBytes,
    };
  } finally {
    exported?.remove();
    await server?.stop();
  }
}

export interface Payloads {
  p1: Buffer;
  p2: Buffer;
  p3: Buffer;
  delta: Omit<DeltaPlan, 'metrics'>;
  metrics: number;
  properties: number;
}

/** B1's birth, B2's (same metadata, new values) and B3's (the 1 % delta), encoded. */
export function payloads(o: IngestBenchOptions): Payloads {
  const base = o.capture ? metricsFromCapture(readFileSync(o.capture)) : generateMetrics(o.metrics, o.seed);
  const properties = base.reduce((n, m) => n + Object.keys(m.properties).length, 0);
  const p1 = encodePayload({ timestamp: 1756392554816n, seq: 0n, metrics: base });
  const p2 = encodePayload({ timestamp: 1756392654816n, seq: 1n, metrics: rebirthValues(base, o.seed + 2) });
  const { metrics: changed, ...delta } = applyDelta(base, o.seed + 1);
  const p3 = encodePayload({ timestamp: 1756392754816n, seq: 2n, metrics: changed });
  return { p1, p2, p3, delta, metrics: base.length, properties };
}

/** The floor of an unchanged rebirth: decoding every metric of the payload, nothing else (best of 3). */
function decodeOnly(payload: Buffer): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const intake = intakeBirth(TOPIC, payload, 'protobuf', { maxPayloadBytes: 1 << 30, maxInflatedBytes: 1 << 30 });
    if (!intake.ok) throw new AppError('bench_failed', `decode: ${intake.reason}`);
    let n = 0;
    for (const r of intake.birth.metrics()) if (r.ok) n += 1;
    if (n === 0) throw new AppError('bench_failed', 'decode: no metric');
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return best;
}

export function renderIngestBench(r: IngestBenchReport): string {
  const f = (x: number) => x.toFixed(2);
  const rowsLine = (p: PhaseResult) =>
    `${p.rowsWritten}${p.expectedRows === undefined ? '' : ` (expected ${p.expectedRows}${p.rowsWritten === p.expectedRows ? ', equal' : ', DIFFERENT'})`}`;
  return [
    `machine: ${r.machine.cores} cores, ${(r.machine.memoryBytes / 2 ** 30).toFixed(0)} GiB, PostgreSQL ${r.machine.postgres}, Node ${r.machine.node}`,
    `input: ${r.inputs.metrics} metrics, ${r.inputs.properties} properties (${(r.inputs.properties / r.inputs.metrics).toFixed(2)}/metric), protobuf ${(r.inputs.payloadBytes / 2 ** 20).toFixed(1)} MiB, ${r.inputs.capture ? `capture ${r.inputs.capture}` : `seed ${r.inputs.seed}`}`,
    '',
    'id                  seconds  rows written',
    `baseline raw COPY   ${f(r.baseline.seconds).padStart(7)}  ${Object.values(r.baseline.rows).reduce((a, b) => a + b, 0)} (${Object.entries(
      r.baseline.rows,
    )
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')})`,
    `B1 ingest.cold      ${f(r.b1.seconds).padStart(7)}  ${rowsLine(r.b1)}`,
    `B2 ingest.rebirth   ${f(r.b2.seconds).padStart(7)}  ${rowsLine(r.b2)} in uns_meta${r.b2.outcome.identical ? ', by identity fingerprint' : ''}`,
    `   decode alone     ${f(r.b2.decodeSeconds).padStart(7)}  (the same payload, every metric decoded, nothing else)`,
    `B3 ingest.delta     ${f(r.b3.seconds).padStart(7)}  ${rowsLine(r.b3)} in uns_meta${r.b3.outcome.declared === null ? ', compared in full' : `, ${r.b3.outcome.declared} metrics matched by declaration`}`,
    `   Node CPU in B3   ${f(r.b3.nodeCpuSeconds).padStart(7)}  (this process; ${f(r.b3.gcSeconds)} s of it garbage collection)`,
    ...(r.b4
      ? [
          `B4 ${r.b4.births} × ${r.b4.metricsPerBirth}      ${f(r.b4.seconds).padStart(7)}  ${r.b4.rowsWritten}`,
          `   raw COPY         ${f(r.b4.baseline.seconds).padStart(7)}  ${r.b4.baseline.rows} (+ ${r.b4.births} device rows copied untimed)`,
        ]
      : []),
    ...(r.b5
      ? [
          `B5 one birth       ${f(r.b5.seconds).padStart(7)}  ${r.b5.rowsWritten} (${r.b5.metrics} metrics, ${(r.b5.payloadBytes / 2 ** 20).toFixed(0)} MiB, uns-meta ingest file)`,
        ]
      : []),
    '',
    `B1 / raw COPY = ${f(r.b1.ratioToBaseline)} (target ≤ 1.00); ${r.b1.metricsPerSecond.toFixed(0)} metrics/s = ${r.b1.timesReference.toFixed(0)} × the reference's 164/s (target ≥ 50)`,
    `B2 = ${f(r.b2.ratioToDecode)} × the decode; ≤ 1.0 s, ≤ 3 × decode and 0 rows: ${r.b2.seconds <= 1 && r.b2.ratioToDecode <= 3 && r.b2.rowsWritten === 0 ? 'met' : 'NOT met'}`,
    `B3 = ${f(r.b3.ratioToDecode)} × the decode (the machine's yardstick); ≤ 1.5 s and rows = changes: ${r.b3.seconds <= 1.5 && r.b3.rowsWritten === r.b3.expectedRows ? 'met' : 'NOT met'}`,
    ...(r.b4
      ? [
          `B4 / raw COPY = ${f(r.b4.ratioToBaseline)} (target ≤ 1.00); peak RSS ${(r.b4.peakRssBytes / 2 ** 20).toFixed(0)} MiB (target ≤ 1024): ${r.b4.ratioToBaseline <= 1 && r.b4.peakRssBytes <= 2 ** 30 ? 'met' : 'NOT met'}`,
        ]
      : []),
    ...(r.b5
      ? [
          `B5 peak RSS ${(r.b5.peakRssBytes / 2 ** 20).toFixed(0)} MiB = ${f(r.b5.ratioToPayload)} × the payload (target ≤ 3): ${r.b5.ratioToPayload <= 3 ? 'met' : 'NOT met'}`,
        ]
      : []),
    `peak RSS of the bench process (generator included): ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
  ].join('\n');
}
