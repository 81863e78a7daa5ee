// `uns-meta migrate up | down | status [--to N] [--dry-run]`.

import type { Command } from 'commander';
import { connect } from '../db.js';
import { AppError } from '../errors.js';
import { migrateDown, migrateUp, migrationStatus, type MigrateResult } from '../store/migrate.js';
import { createContext } from './context.js';
import { openDatabase } from './database.js';
import { command } from './outcome.js';
import { EXIT } from './exit-codes.js';

function parseTo(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new AppError('usage', `--to takes a migration number, got "${v}"`);
  return Number(v);
}

async function withMigrationClient<T>(
  url: string | undefined,
  fn: (c: Awaited<ReturnType<typeof connect>>) => Promise<T>,
): Promise<T> {
  const ctx = createContext();
  const target = url ? null : await openDatabase(ctx.config);
  const client = await connect(url ?? target?.adminUrl ?? (target?.url as string), 'uns-meta migrate');
  try {
    return await fn(client);
  } finally {
    await client.end();
    await target?.close();
  }
}

function report(r: MigrateResult): void {
  const verb = r.dryRun ? 'would ' : '';
  if (r.steps.length === 0) console.log(`nothing to ${r.direction === 'up' ? 'apply' : 'revert'}`);
  for (const s of r.steps)
    console.log(`${verb}${r.direction === 'up' ? 'apply' : 'revert'} ${String(s.version).padStart(4, '0')}_${s.name}`);
}

export function registerMigrateCommand(program: Command): void {
  const migrate = program.command('migrate').description('apply or revert database/migrations under an advisory lock');
  const common = (c: Command) =>
    c
      .option('--to <n>', 'target migration number')
      .option('--dry-run', 'show the plan, change nothing')
      .option('--url <url>', 'connection (default: the admin connection)');

  common(migrate.command('up').description('apply pending migrations (up to --to)')).action(
    command(async (o: { to?: string; dryRun?: boolean; url?: string }) => {
      report(await withMigrationClient(o.url, (c) => migrateUp(c, { to: parseTo(o.to), dryRun: o.dryRun })));
    }),
  );
  common(migrate.command('down').description('revert the newest migration, or all above --to')).action(
    command(async (o: { to?: string; dryRun?: boolean; url?: string }) => {
      report(await withMigrationClient(o.url, (c) => migrateDown(c, { to: parseTo(o.to), dryRun: o.dryRun })));
    }),
  );
  migrate
    .command('status')
    .description('list migrations and whether each is applied')
    .option('--url <url>', 'connection')
    .action(
      command(async (o: { url?: string }) => {
        const rows = await withMigrationClient(o.url, (c) => migrationStatus(c));
        for (const r of rows)
          console.log(
            `${String(r.version).padStart(4, '0')}_${r.name}\t${r.state}\t${r.applied_at?.toISOString() ?? ''}`,
          );
        return rows.some((r) => r.state === 'changed' || r.state === 'missing_file') ? EXIT.error : EXIT.ok;
      }),
    );
}
