// `uns-meta ops vacuum|retention|snapshot|doctor`: the playbook's maintenance actions (each logged through
// runAction: check_runs, JSON log, OPS_NOTIFY_WEBHOOK) and the troubleshooting flows. Rules in src/ops/.

import type { Command } from 'commander';
import { runAction } from '../ops/action-log.js';
import { runSnapshot } from '../ops/actions/snapshot.js';
import { pruneRecords } from '../ops/retention.js';
import { fullVacuumWarning, runVacuum, type VacuumStep } from '../ops/actions/vacuum.js';
import { AppError } from '../errors.js';
import { withCommandPool } from './command-pool.js';
import { createContext } from './context.js';
import { registerOpsDoctorCommand } from './ops-doctor-command.js';
import { command } from './outcome.js';
import { actionLogSettings } from './settings.js';

export function registerOpsMaintenanceCommands(ops: Command): void {
  ops
    .command('vacuum')
    .description(
      'weekly: VACUUM (VERBOSE, ANALYZE) metric_properties and metric_versions, ANALYZE VERBOSE devices and metrics; logged as a maintenance action',
    )
    .option(
      '--full',
      'flow C manual intervention: VACUUM (FULL, VERBOSE, ANALYZE) under an ACCESS EXCLUSIVE lock, with OPS_VACUUM_MAINTENANCE_WORK_MEM; needs --yes',
    )
    .option('--yes', 'confirm --full (off-peak window, change approved)')
    .option('--json', 'print the steps as JSON')
    .action(
      command(async (o: { full?: boolean; yes?: boolean; json?: boolean }) => {
        if (o.full && !o.yes) {
          throw new AppError(
            'usage',
            'refusing --full without --yes: VACUUM FULL rewrites metric_properties and metric_versions under an ACCESS EXCLUSIVE lock (ingest, CDC and readers wait until it ends), ' +
              'and tables over 10 GB may only be rebuilt in an off-peak ingestion window (change management); rerun with --full --yes once that is agreed',
          );
        }
        const ctx = createContext();
        const mem = ctx.config.OPS_VACUUM_MAINTENANCE_WORK_MEM;
        const r = await withCommandPool(ctx.config, async (pool) => {
          if (o.full) for (const w of await fullVacuumWarning(pool, mem)) process.stderr.write(`warning: ${w}\n`);
          return runAction(
            { db: pool, actionLog: actionLogSettings(ctx.config), log: ctx.log },
            'vacuum',
            { full: o.full === true },
            () => runVacuum(pool, { full: o.full === true, maintenanceWorkMem: mem }),
          );
        });
        console.log(o.json ? JSON.stringify(r.steps, null, 2) : r.steps.map(stepText).join('\n'));
      }),
    );
  ops
    .command('retention')
    .description(
      'delete quarantine records, check runs and retried/dropped dead letters older than OPS_RETENTION_DAYS (the daily run does this too)',
    )
    .option('--days <n>', 'keep this many days instead of OPS_RETENTION_DAYS')
    .option('--json', 'print the counts as JSON')
    .action(
      command(async (o: { days?: string; json?: boolean }) => {
        const ctx = createContext();
        const days = o.days === undefined ? ctx.config.OPS_RETENTION_DAYS : Number(o.days);
        if (!Number.isInteger(days) || days < 1)
          throw new AppError('usage', '--days must be an integer ≥ 1 (OPS_RETENTION_DAYS=0 keeps records forever)');
        const { result: r } = await withCommandPool(ctx.config, (pool) =>
          runAction(
            { db: pool, actionLog: actionLogSettings(ctx.config), log: ctx.log },
            'retention',
            { days },
            async () => {
              const result = await pruneRecords(pool, days);
              return { result, details: { ...result } };
            },
          ),
        );
        console.log(
          o.json
            ? JSON.stringify(r)
            : `older than ${r.days} days, deleted: ${r.quarantine} quarantine records, ${r.checkRuns} check runs, ${r.deadLetters} dead letters (retried or dropped)`,
        );
      }),
    );
  ops
    .command('snapshot')
    .description(
      'weekly: the Validation SQL kit archived as <dir>/db-checks/YYYY-MM-DD/snapshot.json and .md, compared with the previous snapshot',
    )
    .option('--archive <dir>', 'archive directory (default OPS_ARCHIVE_DIR)')
    .option('--json', 'print the file names and the changes as JSON')
    .action(
      command(async (o: { archive?: string; json?: boolean }) => {
        const ctx = createContext();
        const dir = o.archive ?? ctx.config.OPS_ARCHIVE_DIR;
        if (!dir)
          throw new AppError(
            'usage',
            'ops snapshot needs an archive directory: --archive DIR or OPS_ARCHIVE_DIR (the playbook archives under /var/log/uns-meta)',
          );
        // Most of the check time limit may go to pgstattuple; the kit's catalog queries are quick.
        const budgetMs = ctx.config.OPS_CHECK_TIMEOUT_SECONDS * 800;
        const r = await withCommandPool(ctx.config, (pool) =>
          runAction(
            { db: pool, actionLog: actionLogSettings(ctx.config), log: ctx.log },
            'snapshot',
            { archive: dir },
            () => runSnapshot(pool, { dir, at: new Date(), bloatBudgetMs: budgetMs }),
          ),
        );
        if (o.json)
          console.log(
            JSON.stringify(
              { file: r.file, markdown: r.markdown, comparedWith: r.previous, changes: r.changes },
              null,
              2,
            ),
          );
        else console.log(`snapshot ${r.file}\n${r.text}`);
      }),
    );
  registerOpsDoctorCommand(ops);
}

function stepText(s: VacuumStep): string {
  const mb = (b: number) => `${(b / 1024 ** 2).toFixed(1)} MB`;
  return [
    `${s.statement}: ${(s.durationMs / 1000).toFixed(2)} s, ${mb(s.bytesBefore)} → ${mb(s.bytesAfter)}`,
    ...s.output.map((l) => l.replace(/^/gm, '  ')),
  ].join('\n');
}
