// The migration runner: plain SQL files in database/migrations applied in order, one transaction each,
// with a sha256 ledger and a session advisory lock so two runners never race.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { AppError } from '../errors.js';
import { packagePath } from '../package-root.js';

export interface Migration {
  version: number;
  name: string;
  up: string;
  down: string;
  checksum: string;
}

export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
  applied_at: Date;
  applied_by: string;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.(up|down)\.sql$/;
const LOCK_KEY = 'uns_meta.migrate';

export function migrationsDir(): string {
  return packagePath('database', 'migrations');
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
  const byVersion = new Map<number, Partial<Migration>>();
  for (const file of readdirSync(dir)) {
    const m = FILE.exec(file);
    if (!m) {
      if (file.endsWith('.sql'))
        throw new AppError(
          'migration_invalid',
          `unexpected file ${file} in ${dir}: name it NNNN_name.up.sql / .down.sql`,
        );
      continue;
    }
    const [, v, name, dirn] = m as unknown as [string, string, string, 'up' | 'down'];
    const entry = byVersion.get(Number(v)) ?? { version: Number(v), name };
    if (entry.name !== name)
      throw new AppError('migration_invalid', `migration ${v} has two names: ${entry.name} and ${name}`);
    entry[dirn] = readFileSync(join(dir, file), 'utf8');
    byVersion.set(Number(v), entry);
  }
  const list = [...byVersion.values()].sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
  return list.map((m) => {
    if (m.up === undefined || m.down === undefined) {
      throw new AppError(
        'migration_missing',
        `migration ${m.version}_${m.name} needs both an .up.sql and a .down.sql file`,
      );
    }
    return { ...(m as Migration), checksum: sha256(m.up) };
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function ensureLedger(client: pg.ClientBase): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS uns_meta_sync`);
  await client.query(`CREATE TABLE IF NOT EXISTS uns_meta_sync.schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by text NOT NULL DEFAULT current_user)`);
}

/** Objects are created as uns_meta_admin when that role exists and the session may become it. */
async function assumeAdminRole(client: pg.ClientBase): Promise<void> {
  const r = await client.query<{ ok: boolean }>(
    `SELECT pg_has_role(current_user, 'uns_meta_admin', 'MEMBER') AS ok FROM pg_roles WHERE rolname = 'uns_meta_admin'`,
  );
  if (r.rows[0]?.ok) await client.query('SET ROLE uns_meta_admin');
}

export async function appliedMigrations(client: pg.ClientBase): Promise<AppliedMigration[]> {
  const exists = await client.query(`SELECT to_regclass('uns_meta_sync.schema_migrations') AS t`);
  if (!exists.rows[0]?.t) return [];
  const r = await client.query<AppliedMigration>(
    'SELECT version, name, checksum, applied_at, applied_by FROM uns_meta_sync.schema_migrations ORDER BY version',
  );
  return r.rows;
}

/** Refuses to go on when an applied migration's file changed or disappeared. */
function verifyApplied(applied: AppliedMigration[], files: Migration[]): void {
  for (const a of applied) {
    const f = files.find((m) => m.version === a.version);
    if (!f)
      throw new AppError(
        'migration_missing',
        `migration ${a.version}_${a.name} is applied but its files are gone; restore them`,
      );
    if (f.checksum !== a.checksum) {
      throw new AppError(
        'migration_checksum_mismatch',
        `migration ${a.version}_${a.name} was changed after it was applied (checksum ${a.checksum.slice(0, 12)}… ≠ ${f.checksum.slice(0, 12)}…); restore the original file and add a new migration instead`,
        { details: { version: a.version } },
      );
    }
  }
}

export interface MigrateOptions {
  to?: number;
  dryRun?: boolean;
  dir?: string;
}

export interface MigrateResult {
  direction: 'up' | 'down';
  steps: Array<{ version: number; name: string }>;
  dryRun: boolean;
}

/** Runs `fn` under the migration lock, as the owner role, with the ledger verified against the files. */
async function withMigrationLock<T>(
  client: pg.ClientBase,
  dir: string | undefined,
  fn: (files: Migration[], applied: AppliedMigration[]) => Promise<T>,
): Promise<T> {
  const files = loadMigrations(dir);
  await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [LOCK_KEY]);
  try {
    await assumeAdminRole(client);
    await ensureLedger(client);
    const applied = await appliedMigrations(client);
    verifyApplied(applied, files);
    return await fn(files, applied);
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [LOCK_KEY]);
  }
}

export async function migrateUp(client: pg.ClientBase, opts: MigrateOptions = {}): Promise<MigrateResult> {
  return withMigrationLock(client, opts.dir, async (files, applied) => {
    const done = new Set(applied.map((a) => a.version));
    const pending = files.filter((m) => !done.has(m.version) && (opts.to === undefined || m.version <= opts.to));
    for (const m of opts.dryRun ? [] : pending) {
      await runInTransaction(client, m, m.up, () =>
        client.query(
          'INSERT INTO uns_meta_sync.schema_migrations (version, name, checksum, applied_by) VALUES ($1, $2, $3, session_user)',
          [m.version, m.name, m.checksum],
        ),
      );
    }
    return { direction: 'up', steps: pending.map(({ version, name }) => ({ version, name })), dryRun: !!opts.dryRun };
  });
}

/** Reverts the newest migration, or every migration above `to`. */
export async function migrateDown(client: pg.ClientBase, opts: MigrateOptions = {}): Promise<MigrateResult> {
  return withMigrationLock(client, opts.dir, async (files, applied) => {
    const newestFirst = [...applied].reverse();
    const targets =
      opts.to === undefined ? newestFirst.slice(0, 1) : newestFirst.filter((a) => a.version > (opts.to as number));
    for (const a of opts.dryRun ? [] : targets) {
      const m = files.find((f) => f.version === a.version) as Migration;
      await runInTransaction(client, m, m.down, () =>
        client.query('DELETE FROM uns_meta_sync.schema_migrations WHERE version = $1', [m.version]),
      );
    }
    return { direction: 'down', steps: targets.map(({ version, name }) => ({ version, name })), dryRun: !!opts.dryRun };
  });
}

async function runInTransaction(
  client: pg.ClientBase,
  m: Migration,
  sql: string,
  ledger: () => Promise<unknown>,
): Promise<void> {
  try {
    await client.query('BEGIN');
    await client.query(sql);
    await ledger();
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new AppError(
      'migration_failed',
      `migration ${m.version}_${m.name} failed and was rolled back: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

export interface MigrationStatus {
  version: number;
  name: string;
  state: 'applied' | 'pending' | 'changed' | 'missing_file';
  applied_at: Date | null;
}

export async function migrationStatus(client: pg.ClientBase, dir?: string): Promise<MigrationStatus[]> {
  const files = loadMigrations(dir);
  const applied = await appliedMigrations(client);
  const rows: MigrationStatus[] = files.map((f) => {
    const a = applied.find((x) => x.version === f.version);
    if (!a) return { version: f.version, name: f.name, state: 'pending', applied_at: null };
    return {
      version: f.version,
      name: f.name,
      state: a.checksum === f.checksum ? 'applied' : 'changed',
      applied_at: a.applied_at,
    };
  });
  for (const a of applied) {
    if (!files.some((f) => f.version === a.version))
      rows.push({ version: a.version, name: a.name, state: 'missing_file', applied_at: a.applied_at });
  }
  return rows.sort((a, b) => a.version - b.version);
}
