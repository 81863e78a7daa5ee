// `ops snapshot`: runs the playbook's Validation SQL kit (validation-kit.sql, and pgstattuple bloat when
// the role may), reads the newest earlier snapshot of the archive, writes this one to
// DIR/db-checks/YYYY-MM-DD/snapshot.json and .md (a later one on the same day replaces it), and diffs.

import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryResult } from 'pg';
import type { Pool } from '../../db.js';
import { measureBloat, type TableBloat } from '../bloat.js';
import { opsSql } from '../sql-files.js';
import { readVacuumStats } from '../vacuum-stats.js';
import { diffSnapshots, renderDiff, type SchemaState, type SnapshotChange } from './snapshot-diff.js';
import { snapshotMarkdown } from './snapshot-markdown.js';

export interface Snapshot extends SchemaState {
  takenAt: string;
  database: string;
  checkCoverage: Array<{ name: string; definition: string }>;
  vacuum: Array<Record<string, unknown>>;
  bloat: { tables: TableBloat[]; skipped: Array<{ table: string; reason: string }> } | { error: string };
}

type Row = Record<string, unknown>;

export async function takeSnapshot(pool: Pool, at: Date, bloatBudgetMs: number): Promise<Snapshot> {
  // Five statements, five result sets (the simple query protocol), in the file's order.
  const sets = (await pool.query(opsSql('validation-kit.sql'))) as unknown as Array<QueryResult<Row>>;
  const [constraints, coverage, indexes, unique, vacuum] = sets.map((s) => s.rows) as [
    Row[],
    Row[],
    Row[],
    Row[],
    Row[],
  ];
  const db = (await pool.query<{ d: string }>('SELECT current_database() AS d')).rows[0]?.d ?? '';
  const m = await measureBloat(pool, await readVacuumStats(pool), bloatBudgetMs);
  const bloat =
    m.kind === 'measured'
      ? { tables: m.tables, skipped: m.skipped }
      : m.kind === 'denied'
        ? { error: `${m.message}: GRANT pg_stat_scan_tables TO ${m.role}` }
        : { error: `pgstattuple is not installed: CREATE EXTENSION pgstattuple in ${m.database}` };
  return {
    takenAt: at.toISOString(),
    database: db,
    constraints: constraints.map((r) => ({
      table: String(r.table_name),
      name: String(r.conname),
      type: String(r.contype),
      status: String(r.status),
      definition: String(r.definition),
    })),
    checkCoverage: coverage.map((r) => ({ name: String(r.conname), definition: String(r.definition) })),
    indexes: indexes.map((r) => ({
      name: String(r.index_name),
      table: String(r.table_name),
      valid: r.indisvalid === true,
      ready: r.indisready === true,
      bytes: Number(r.index_bytes),
    })),
    uniqueness: unique.map((r) => ({
      table: String(r.table_name),
      name: String(r.index_name),
      definition: String(r.definition),
    })),
    vacuum,
    bloat,
  };
}

export interface SnapshotRun {
  file: string;
  markdown: string;
  previous: string | null;
  changes: SnapshotChange[];
  text: string;
  details: Record<string, unknown>;
}

export async function runSnapshot(
  pool: Pool,
  o: { dir: string; at: Date; bloatBudgetMs: number },
): Promise<SnapshotRun> {
  const snap = await takeSnapshot(pool, o.at, o.bloatBudgetMs);
  const prev = newestSnapshot(o.dir);
  const changes = prev ? diffSnapshots(prev.snapshot, snap) : [];
  const folder = join(o.dir, 'db-checks', localDay(o.at));
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'snapshot.json');
  const markdown = join(folder, 'snapshot.md');
  writeFileSync(file, JSON.stringify({ ...snap, comparedWith: prev?.file ?? null, changes }, null, 2) + '\n');
  writeFileSync(markdown, snapshotMarkdown(snap, changes, prev?.file ?? null));
  const text = renderDiff(changes, prev ? `${prev.file} (${prev.snapshot.takenAt})` : null);
  const counts = Object.fromEntries(
    ['invalid', 'disappeared', 'changed', 'appeared', 'revalidated'].map((k) => [
      k,
      changes.filter((c) => c.kind === k).length,
    ]),
  );
  return {
    file,
    markdown,
    previous: prev?.file ?? null,
    changes,
    text,
    details: {
      file,
      comparedWith: prev?.file ?? null,
      changes: counts,
      changed: changes.map((c) => `${c.kind} ${c.object} ${c.name}`),
    },
  };
}

/** The newest snapshot.json under DIR/db-checks/<day>/ (day folders sort as dates), if any. */
export function newestSnapshot(dir: string): { file: string; snapshot: Snapshot } | null {
  const root = join(dir, 'db-checks');
  if (!existsSync(root)) return null;
  const days = readdirSync(root)
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
    .sort()
    .reverse();
  for (const day of days) {
    const file = join(root, day, 'snapshot.json');
    if (existsSync(file)) return { file, snapshot: JSON.parse(readFileSync(file, 'utf8')) as Snapshot };
  }
  return null;
}

/** The run's local date, as the playbook's archive folders are named. */
export function localDay(at: Date): string {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}
