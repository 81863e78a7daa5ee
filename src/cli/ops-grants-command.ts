// `uns-meta ops grants [--fix] [--json]`: the grants drift report; --fix PRINTS the SQL that restores the
// baseline (logged as the action grants-fix) and never runs it: an operator reviews it and applies it
// with psql as admin. Exit code as the check grants.drift: 0 no drift, 2 drift (--fix too: it changed nothing).

import type { Command } from 'commander';
import { runAction } from '../ops/action-log.js';
import { compareGrants } from '../ops/grants/check.js';
import type { GrantDrift } from '../ops/grants/diff.js';
import { comment, fixSql } from '../ops/grants/fix.js';
import { withCommandPool } from './command-pool.js';
import { createContext } from './context.js';
import { command } from './outcome.js';
import { actionLogSettings, opsSettings } from './settings.js';
import { NAGIOS } from './exit-codes.js';

interface GrantsOptions {
  fix?: boolean;
  json?: boolean;
}

export function registerOpsGrantsCommands(ops: Command): void {
  ops
    .command('grants')
    .description(
      'grants drift vs database/grants-baseline.json (OPS_GRANTS_BASELINE); exit 0 none, 2 drift. --fix prints the SQL that restores the baseline, to review and run with psql -1 as admin; it executes nothing',
    )
    .option(
      '--fix',
      'print the GRANT/REVOKE/ALTER statements that restore the baseline (the drift report goes to stderr)',
    )
    .option('--json', 'print JSON: { baseline, differences } (with --fix also { sql })')
    .action(
      command(async (o: GrantsOptions) => {
        const ctx = createContext();
        const out = await withCommandPool(ctx.config, async (pool) => {
          const comparison = await compareGrants(pool, opsSettings(ctx.config).grants);
          if (!o.fix) return { ...comparison, sql: null };
          const params = { baseline: comparison.baseline, differences: comparison.drift.length };
          const fixed = await runAction(
            { db: pool, actionLog: actionLogSettings(ctx.config), log: ctx.log },
            'grants-fix',
            params,
            async () => {
              const sql = fixSql(comparison.drift);
              // The statements go to the log too: the change record shows what was proposed, not only that.
              return { sql, details: { statements: sql.filter((l) => !l.startsWith('--')) } };
            },
          );
          return { ...comparison, sql: fixed.sql };
        });
        if (o.json)
          console.log(
            JSON.stringify(
              { baseline: out.baseline, differences: out.drift, ...(out.sql ? { sql: out.sql.join('\n') } : {}) },
              null,
              2,
            ),
          );
        else if (out.sql) {
          process.stderr.write(report(out.baseline, out.drift) + '\n');
          console.log(script(out.baseline, out.drift, out.sql));
        } else console.log(report(out.baseline, out.drift));
        return out.drift.length ? NAGIOS.critical : NAGIOS.ok;
      }),
    );
}

function report(baseline: string, drift: readonly GrantDrift[]): string {
  if (drift.length === 0) return `grants.drift OK: the database matches ${baseline}`;
  const show = (v: unknown) =>
    Array.isArray(v)
      ? `[${v.join(', ')}]`
      : v === null
        ? '(none)'
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);
  const rows = drift.map((d) => [d.kind, d.object, d.role, show(d.expected), show(d.actual)]);
  const head = ['kind', 'object', 'role', 'expected', 'actual'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ');
  return [`grants.drift CRIT: ${drift.length} difference(s) from ${baseline}`, line(head), ...rows.map(line)].join(
    '\n',
  );
}

function script(baseline: string, drift: readonly GrantDrift[], sql: readonly string[]): string {
  if (drift.length === 0) return comment(`-- no grants drift from ${baseline}: nothing to do`);
  return [
    comment(`-- uns-meta ops grants --fix: restores ${baseline} (${drift.length} difference(s)).`),
    '-- Review, then run as a superuser in ONE transaction: psql -1 -v ON_ERROR_STOP=1 -f <this file>',
    '-- and confirm with: uns-meta ops grants',
    ...sql,
  ].join('\n');
}
