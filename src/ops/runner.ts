// Runs checks one after another, each under a time limit, and turns every failure into a result: a
// missing privilege, extension or tool is UNKNOWN with what to grant or install — never a silent OK
// and never a crash of the run. Results are stored in uns_meta_sync.check_runs (trends need history).

import type { Queryable } from '../db.js';
import type { CheckDefinition, CheckResult, Measurement, Thresholds } from './check.js';
import type { OpsContext } from './context.js';
import { thresholdsFor, type ThresholdOverrides } from './thresholds.js';
import { SQLSTATE } from '../errors.js';

export interface RunOptions {
  overrides: ThresholdOverrides;
  timeoutMs: number;
}

export type OpsCheck = CheckDefinition<OpsContext>;

export async function runChecks(ctx: OpsContext, checks: readonly OpsCheck[], o: RunOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) results.push(await runOne(ctx, check, o));
  return results;
}

async function runOne(ctx: OpsContext, check: OpsCheck, o: RunOptions): Promise<CheckResult> {
  const t = thresholdsFor(check.id, check.thresholds, o.overrides);
  const started = performance.now();
  let m: Measurement;
  try {
    m = await withTimeout(check.run(ctx, t), o.timeoutMs, check.id);
  } catch (err) {
    m = failure(err);
  }
  return {
    id: check.id,
    title: check.title,
    cadence: check.cadence,
    status: m.status,
    value: m.value ?? null,
    unit: check.unit,
    warn: t.warn,
    crit: t.crit,
    evidence: m.evidence ?? {},
    remedy: m.remedy ?? check.remedy,
    durationMs: Math.round(performance.now() - started),
  };
}

/** A check that threw: UNKNOWN, saying what is missing when PostgreSQL said so. */
export function failure(err: unknown): Measurement {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  if (e.code === SQLSTATE.insufficient_privilege)
    return {
      status: 'UNKNOWN',
      evidence: { error: message },
      remedy: `the checking role lacks a privilege (${message}); grant it, e.g. GRANT pg_monitor TO <role>`,
    };
  if (e.code === SQLSTATE.undefined_function || e.code === SQLSTATE.undefined_file)
    return {
      status: 'UNKNOWN',
      evidence: { error: message },
      remedy: `a function or extension is missing (${message}); install it, e.g. CREATE EXTENSION pgstattuple`,
    };
  return { status: 'UNKNOWN', evidence: { error: message }, remedy: `the check could not run: ${message}` };
}

async function withTimeout<T>(p: Promise<T>, ms: number, id: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${id} took longer than ${ms / 1000} s (OPS_CHECK_TIMEOUT_SECONDS)`)),
      ms,
    );
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One row per result; the thresholds, unit and remedy go with the evidence so history reads alone. */
export async function recordResults(db: Queryable, results: readonly CheckResult[], startedAt: Date): Promise<void> {
  if (results.length === 0) return;
  await db.query(
    `INSERT INTO uns_meta_sync.check_runs (check_id, cadence, status, value, evidence, started_at, duration_ms)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::jsonb[], $6::timestamptz[], $7::int[])`,
    [
      results.map((r) => r.id),
      results.map((r) => r.cadence),
      results.map((r) => r.status),
      results.map((r) => (r.value !== null && Number.isFinite(r.value) ? r.value : null)),
      results.map((r) =>
        JSON.stringify({
          ...r.evidence,
          _title: r.title,
          _unit: r.unit,
          _warn: r.warn,
          _crit: r.crit,
          _remedy: r.remedy,
        }),
      ),
      results.map(() => startedAt),
      results.map((r) => r.durationMs),
    ],
  );
}

export type { Thresholds };
