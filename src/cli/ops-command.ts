// `uns-meta ops …`: the maintenance playbook as commands. `ops check` runs the checks and exits with the
// worst status in Nagios convention (0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN). The rules live in src/ops/.

import type { Command } from 'commander';
import { CADENCES, nagiosCode, worst, type Cadence } from '../ops/check.js';
import { runCheckCadence } from '../ops/check-run.js';
import { opsContext } from '../ops/context.js';
import { ALL_CHECKS } from '../ops/registry.js';
import { render, type ReportFormat } from '../ops/render.js';
import { envKey } from '../ops/thresholds.js';
import { AppError } from '../errors.js';
import { withCommandPool } from './command-pool.js';
import { createContext } from './context.js';
import { registerOpsMaintenanceCommands } from './ops-maintenance-command.js';
import { registerOpsGrantsCommands } from './ops-grants-command.js';
import { registerOpsBackupCommands } from './ops-backup-command.js';
import { registerOpsTlsCommands } from './ops-tls-command.js';
import { command } from './outcome.js';
import { opsSettings } from './settings.js';

interface CheckOptions {
  cadence: string;
  only?: string;
  format: string;
  archive?: string;
  list?: boolean;
}

const FORMATS: readonly ReportFormat[] = ['table', 'json', 'prometheus', 'nagios'];

export function registerOpsCommands(program: Command): Command {
  const ops = program
    .command('ops')
    .description(
      'the database maintenance playbook: checks, vacuum, snapshot, grants, TLS, backups, DR rehearsal, doctor',
    );
  ops
    .command('check')
    .description('run the playbook checks; exit code = worst status (Nagios: 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN)')
    .option('--cadence <c>', `${CADENCES.join('|')}|all`, 'all')
    .option('--only <ids>', 'comma-separated check ids')
    .option('--format <f>', FORMATS.join('|'), 'table')
    .option('--archive <dir>', 'also write <dir>/db-checks/YYYY-MM-DD/<cadence>.json and .md (default OPS_ARCHIVE_DIR)')
    .option('--list', 'list the checks with their default thresholds and override variables, run nothing')
    .action(
      command(async (o: CheckOptions) => {
        if (o.list) return void console.log(listChecks());
        const cadence = o.cadence as Cadence | 'all';
        if (cadence !== 'all' && !CADENCES.includes(cadence))
          throw new AppError('usage', `--cadence must be one of ${CADENCES.join(', ')}, all`);
        if (!FORMATS.includes(o.format as ReportFormat))
          throw new AppError('usage', `--format must be one of ${FORMATS.join(', ')}`);
        const ctx = createContext();
        const only = o.only
          ? o.only
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : [];
        const run = await withCommandPool(ctx.config, (pool) =>
          runCheckCadence(opsContext(pool, opsSettings(ctx.config)), {
            cadence,
            only,
            archiveDir: o.archive ?? ctx.config.OPS_ARCHIVE_DIR,
          }),
        );
        console.log(render(run.results, o.format as ReportFormat, { colour: process.stdout.isTTY }));
        if (run.notRecorded) process.stderr.write(`uns-meta: ${run.notRecorded}\n`);
        for (const f of run.archived) process.stderr.write(`archived ${f}\n`);
        return nagiosCode(worst(run.results.map((r) => r.status)));
      }),
    );
  registerOpsMaintenanceCommands(ops);
  registerOpsGrantsCommands(ops);
  registerOpsBackupCommands(ops);
  registerOpsTlsCommands(ops);
  return ops;
}

function listChecks(): string {
  return ALL_CHECKS.map(
    (c) =>
      `${c.cadence.padEnd(9)} ${c.id.padEnd(22)} warn ${c.thresholds.warn ?? '-'} ${envKey(c.id, 'WARN')}, crit ${c.thresholds.crit ?? '-'} ${envKey(c.id, 'CRIT')} (${c.unit || 'no unit'})  ${c.title}`,
  ).join('\n');
}
