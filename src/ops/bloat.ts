// Measures dead + free space per table with pgstattuple (pgstattuple_approx above 1 GB) on one
// connection, each table under what is left of a time budget (statement_timeout), so a big or locked
// table is reported as not measured instead of stalling the run. Used by storage.bloat and the snapshot.

import type { Pool } from '../db.js';
import { SQLSTATE, sqlState } from '../errors.js';
import { opsSql } from './sql-files.js';

/** Above this heap size the visibility-map estimate is used: an exact scan reads every page. */
export const APPROX_ABOVE_BYTES = 1024 ** 3;

export interface TableBloat {
  table: string;
  bytes: number;
  method: 'pgstattuple' | 'pgstattuple_approx';
  deadPct: number;
  freePct: number;
  bloatPct: number;
}

export type BloatMeasurement =
  | { kind: 'measured'; tables: TableBloat[]; skipped: Array<{ table: string; reason: string }> }
  | { kind: 'missing-extension'; database: string }
  | { kind: 'denied'; role: string; message: string };

export async function measureBloat(
  db: Pool,
  tables: ReadonlyArray<{ table: string; oid: string }>,
  budgetMs: number,
): Promise<BloatMeasurement> {
  const ext = await db.query<{ schema: string; database: string; role: string }>(
    `SELECT e.extnamespace::regnamespace::text AS schema, current_database() AS database, current_user AS role
     FROM (SELECT 1) one LEFT JOIN pg_extension e ON e.extname = 'pgstattuple'`,
  );
  const { schema, database, role } = ext.rows[0] as { schema: string | null; database: string; role: string };
  if (schema === null) return { kind: 'missing-extension', database };
  const client = await db.connect();
  try {
    // The extension's schema on the path, so its functions resolve wherever it was installed.
    await client.query(`SELECT set_config('search_path', $1, false)`, [`${schema}, pg_catalog`]);
    const deadline = Date.now() + budgetMs;
    const measured: TableBloat[] = [];
    const skipped: Array<{ table: string; reason: string }> = [];
    for (const { table, oid } of tables) {
      const left = Math.floor(deadline - Date.now());
      if (left < 50) {
        skipped.push({ table, reason: `time budget of ${budgetMs} ms spent` });
        continue;
      }
      await client.query(`SELECT set_config('statement_timeout', $1, false)`, [`${left}ms`]);
      try {
        const r = (
          await client.query<{ bytes: number; approx: boolean; dead_pct: number; free_pct: number }>(
            opsSql('storage-bloat.sql'),
            [oid, APPROX_ABOVE_BYTES],
          )
        ).rows[0];
        if (!r) continue; // dropped since it was listed
        const round = (n: number) => Number(n.toFixed(2));
        measured.push({
          table,
          bytes: r.bytes,
          method: r.approx ? 'pgstattuple_approx' : 'pgstattuple',
          deadPct: round(r.dead_pct),
          freePct: round(r.free_pct),
          bloatPct: round(r.dead_pct + r.free_pct),
        });
      } catch (err) {
        // Only the functions' own grant is this check's business; any other denial is reported as it is.
        if (sqlState(err) === SQLSTATE.insufficient_privilege && /function pgstattuple/.test((err as Error).message))
          return { kind: 'denied', role, message: (err as Error).message };
        // 57014: cancelled by the statement timeout (a long scan, or a lock held by someone else).
        if (sqlState(err) !== SQLSTATE.query_canceled) throw err;
        skipped.push({
          table,
          reason: `not measured within the time budget (${budgetMs} ms): a large table or a lock held on it`,
        });
      }
    }
    return { kind: 'measured', tables: measured, skipped };
  } finally {
    // A pooled connection goes back with the server's defaults, or is discarded.
    const resetFailed = await client.query('RESET statement_timeout; RESET search_path').then(
      () => undefined,
      (e: Error) => e,
    );
    client.release(resetFailed);
  }
}
