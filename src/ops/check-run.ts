// One `ops check` run as the CLI and the scheduler both do it: select, run, store in check_runs, and
// archive when a directory is given. Storing is best effort: a read-only checking role still gets its
// verdicts, with the reason history is missing.

import { AppError } from '../errors.js';
import type { Cadence, CheckResult } from './check.js';
import type { OpsContext } from './context.js';
import { archiveResults } from './archive.js';
import { ALL_CHECKS, selectChecks } from './registry.js';
import { recordResults, runChecks } from './runner.js';
import { parseThresholdOverrides } from './thresholds.js';

export interface CheckRunSettings {
  /** Every OPS_<CHECK>_WARN / _CRIT variable as given; checked against the registered checks at each run. */
  thresholdEnv: Readonly<Record<string, string>>;
  /** OPS_CHECK_TIMEOUT_SECONDS in ms: the time limit of one check. */
  timeoutMs: number;
}

export interface CheckRunOptions {
  cadence: Cadence | 'all';
  only?: readonly string[];
  archiveDir?: string;
}

export interface CheckRun {
  results: CheckResult[];
  startedAt: Date;
  /** Why the run is not in check_runs, when it is not. */
  notRecorded: string | null;
  archived: string[];
}

export async function runCheckCadence(ctx: OpsContext, o: CheckRunOptions): Promise<CheckRun> {
  const { overrides, problems } = parseThresholdOverrides(
    ctx.settings.run.thresholdEnv,
    ALL_CHECKS.map((c) => c.id),
  );
  if (problems.length) throw new AppError('config_invalid', `invalid check thresholds:\n  ${problems.join('\n  ')}`);
  const checks = selectChecks(o.cadence, o.only);
  const startedAt = ctx.now();
  const results = await runChecks(ctx, checks, { overrides, timeoutMs: ctx.settings.run.timeoutMs });
  let notRecorded: string | null = null;
  await recordResults(ctx.db, results, startedAt).catch((err: unknown) => {
    notRecorded = `results not stored in uns_meta_sync.check_runs: ${(err as Error).message}`;
  });
  const archived: string[] = [];
  if (o.archiveDir) {
    // One archive file per cadence, as the playbook files them.
    for (const cadence of new Set(results.map((r) => r.cadence))) {
      const f = archiveResults(
        o.archiveDir,
        cadence,
        results.filter((r) => r.cadence === cadence),
        startedAt,
      );
      archived.push(f.json, f.md);
    }
  }
  return { results, startedAt, notRecorded, archived };
}
