// Reads vacuum-deadtuples.sql: per uns_meta table, dead tuples, churn, (auto)vacuum counts and the
// autovacuum settings in effect. Shared by vacuum.deadtuples, storage.bloat and doctor flow C.

import type { Queryable } from '../db.js';
import type { AutovacuumSettings } from './autovacuum-tuning.js';
import { opsSql } from './sql-files.js';

export interface TableVacuumStats {
  table: string;
  /** The table's oid: pgstattuple by oid needs no USAGE on the schema (a monitoring role may lack it). */
  oid: string;
  liveTuples: number;
  deadTuples: number;
  churn: number;
  vacuumCount: number;
  autovacuumCount: number;
  lastVacuum: Date | null;
  lastAutovacuum: Date | null;
  autovacuumEnabled: boolean;
  settings: AutovacuumSettings;
  /** Dead tuples at which autovacuum starts on this table (threshold + scale factor × rows). */
  vacuumTrigger: number;
}

interface Row {
  table_name: string;
  relid: string;
  n_live_tup: number;
  n_dead_tup: number;
  churn: number;
  vacuum_count: number;
  autovacuum_count: number;
  last_vacuum: Date | null;
  last_autovacuum: Date | null;
  autovacuum_enabled: boolean;
  vacuum_threshold: number;
  vacuum_scale_factor: number;
  vacuum_cost_limit: number;
  vacuum_trigger: number;
}

export async function readVacuumStats(db: Queryable): Promise<TableVacuumStats[]> {
  const rows = (await db.query<Row>(opsSql('vacuum-deadtuples.sql'))).rows;
  return rows.map((r) => ({
    table: r.table_name,
    oid: r.relid,
    liveTuples: r.n_live_tup,
    deadTuples: r.n_dead_tup,
    churn: r.churn,
    vacuumCount: r.vacuum_count,
    autovacuumCount: r.autovacuum_count,
    lastVacuum: r.last_vacuum,
    lastAutovacuum: r.last_autovacuum,
    autovacuumEnabled: r.autovacuum_enabled,
    settings: { scaleFactor: r.vacuum_scale_factor, threshold: r.vacuum_threshold, costLimit: r.vacuum_cost_limit },
    vacuumTrigger: r.vacuum_trigger,
  }));
}

/** Autovacuum should have started on it (or cannot, being disabled) and has not caught up. */
export function lagging(t: TableVacuumStats): boolean {
  return t.deadTuples > t.vacuumTrigger;
}
