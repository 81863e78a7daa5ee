// B4 and B5 of spec/performance.md. B4: ten 100k-metric births of ten devices, one after the other,
// against the raw COPY of the same rows in the same run (rows staged in files, untimed, so the baseline
// holds nothing in memory), with the peak RSS of this process. B5: one ~250 MB birth through
// `uns-meta ingest file` (the service's decode → stage → merge path) in a child process whose peak RSS
// the kernel reports (VmHWM), against the payload's size.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool } from '../db.js';
import { packagePath } from '../package-root.js';
import { withDatabase } from '../store/bootstrap.js';
import { encodePayload } from '../sparkplug/encoder.js';
import { AppError } from '../errors.js';
import { iterateMetrics } from './generate.js';
import { appRoleUrl, phase, recreate, type PhaseResult } from './ingest-phase.js';
import { procMemory } from './proc-stats.js';
import { rowsByTable } from './stats.js';
import { copyRows, exportRows } from './raw-copy.js';

export interface B4Result {
  births: number;
  metricsPerBirth: number;
  seconds: number;
  rowsWritten: number;
  baseline: { seconds: number; rows: number };
  ratioToBaseline: number;
  peakRssBytes: number;
  phases: Array<Pick<PhaseResult, 'seconds' | 'rowsWritten'>>;
}

export interface B5Result {
  metrics: number;
  payloadBytes: number;
  seconds: number;
  rowsWritten: number;
  peakRssBytes: number;
  ratioToPayload: number;
  exitCode: number | null;
}

/** Samples this process's RSS until stopped; returns the highest value seen. */
function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

export async function runB4(
  superUrl: string,
  o: { births: number; metrics: number; seed: number; log: (l: string) => void },
): Promise<B4Result> {
  await recreate(superUrl, 'bench_b4');
  await recreate(superUrl, 'bench_b4_baseline');
  const url = withDatabase(superUrl, 'bench_b4');
  const app = createPool(appRoleUrl(url), { max: 2 });
  const observer = createPool(url, { max: 1 });
  const phases: B4Result['phases'] = [];
  const rss = rssSampler();
  try {
    for (let d = 0; d < o.births; d++) {
      o.log(`B4 birth ${d + 1} of ${o.births} (${o.metrics} metrics)`);
      // Generated just before it is applied: the bench never holds more than one payload.
      const payload = encodePayload({
        timestamp: 1756392554816n + BigInt(d),
        seq: 0n,
        metrics: iterateMetrics(o.metrics, o.seed + d),
      });
      const p = await phase(
        `B4 birth ${d + 1}`,
        app,
        observer,
        payload,
        undefined,
        `spBv1.0/Secil/DBIRTH/Portugal/Kiln${d}`,
      );
      phases.push({ seconds: p.seconds, rowsWritten: p.rowsWritten });
    }
  } finally {
    await app.end();
    await observer.end();
  }
  const peakRssBytes = rss.stop();
  o.log('B4 baseline: raw COPY of the same rows (staged in files first, untimed)');
  const baseline = await rawCopyFromFiles(url, withDatabase(superUrl, 'bench_b4_baseline'));
  const seconds = phases.reduce((a, p) => a + p.seconds, 0);
  return {
    births: o.births,
    metricsPerBirth: o.metrics,
    seconds,
    rowsWritten: phases.reduce((a, p) => a + p.rowsWritten, 0),
    baseline,
    ratioToBaseline: seconds / baseline.seconds,
    peakRssBytes,
    phases,
  };
}

/** COPYs the rows of uns_meta's metric tables out to files, then times COPYing them into `targetUrl`. */
async function rawCopyFromFiles(sourceUrl: string, targetUrl: string): Promise<{ seconds: number; rows: number }> {
  const exported = await exportRows(sourceUrl);
  try {
    const r = await copyRows(exported, targetUrl);
    return { seconds: r.seconds, rows: Object.values(r.rows).reduce((a, b) => a + b, 0) };
  } finally {
    exported.remove();
  }
}

export async function runB5(
  superUrl: string,
  o: { metrics: number; seed: number; log: (l: string) => void },
): Promise<B5Result> {
  await recreate(superUrl, 'bench_b5');
  const url = withDatabase(superUrl, 'bench_b5');
  const dir = mkdtempSync(join(tmpdir(), 'uns-meta-b5-'));
  const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Plant';
  const file = join(dir, 'birth.bin');
  try {
    o.log(`B5 generating one DBIRTH of ${o.metrics} metrics`);
    writeFileSync(
      file,
      encodePayload({ timestamp: 1756392554816n, seq: 0n, metrics: iterateMetrics(o.metrics, o.seed) }),
    );
    const payloadBytes = statSync(file).size;
    const observer = createPool(url, { max: 1 });
    const before = await rowsByTable(observer);
    o.log(`B5 uns-meta ingest file (${(payloadBytes / 2 ** 20).toFixed(0)} MiB) in a child process`);
    const started = performance.now();
    const { code, peakRssBytes } = await runChild(['ingest', 'file', file, '--topic', topic], {
      DATABASE_URL: appRoleUrl(url),
      LOG_LEVEL: 'warn',
    });
    const seconds = (performance.now() - started) / 1000;
    const after = await rowsByTable(observer);
    await observer.end();
    if (code !== 0) throw new AppError('bench_failed', `B5: uns-meta ingest file exited ${code}`);
    const rowsWritten = Object.entries(after).reduce((n, [t, v]) => n + v - (before[t] ?? 0), 0);
    return {
      metrics: o.metrics,
      payloadBytes,
      seconds,
      rowsWritten,
      peakRssBytes,
      ratioToPayload: peakRssBytes / payloadBytes,
      exitCode: code,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the built CLI; the kernel's VmHWM of the child, read until it exits, is its peak RSS. */
function runChild(args: string[], env: Record<string, string>): Promise<{ code: number | null; peakRssBytes: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [packagePath('bin', 'uns-meta.js'), ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    let peak = 0;
    const timer = setInterval(() => {
      if (child.pid) peak = Math.max(peak, procMemory(child.pid).hwmBytes);
    }, 100);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code, peakRssBytes: peak });
    });
  });
}
