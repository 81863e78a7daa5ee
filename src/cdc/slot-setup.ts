// Checks that logical replication can work before streaming, reads the slot's state, creates the
// permanent pgoutput slot when it is missing and drops one the server invalidated. Every refusal says
// what to change (wal_level, REPLICATION, the publication). Runs on an ordinary connection of the
// replication role; it does not stream and does not decide about snapshots (stream.ts does).

import type { Queryable } from '../db.js';
import { AppError } from '../errors.js';

export interface SlotCheck {
  created: boolean;
  slot: string;
  publication: string;
}

const PUBLISHED = ['metric_properties', 'metrics'];

export interface SlotState {
  exists: boolean;
  /** pg_replication_slots.wal_status: 'lost' = invalidated, it can never stream again. */
  walStatus: string | null;
  confirmedLsn: string | null;
  activePid: number | null;
}

/** Validates the setup and reads the slot (which may not exist). */
export async function checkSlot(db: Queryable, slot: string, publication: string): Promise<SlotState> {
  const s = (
    await db.query<{ wal_level: string; role: string; replication: boolean; superuser: boolean; database: string }>(
      `SELECT current_setting('wal_level') AS wal_level, current_user AS role, r.rolreplication AS replication,
              r.rolsuper AS superuser, current_database() AS database
       FROM pg_roles r WHERE r.rolname = current_user`,
    )
  ).rows[0];
  if (!s) throw new AppError('cdc_unavailable', 'cannot read the current role from pg_roles');
  if (s.wal_level !== 'logical') {
    throw new AppError(
      'cdc_unavailable',
      `wal_level is '${s.wal_level}'; logical replication needs wal_level = logical (ALTER SYSTEM SET wal_level = logical, then restart PostgreSQL), or set CDC_ENABLED=false`,
    );
  }
  if (!s.replication && !s.superuser) {
    throw new AppError(
      'cdc_unavailable',
      `role ${s.role} lacks the REPLICATION attribute (ALTER ROLE ${s.role} REPLICATION), or point PG_REPL_URL at the role uns_meta_cdc`,
    );
  }
  const tables = await db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_publication_tables WHERE pubname = $1 AND schemaname = 'uns_meta' ORDER BY tablename`,
    [publication],
  );
  const missing = PUBLISHED.filter((t) => !tables.rows.some((r) => r.tablename === t));
  if (missing.length) {
    throw new AppError(
      'cdc_unavailable',
      `publication ${publication} does not publish uns_meta.${missing.join(', uns_meta.')}; run \`uns-meta migrate up\` (or check CDC_PUBLICATION)`,
    );
  }
  const existing = (
    await db.query<{
      plugin: string | null;
      database: string | null;
      slot_type: string;
      wal_status: string | null;
      confirmed: string | null;
      active_pid: number | null;
    }>(
      'SELECT plugin, database, slot_type, wal_status, confirmed_flush_lsn::text AS confirmed, active_pid FROM pg_replication_slots WHERE slot_name = $1',
      [slot],
    )
  ).rows[0];
  if (!existing) return { exists: false, walStatus: null, confirmedLsn: null, activePid: null };
  if (existing.slot_type !== 'logical' || existing.plugin !== 'pgoutput' || existing.database !== s.database) {
    throw new AppError(
      'cdc_unavailable',
      `replication slot ${slot} exists but is ${existing.slot_type}/${existing.plugin} on database ${existing.database}; expected a pgoutput slot on ${s.database} (drop it or set CDC_SLOT)`,
    );
  }
  return {
    exists: true,
    walStatus: existing.wal_status,
    confirmedLsn: existing.confirmed,
    activePid: existing.active_pid,
  };
}

/** Creates the slot; returns its consistent point (where streaming starts). */
export async function createSlot(db: Queryable, slot: string): Promise<string> {
  const r = await db.query<{ lsn: string }>(
    `SELECT lsn::text AS lsn FROM pg_create_logical_replication_slot($1, 'pgoutput')`,
    [slot],
  );
  return r.rows[0]?.lsn as string;
}

export async function dropSlot(db: Queryable, slot: string): Promise<void> {
  await db.query('SELECT pg_drop_replication_slot($1)', [slot]);
}

/** wal_sender_timeout of this connection's settings (a role or URL may set its own), in ms; 0 = off. */
export async function walSenderTimeoutMs(db: Queryable): Promise<number> {
  const r = await db.query<{ ms: string }>(`SELECT setting AS ms FROM pg_settings WHERE name = 'wal_sender_timeout'`);
  return Number(r.rows[0]?.ms ?? 60_000);
}

/** Check, then create the slot when it is missing. */
export async function ensureSlot(db: Queryable, slot: string, publication: string): Promise<SlotCheck> {
  const state = await checkSlot(db, slot, publication);
  if (state.exists) return { created: false, slot, publication };
  await createSlot(db, slot);
  return { created: true, slot, publication };
}
