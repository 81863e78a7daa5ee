// Benchmark B7 of spec/performance.md: `ops check --cadence daily` on the B1 database (a generated
// 98,332-metric DBIRTH applied by the birth writer into a fresh PostgreSQL 16), with the duration of each
// check. Baseline in the same run: the same number of round trips, each a trivial `SELECT 1`.

import { cpus, totalmem } from 'node:os';
import { createPool, type Pool } from '../db.js';
import { startThrowawayPostgres } from '../embedded/throwaway.js';
import { AppError } from '../errors.js';
import { intakeBirth } from '../ingest/intake.js';
import { runCheckCadence } from '../ops/check-run.js';
import { opsContext, type OpsSettings } from '../ops/context.js';
import { encodePayload } from '../sparkplug/encoder.js';
import { applyBirth } from '../store/birth-writer.js';
import { withDatabase } from '../store/bootstrap.js';
import { generateMetrics } from './generate.js';
import { recreate } from './ingest-phase.js';

const DB = 'bench_ops';
const TARGET_SECONDS = 10;

export interface OpsBenchOptions {
  metrics: number;
  seed: number;
  /** Timed runs of the daily cadence (after one untimed run that gives db.stats its baseline). */
  runs: number;
  adminUrl?: string;
  /** The checks' settings for an environment of its own, as `uns-meta` reads one (the CLI maps them). */
  opsSettingsFor: (env: Record<string, string>) => OpsSettings;
  log: (line: string) => void;
}

export interface OpsBenchReport {
  machine: { cores: number; memoryBytes: number; postgres: string; node: string };
  inputs: { metrics: number; properties: number; databaseBytes: number; seed: number; runs: number };
  daily: {
    seconds: number[];
    medianSeconds: number;
    queries: number;
    targetSeconds: number;
    met: boolean;
    checks: Array<{ id: string; status: string; ms: number }>;
  };
  baseline: { queries: number; seconds: number };
  ratioToBaseline: number;
}

export async function runOpsBench(o: OpsBenchOptions): Promise<OpsBenchReport> {
  const server = o.adminUrl ? null : await startThrowawayPostgres();
  const superUrl = o.adminUrl ?? (server?.superUrl as string);
  const url = withDatabase(superUrl, DB);
  // Unique per process: the server may be shared (tests), and slots are cluster-wide.
  const slot = `bench_ops_${process.pid}`;
  try {
    o.log(`preparing database ${DB}; B1 input: a DBIRTH of ${o.metrics} metrics (seed ${o.seed})`);
    await recreate(superUrl, DB);
    const metrics = generateMetrics(o.metrics, o.seed);
    const properties = metrics.reduce((n, m) => n + Object.keys(m.properties).length, 0);
    const intake = intakeBirth(
      'spBv1.0/Secil/DBIRTH/Portugal/Cement',
      encodePayload({ timestamp: 1756392554816n, seq: 0n, metrics }),
      'protobuf',
      { maxPayloadBytes: 1 << 30, maxInflatedBytes: 1 << 30 },
    );
    if (!intake.ok) throw new AppError('bench_failed', `generated payload rejected: ${intake.reason}`);
    const admin = createPool(url, { max: 1 });
    try {
      o.log('applying the birth (B1 database)');
      const outcome = await applyBirth(admin, intake.birth, {
        changedBy: 'bench',
        renameByFingerprint: true,
        quarantinePayloadMaxBytes: 1 << 20,
      });
      if (outcome.status !== 'applied')
        throw new AppError('bench_failed', `birth ${outcome.status}: ${outcome.reason}`);
      // The service's CDC slot exists on a live system, so cdc.slot_lag measures a real one.
      await admin.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [slot]);
      // As db.stats recommends, so it judges I/O wait instead of reporting UNKNOWN (sessions opened later).
      await admin.query(`ALTER DATABASE ${DB} SET track_io_timing = on`);
      const settings = o.opsSettingsFor({ DATABASE_URL: url, CDC_SLOT: slot });

      o.log('untimed daily run (db.stats baseline, warm catalog)');
      await daily(url, settings);
      const seconds: number[] = [];
      let checks: OpsBenchReport['daily']['checks'] = [];
      let queries = 0;
      for (let i = 0; i < o.runs; i++) {
        o.log(`timed daily run ${i + 1}/${o.runs}`);
        const r = await daily(url, settings);
        seconds.push(r.seconds);
        queries = r.queries;
        checks = r.checks.map((c, k) => ({ ...c, ms: Math.max(c.ms, checks[k]?.ms ?? 0) }));
      }
      o.log(`baseline: ${queries} × SELECT 1`);
      const baseline = await selectOnes(url, queries);
      const info = await admin.query<{ v: string; bytes: number }>(
        `SELECT current_setting('server_version') AS v, pg_database_size(current_database())::float8 AS bytes`,
      );
      const median = [...seconds].sort((a, b) => a - b)[Math.floor(seconds.length / 2)] as number;
      return {
        machine: {
          cores: cpus().length,
          memoryBytes: totalmem(),
          postgres: info.rows[0]?.v ?? '?',
          node: process.version,
        },
        inputs: {
          metrics: metrics.length,
          properties,
          databaseBytes: info.rows[0]?.bytes ?? 0,
          seed: o.seed,
          runs: o.runs,
        },
        daily: {
          seconds,
          medianSeconds: median,
          queries,
          targetSeconds: TARGET_SECONDS,
          met: Math.max(...seconds) <= TARGET_SECONDS,
          checks,
        },
        baseline,
        ratioToBaseline: median / baseline.seconds,
      };
    } finally {
      await admin
        .query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [slot])
        .catch(() => undefined);
      await admin.end();
    }
  } finally {
    await server?.stop();
  }
}

/** One `ops check --cadence daily` as the CLI runs it: its own small pool, opened and closed. */
async function daily(
  url: string,
  settings: OpsSettings,
): Promise<{ seconds: number; queries: number; checks: OpsBenchReport['daily']['checks'] }> {
  const started = performance.now();
  const { pool, queries } = counting(createPool(url, { max: 2 }));
  let run: Awaited<ReturnType<typeof runCheckCadence>>;
  try {
    run = await runCheckCadence(opsContext(pool, settings), { cadence: 'daily' });
  } finally {
    await pool.end();
  }
  const seconds = (performance.now() - started) / 1000;
  if (run.notRecorded) throw new AppError('bench_failed', run.notRecorded);
  return {
    seconds,
    queries: queries(),
    checks: run.results.map((r) => ({ id: r.id, status: r.status, ms: r.durationMs })),
  };
}

async function selectOnes(url: string, n: number): Promise<OpsBenchReport['baseline']> {
  const started = performance.now();
  const pool = createPool(url, { max: 2 });
  try {
    for (let i = 0; i < n; i++) await pool.query('SELECT 1');
  } finally {
    await pool.end();
  }
  return { queries: n, seconds: (performance.now() - started) / 1000 };
}

/** Counts the round trips of a pool: every query of each of its connections (pool.query included). */
function counting(pool: Pool): { pool: Pool; queries: () => number } {
  let n = 0;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...a: unknown[]) => unknown;
    Object.assign(client, { query: (...a: unknown[]) => (n++, query(...a)) });
  });
  return { pool, queries: () => n };
}

export function renderOpsBench(r: OpsBenchReport): string {
  const f = (x: number) => x.toFixed(3);
  return [
    `machine: ${r.machine.cores} cores, ${(r.machine.memoryBytes / 2 ** 30).toFixed(0)} GiB, PostgreSQL ${r.machine.postgres}, Node ${r.machine.node}`,
    `input (B1 database): ${r.inputs.metrics} metrics, ${r.inputs.properties} properties, database ${(r.inputs.databaseBytes / 2 ** 20).toFixed(0)} MiB, seed ${r.inputs.seed}`,
    '',
    'check                   status    ms (slowest of the timed runs)',
    ...r.daily.checks.map((c) => `${c.id.padEnd(22)}  ${c.status.padEnd(8)}  ${String(c.ms).padStart(6)}`),
    '',
    `B7 ops.daily: ${r.daily.seconds.map(f).join(', ')} s (median ${f(r.daily.medianSeconds)} s, ${r.daily.queries} queries); target ≤ ${r.daily.targetSeconds} s: ${r.daily.met ? 'met' : 'NOT met'}`,
    `baseline: ${r.baseline.queries} × SELECT 1 = ${f(r.baseline.seconds)} s; B7 / baseline = ${f(r.ratioToBaseline)}`,
  ].join('\n');
}
