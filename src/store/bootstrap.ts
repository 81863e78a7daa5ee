// `db bootstrap`: creates the database, the four roles of the playbook with their grants, the
// pgstattuple extension, then migrates. Idempotent; needs a superuser (REPLICATION roles require one).

import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { connect } from '../db.js';
import { AppError } from '../errors.js';
import { packagePath } from '../package-root.js';
import { migrateUp, type MigrateResult } from './migrate.js';

export const ROLES = {
  uns_meta_admin: 'LOGIN',
  uns_meta_app: 'LOGIN',
  uns_meta_ro: 'LOGIN',
  uns_meta_cdc: 'LOGIN REPLICATION',
} as const;
export type RoleName = keyof typeof ROLES;

export interface BootstrapOptions {
  database?: string;
  /** Passwords to set; a role without one keeps its current password (or none). */
  passwords?: Partial<Record<RoleName, string>>;
}

export interface BootstrapResult {
  database: string;
  createdRoles: RoleName[];
  createdDatabase: boolean;
  migrations: MigrateResult;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + encodeURIComponent(database);
  return u.toString();
}

export async function bootstrap(adminUrl: string, opts: BootstrapOptions = {}): Promise<BootstrapResult> {
  const database = opts.database ?? 'uns_metadata';
  const admin = await connect(adminUrl, 'uns-meta bootstrap');
  let createdRoles: RoleName[];
  let createdDatabase: boolean;
  try {
    await requireSuperuser(admin);
    createdRoles = await ensureRoles(admin, opts.passwords ?? {});
    createdDatabase = await ensureDatabase(admin, database);
  } finally {
    await admin.end();
  }
  const db = await connect(withDatabase(adminUrl, database), 'uns-meta bootstrap');
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pgstattuple');
    const migrations = await migrateUp(db);
    await db.query(readFileSync(packagePath('database', 'grants.sql'), 'utf8'));
    const ident = db.escapeIdentifier(database);
    await db.query(`REVOKE ALL ON DATABASE ${ident} FROM PUBLIC`);
    await db.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${ident} TO uns_meta_app, uns_meta_ro, uns_meta_cdc`);
    await db.query('RESET ROLE');
    // The ops checks read statistics, pgstattuple, every session's xmin and pg_wal as the admin role
    // (uns-meta ops by hand) and as the app role (the service's schedule), so no check is UNKNOWN on a
    // fresh start: pg_monitor is read-only.
    await db.query('GRANT pg_stat_scan_tables, pg_read_all_stats TO uns_meta_admin');
    await db.query('GRANT pg_stat_scan_tables TO uns_meta_app');
    await db.query('GRANT pg_monitor TO uns_meta_admin, uns_meta_app');
    return { database, createdRoles, createdDatabase, migrations };
  } finally {
    await db.end();
  }
}

async function requireSuperuser(client: pg.Client): Promise<void> {
  const r = await client.query<{ s: boolean }>('SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user');
  if (!r.rows[0]?.s) {
    throw new AppError(
      'bootstrap_failed',
      'db bootstrap needs a superuser connection (roles with REPLICATION can only be created by one); pass --admin-url',
    );
  }
}

async function ensureRoles(client: pg.Client, passwords: Partial<Record<RoleName, string>>): Promise<RoleName[]> {
  const created: RoleName[] = [];
  for (const [role, attrs] of Object.entries(ROLES) as Array<[RoleName, string]>) {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    const pw = passwords[role];
    const pwClause = pw === undefined ? '' : ` PASSWORD ${client.escapeLiteral(pw)}`;
    if (exists.rowCount === 0) {
      await client.query(`CREATE ROLE ${role} ${attrs}${pwClause}`);
      created.push(role);
    } else {
      await client.query(`ALTER ROLE ${role} ${attrs}${pwClause}`);
    }
  }
  return created;
}

async function ensureDatabase(client: pg.Client, database: string): Promise<boolean> {
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount !== 0) return false;
  await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)} OWNER uns_meta_admin`);
  return true;
}
