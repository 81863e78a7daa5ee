// `uns-meta ops backup check` (pgbackrest check + info as checks; exit code = worst status, Nagios
// convention) and `uns-meta ops dr-rehearsal` (restore, migrate, smoke test, RTO/RPO; exit 2 when a
// target is missed or the smoke test fails). The work lives in src/ops/backup and src/ops/dr.

import type { Command } from 'commander';
import { createPool } from '../db.js';
import { AppError } from '../errors.js';
import { runBackupCheck } from '../ops/backup/backup-check.js';
import { nagiosCode, worst } from '../ops/check.js';
import { opsContext } from '../ops/context.js';
import { drRehearsal } from '../ops/dr/rehearsal.js';
import { renderRehearsal } from '../ops/dr/rehearsal-report.js';
import { render, type ReportFormat } from '../ops/render.js';
import { withCommandPool } from './command-pool.js';
import { createContext } from './context.js';
import { openDatabase } from './database.js';
import { actionLogSettings, opsSettings, rehearsalSettings } from './settings.js';
import { command } from './outcome.js';
import { NAGIOS } from './exit-codes.js';

const FORMATS: readonly ReportFormat[] = ['table', 'json', 'prometheus', 'nagios'];

export function registerOpsBackupCommands(ops: Command): void {
  const backup = ops.command('backup').description('pgBackRest backups of this database (OPS_PGBACKREST_STANZA)');
  backup
    .command('check')
    .description(
      'pgbackrest check and info, reported as checks; exit code = worst status (0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN)',
    )
    .option('--format <f>', FORMATS.join('|'), 'table')
    .action(
      command(async (o: { format: string }) => {
        if (!FORMATS.includes(o.format as ReportFormat))
          throw new AppError('usage', `--format must be one of ${FORMATS.join(', ')}`);
        const ctx = createContext();
        const run = await withCommandPool(ctx.config, (pool) =>
          runBackupCheck(opsContext(pool, opsSettings(ctx.config))),
        );
        console.log(render(run.results, o.format as ReportFormat, { colour: process.stdout.isTTY }));
        if (run.notRecorded) process.stderr.write(`uns-meta: ${run.notRecorded}\n`);
        return nagiosCode(worst(run.results.map((r) => r.status)));
      }),
    );
  ops
    .command('dr-rehearsal')
    .description(
      'restore the newest backup (pgBackRest; else a logical copy) into a scratch PostgreSQL, migrate, smoke-test, report RTO/RPO against the targets, tear down',
    )
    .option('--pitr <time>', 'recover to this point in time instead of the end of the archived WAL (pgBackRest only)')
    .option('--json', 'print the report as JSON')
    .action(
      command(async (o: { pitr?: string; json?: boolean }) => {
        const ctx = createContext();
        const db = await openDatabase(ctx.config);
        // The action log goes through the configured connection; the copy reads with the admin one when given.
        const pool = createPool(db.url, { max: 2 });
        try {
          const report = await drRehearsal(
            {
              db: pool,
              actionLog: actionLogSettings(ctx.config),
              rehearsal: rehearsalSettings(ctx.config),
              log: ctx.log,
              sourceUrl: db.adminUrl ?? db.url,
            },
            { pitr: o.pitr },
          );
          console.log(o.json ? JSON.stringify(report, null, 2) : renderRehearsal(report));
          return report.status === 'OK' ? NAGIOS.ok : NAGIOS.critical;
        } finally {
          await pool.end();
          await db.close();
        }
      }),
    );
}
