// `uns-meta db bootstrap | url | grants-baseline`.

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { maskUrl } from '../config.js';
import { connect } from '../db.js';
import { AppError } from '../errors.js';
import { packagePath } from '../package-root.js';
import { bootstrap } from '../store/bootstrap.js';
import { readGrants } from '../ops/grants/current.js';
import { createContext } from './context.js';
import { configuredUrl, openDatabase } from './database.js';
import { command } from './outcome.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('the database: bootstrap, where it is, grants baseline');

  db.command('bootstrap')
    .description(
      'create database uns_metadata, the four roles, grants, pgstattuple, then migrate (needs a superuser URL)',
    )
    .option('--admin-url <url>', 'superuser connection (default DATABASE_ADMIN_URL)')
    .option('--database <name>', 'database to create', 'uns_metadata')
    .action(
      command(async (o: { adminUrl?: string; database: string }) => {
        const ctx = createContext();
        const adminUrl = o.adminUrl ?? ctx.config.DATABASE_ADMIN_URL;
        if (!adminUrl)
          throw new AppError('usage', 'db bootstrap needs --admin-url or DATABASE_ADMIN_URL (a superuser connection)');
        const r = await bootstrap(adminUrl, { database: o.database });
        console.log(
          `database ${r.database}: ${r.createdDatabase ? 'created' : 'exists'}; roles created: ${r.createdRoles.join(', ') || 'none'}; migrations applied: ${r.migrations.steps.map((s) => s.version).join(', ') || 'none'}`,
        );
      }),
    );

  db.command('url')
    .description('print the URL of the database in use')
    .option('--show-password', 'print the password instead of ****')
    .action(
      command((o: { showPassword?: boolean }) => {
        const ctx = createContext();
        const { url, embedded } = configuredUrl(ctx.config);
        console.log(o.showPassword ? url : maskUrl(url));
        if (embedded)
          process.stderr.write(
            `(embedded PostgreSQL 16, data in ${ctx.config.EMBEDDED_PG_DIR}; running while uns-meta runs)\n`,
          );
      }),
    );

  db.command('grants-baseline')
    .description('print the grants of the four roles as JSON; --write stores database/grants-baseline.json')
    .option('--write', 'write database/grants-baseline.json')
    .action(
      command(async (o: { write?: boolean }) => {
        const ctx = createContext();
        const target = await openDatabase(ctx.config);
        try {
          const client = await connect(target.adminUrl ?? target.url);
          const grants = await readGrants(client).finally(() => client.end());
          const text = JSON.stringify(grants, null, 2) + '\n';
          if (o.write) {
            writeFileSync(packagePath('database', 'grants-baseline.json'), text);
            console.log(`wrote ${packagePath('database', 'grants-baseline.json')}`);
          } else process.stdout.write(text);
        } finally {
          await target.close();
        }
      }),
    );
}
