// `ops backup check`: the playbook's integrity validation — `pgbackrest check` (archive_command works,
// repository reachable) and `pgbackrest info` (backup.last) — run and stored as checks. Not scheduled:
// `pgbackrest check` forces a WAL switch, which is the operator's call.

import { AppError } from '../../errors.js';
import type { CheckResult } from '../check.js';
import type { OpsContext } from '../context.js';
import { backupLast } from '../checks/backup.js';
import { ALL_CHECKS } from '../registry.js';
import { recordResults, runChecks, type OpsCheck } from '../runner.js';
import { parseThresholdOverrides } from '../thresholds.js';
import { INSTALL_HINT, isPgBackRestMissing, pgBackRestCheck, pgBackRestFrom } from './pgbackrest.js';

export const backupToolCheck: OpsCheck = {
  id: 'backup.check',
  title: 'pgbackrest check (WAL archiving reaches the repository)',
  cadence: 'daily',
  unit: 'seconds',
  thresholds: { warn: null, crit: null },
  remedy:
    'Backup and Recovery Notes: fix what pgbackrest check reports (archive_command, repository path and permissions, stanza-create)',
  run: async (ctx) => {
    const p = pgBackRestFrom(ctx.settings.backup);
    if (!p) return { status: 'SKIP', remedy: 'no pgBackRest stanza configured: set OPS_PGBACKREST_STANZA' };
    try {
      const r = await pgBackRestCheck(p);
      return { status: 'OK', value: r.ms / 1000, evidence: { stanza: p.stanza } };
    } catch (err) {
      if (isPgBackRestMissing(err))
        return { status: 'UNKNOWN', evidence: { error: (err as Error).message }, remedy: INSTALL_HINT };
      if (err instanceof AppError && err.details.tool === 'pgbackrest')
        return { status: 'CRIT', evidence: { stanza: p.stanza, error: err.message } };
      throw err;
    }
  },
};

export async function runBackupCheck(ctx: OpsContext): Promise<{ results: CheckResult[]; notRecorded: string | null }> {
  const ids = [...ALL_CHECKS.map((c) => c.id), backupToolCheck.id];
  const { overrides, problems } = parseThresholdOverrides(ctx.settings.run.thresholdEnv, ids);
  if (problems.length) throw new AppError('config_invalid', `invalid check thresholds:\n  ${problems.join('\n  ')}`);
  const startedAt = ctx.now();
  // The check has its own time limit (pgbackrest waits up to archive-timeout for the WAL switch).
  const results = await runChecks(ctx, [backupToolCheck, backupLast], {
    overrides,
    timeoutMs: Math.max(ctx.settings.run.timeoutMs, 300_000),
  });
  let notRecorded: string | null = null;
  await recordResults(ctx.db, results, startedAt).catch((err: unknown) => {
    notRecorded = `results not stored in uns_meta_sync.check_runs: ${(err as Error).message}`;
  });
  return { results, notRecorded };
}
