// Per-test-file databases cloned from the migrated template (fast, isolated, parallel-safe).
// A database whose tests failed is kept and its name printed, so it can be inspected.

import { inject, afterAll } from 'vitest';
import pg from 'pg';
import { createPool, type Pool } from '../../src/db.js';
import { withDatabase } from '../../src/store/bootstrap.js';

export interface TestDatabase {
  name: string;
  /** Superuser URL of the clone (migrations, stats, inspection). */
  superUrl: string;
  /** URL as role uns_meta_app (what the service uses). */
  appUrl: string;
  urlAs(role: string): string;
  /** A pool as superuser, closed after the file. */
  pool: Pool;
}

export async function cloneDatabase(label: string): Promise<TestDatabase> {
  const superUrl = inject('superUrl');
  const name = `t_${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_${process.pid}_${Date.now() % 100000}`;
  const admin = new pg.Client({ connectionString: superUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE uns_meta_template OWNER uns_meta_admin`);
  await admin.end();
  const dbUrl = withDatabase(superUrl, name);
  const urlAs = (role: string) => {
    const u = new URL(dbUrl);
    u.username = role;
    u.password = '';
    return u.toString();
  };
  const pool = createPool(dbUrl, { max: 4 });
  afterAll(async (suite) => {
    await pool.end();
    if (anyFailed((suite as { tasks?: TaskLike[] }).tasks ?? [])) {
      console.error(`kept database ${name} of failed tests: ${dbUrl}`);
      return;
    }
    const a = new pg.Client({ connectionString: superUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  });
  return { name, superUrl: dbUrl, appUrl: urlAs('uns_meta_app'), urlAs, pool };
}

interface TaskLike {
  result?: { state?: string };
  tasks?: TaskLike[];
}

function anyFailed(tasks: readonly TaskLike[]): boolean {
  return tasks.some((t) => t.result?.state === 'fail' || anyFailed(t.tasks ?? []));
}
