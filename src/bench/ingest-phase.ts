// One timed birth of the ingest benchmarks (B1–B5): bytes → intake → birth writer on a prepared database,
// with the rows it wrote read from pg_stat_user_tables; and the databases those phases run on.

import { connect, createPool, type Pool } from '../db.js';
import { AppError } from '../errors.js';
import { intakeBirth } from '../ingest/intake.js';
import { applyBirth, type BirthOutcome } from '../store/birth-writer.js';
import { bootstrap, withDatabase } from '../store/bootstrap.js';
import { PerformanceObserver } from 'node:perf_hooks';
import { rowsByTable, type RowCounts } from './stats.js';

export const TOPIC = 'spBv1.0/Secil/DBIRTH/Portugal/Cement';

export interface PhaseResult {
  id: string;
  seconds: number;
  rowsWritten: number;
  rowsByTable: RowCounts;
  expectedRows?: number;
  /** CPU of this process during the phase (user + system) and the part V8's garbage collector paused it. */
  nodeCpuSeconds: number;
  gcSeconds: number;
  outcome: Pick<BirthOutcome, 'status' | 'metrics' | 'propertiesWritten' | 'versions' | 'quarantined'> & {
    identical: boolean;
    declared: number | null;
  };
}

/** The same database as the application role (what the service writes as). */
export function appRoleUrl(url: string): string {
  const u = new URL(url);
  u.username = 'uns_meta_app';
  return u.toString();
}

/** Drops and re-creates a bootstrapped, migrated database. */
export async function recreate(superUrl: string, database: string): Promise<void> {
  const c = await connect(superUrl);
  await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(database)} WITH (FORCE)`);
  await c.end();
  await bootstrap(superUrl, { database });
}

/**
 * Applies `payloads` in order to a scratch database, untimed: the cluster creates its WAL segment files,
 * and the process compiles the writer's code paths those births take (a running service has long done both).
 */
export async function warmUp(superUrl: string, payloads: Buffer[], database = 'bench_warmup'): Promise<void> {
  await recreate(superUrl, database);
  const pool = createPool(withDatabase(superUrl, database), { max: 1 });
  try {
    for (const payload of payloads) await phase('warm-up', pool, pool, payload);
  } finally {
    await pool.end();
  }
  const c = await connect(superUrl);
  await c.query(`DROP DATABASE ${c.escapeIdentifier(database)} WITH (FORCE)`);
  await c.end();
}

export async function phase(
  id: string,
  app: Pool,
  observer: Pool,
  payload: Buffer,
  expectedRows?: number,
  topic = TOPIC,
): Promise<PhaseResult> {
  // Each phase starts from a clean checkpoint, so none pays for the WAL of the one before, and with
  // fresh planner statistics, as autovacuum keeps them between two births of a device in production
  // (the one before may have written 800k rows a second ago).
  await observer.query('ANALYZE');
  await observer.query('CHECKPOINT');
  const before = await rowsByTable(observer);
  const gc = gcPauses();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const intake = intakeBirth(topic, payload, 'protobuf', { maxPayloadBytes: 1 << 30, maxInflatedBytes: 1 << 30 });
  if (!intake.ok) throw new AppError('bench_failed', `${id}: generated payload rejected: ${intake.reason}`);
  const outcome = await applyBirth(app, intake.birth, {
    changedBy: 'bench',
    renameByFingerprint: true,
    quarantinePayloadMaxBytes: 1 << 20,
    flushStats: true,
  });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const gcSeconds = await gc.stop();
  if (outcome.status !== 'applied')
    throw new AppError('bench_failed', `${id}: birth ${outcome.status}: ${outcome.reason}`);
  const after = await rowsByTable(observer);
  const byTable: RowCounts = {};
  for (const [t, n] of Object.entries(after)) if (n !== (before[t] ?? 0)) byTable[t] = n - (before[t] ?? 0);
  const total = Object.values(byTable).reduce((a, b) => a + b, 0);
  const { status, metrics, propertiesWritten, versions, quarantined } = outcome;
  const identical = outcome.identical === true;
  const declared = outcome.declared ?? null;
  return {
    id,
    seconds,
    rowsWritten: total,
    rowsByTable: byTable,
    expectedRows,
    nodeCpuSeconds: (used.user + used.system) / 1e6,
    gcSeconds,
    outcome: { status, metrics, propertiesWritten, versions, quarantined, identical, declared },
  };
}

/** Sums the garbage collector's pauses from now until stop(). */
function gcPauses(): { stop(): Promise<number> } {
  let ms = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) ms += e.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    async stop() {
      // Entries arrive on a later turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      observer.disconnect();
      return ms / 1000;
    },
  };
}
