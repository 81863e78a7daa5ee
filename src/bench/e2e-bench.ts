// B8/B9 of spec/performance.md: a generated real-shaped DBIRTH published over MQTT to a running service
// (`node bin/uns-meta.js start`, a child process: CDC on, production slot settings, debounce 1 s) whose
// Canary is the simulator throttled at 500 req/s; timed from the first byte published to every tag equal
// in Canary, with the service's RSS and CPU from /proc by phase. Baseline in the same run: B1, the birth
// writer alone on the same birth into a fresh database; the ratio is the figure. It does not tune the
// service: production defaults except the debounce, a slot name of its own and no ops schedule.

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createPool } from '../db.js';
import { startThrowawayPostgres } from '../embedded/throwaway.js';
import { encodePayload } from '../sparkplug/encoder.js';
import { withDatabase } from '../store/bootstrap.js';
import { liveRun } from './e2e-live-run.js';
import { dropDatabase } from './e2e-observe.js';
import type { E2eBenchReport } from './e2e-report.js';
import { iterateMetrics } from './generate.js';
import { appRoleUrl, phase, recreate, warmUp } from './ingest-phase.js';
import { expectedState, type ExpectedState } from './parity-watch.js';

export { renderE2eBench, type E2eBenchReport } from './e2e-report.js';

export interface E2eBenchOptions {
  metrics: number;
  seed: number;
  /** The simulator's throttle and the service's CANARY_RATE_LIMIT_RPS. */
  rateLimit: number;
  debounceSeconds: number;
  /** Measure B1 (and the untimed warm-up before it) in the same run. */
  baseline: boolean;
  adminUrl?: string;
  /** An external broker; unset = an in-process aedes broker in this process (not the service's). */
  brokerUrl?: string;
  timeoutSeconds: number;
  /** How often the service's VmRSS is read. */
  sampleMs: number;
  /** Node flags of the service process (diagnosis: --cpu-prof, --max-old-space-size …); none as deployed. */
  serviceNodeArgs?: string[];
  /** Copy the service's log (JSON lines, and whatever its node flags print) here at the end. */
  serviceLog?: string;
  /** Above this many tags parity is confirmed a page at a time (default 200,000). */
  pagedVerifyAbove?: number;
  /** Sparkplug group of the birth, and so the Canary DataSet (default Secil); tests on a shared broker use their own. */
  group?: string;
  log: (line: string) => void;
}

export async function runE2eBench(o: E2eBenchOptions): Promise<E2eBenchReport> {
  const server = o.adminUrl ? null : await startThrowawayPostgres();
  const superUrl = o.adminUrl ?? (server?.superUrl as string);
  const work = mkdtempSync(join(tmpdir(), 'uns-meta-e2e-'));
  // Names of this run only: with --admin-url the server (and its replication slots) may be shared.
  const names = {
    b1: `bench_e2e_b1_${process.pid}`,
    warmup: `bench_e2e_warmup_${process.pid}`,
    live: `bench_e2e_${process.pid}`,
    slot: `uns_meta_slot_e2e_${process.pid}`,
  };
  const loadBefore = loadavg()[0] as number;
  const topic = `spBv1.0/${o.group ?? 'Secil'}/DBIRTH/Portugal/Cement`;
  try {
    o.log(`generating a DBIRTH of ${o.metrics} metrics (seed ${o.seed})`);
    let properties = 0;
    const counted = (function* () {
      for (const m of iterateMetrics(o.metrics, o.seed)) {
        properties += Object.keys(m.properties).length;
        yield m;
      }
    })();
    // The same bytes as bench ingest's B1 birth (same timestamp and seq).
    const payload = encodePayload({ timestamp: 1756392554816n, seq: 0n, metrics: counted });

    let baseline: E2eBenchReport['baseline'] = null;
    // What Canary must hold in the end, read from B1's database (the same birth through the same writer)
    // before the timed run, so reading it takes nothing from the service; the final check reads the
    // service's own database.
    let expected: ExpectedState | null = null;
    if (o.baseline) {
      o.log('warm-up (untimed), then B1 ingest.cold: the birth writer alone on the same birth');
      await warmUp(superUrl, [payload], names.warmup);
      await recreate(superUrl, names.b1);
      const url = withDatabase(superUrl, names.b1);
      const app = createPool(appRoleUrl(url), { max: 2 });
      const observer = createPool(url, { max: 1 });
      try {
        const b1 = await phase('B1 ingest.cold', app, observer, payload, undefined, topic);
        baseline = { seconds: b1.seconds, rowsWritten: b1.rowsWritten };
        expected = await expectedState(observer);
      } finally {
        await app.end();
        await observer.end();
      }
      // Gone before the timed run, so its autovacuum does not run during it.
      await dropDatabase(superUrl, names.b1);
    }

    o.log('B8/B9: the service as a child process, the birth over MQTT, until Canary holds every tag');
    const run = await liveRun(o, superUrl, work, payload, { ...names, topic }, expected);
    return {
      machine: {
        cores: cpus().length,
        memoryBytes: totalmem(),
        postgres: run.postgres,
        node: process.version,
        loadAverage: [loadBefore, loadavg()[0] as number],
      },
      inputs: {
        metrics: o.metrics,
        properties,
        payloadBytes: payload.length,
        seed: o.seed,
        rateLimit: o.rateLimit,
        debounceSeconds: o.debounceSeconds,
        broker: o.brokerUrl ? 'external' : 'in-process',
      },
      baseline,
      e2e: run.e2e,
      ratioToBaseline: baseline ? run.e2e.seconds / baseline.seconds : null,
      memory: run.usage,
      serviceNodeArgs: run.nodeArgs,
      targets: { ratio: 1.3, peakRssBytes: o.metrics > 200_000 ? 2 ** 30 : 512 * 2 ** 20 },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    await server?.stop();
  }
}
