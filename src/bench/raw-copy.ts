// The raw-COPY baseline of the ingest benchmarks: the rows of uns_meta's metric tables COPYed out to
// files (untimed, streamed: the process never holds them), then COPYed into a freshly migrated database,
// timed. The export and the timed COPY can be apart, so the baseline's gigabyte of writes need not land
// on the server just before a timed birth.

import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { connect } from '../db.js';

const TABLES = ['metrics', 'metric_properties', 'metric_versions'] as const;

export interface ExportedRows {
  dir: string;
  /** The columns COPYed per table (generated ones left out). */
  columns: Record<string, string>;
  remove(): void;
}

export async function exportRows(sourceUrl: string): Promise<ExportedRows> {
  const dir = mkdtempSync(join(tmpdir(), 'uns-meta-raw-copy-'));
  const source = await connect(sourceUrl);
  try {
    await pipeline(source.query(copyTo('COPY uns_meta.devices TO STDOUT')), createWriteStream(join(dir, 'devices')));
    const columns: Record<string, string> = {};
    for (const t of TABLES) {
      const c = await source.query<{ c: string }>(
        `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS c FROM information_schema.columns
         WHERE table_schema = 'uns_meta' AND table_name = $1 AND is_generated = 'NEVER'`,
        [t],
      );
      columns[t] = c.rows[0]?.c ?? '';
      await pipeline(
        source.query(copyTo(`COPY uns_meta.${t} (${columns[t]}) TO STDOUT`)),
        createWriteStream(join(dir, t)),
      );
    }
    return { dir, columns, remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  } finally {
    await source.end();
  }
}

/** The device rows untimed, then each table in its own transaction, timed; rows copied per table. */
export async function copyRows(
  rows: ExportedRows,
  targetUrl: string,
): Promise<{ seconds: number; rows: Record<string, number> }> {
  const target = await connect(targetUrl);
  try {
    await pipeline(
      createReadStream(join(rows.dir, 'devices')),
      target.query(copyFrom('COPY uns_meta.devices FROM STDIN')),
    );
    await target.query('CHECKPOINT');
    const copied: Record<string, number> = {};
    const started = performance.now();
    for (const t of TABLES) {
      await target.query('BEGIN');
      const sink = target.query(copyFrom(`COPY uns_meta.${t} (${rows.columns[t]}) FROM STDIN`));
      await pipeline(createReadStream(join(rows.dir, t), { highWaterMark: 1 << 20 }), sink);
      copied[t] = Number(sink.rowCount);
      await target.query('COMMIT');
    }
    return { seconds: (performance.now() - started) / 1000, rows: copied };
  } finally {
    await target.end();
  }
}
