// Staging of one birth in temporary tables (dropped at commit) fed by COPY, so the merge into uns_meta
// is a handful of set-based statements. Temporary tables are not WAL-logged: staging costs no WAL.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';

export const CREATE_STAGING = `
CREATE TEMP TABLE stg_metric (
  ord integer NOT NULL, name text NOT NULL, uns_path text NOT NULL, datatype text NOT NULL, alias bigint,
  fp text NOT NULL, props_staged boolean NOT NULL, created_diff text,
  metric_id bigint, op text, old_name text, old_path text, old_datatype text, old_alias bigint, was_retired boolean NOT NULL DEFAULT false,
  metadata jsonb, old_metadata jsonb, raw_fp text
) ON COMMIT DROP;
CREATE TEMP TABLE stg_prop (
  ord integer NOT NULL, key text NOT NULL, type uns_meta.spb_property_type NOT NULL,
  value_int integer, value_long bigint, value_float real, value_double double precision, value_string text, value_bool boolean
) ON COMMIT DROP`;

// Below V8's large-object size (128 KB): a chunk dies young, instead of piling up in old space until
// a full collection (a 250 MB birth writes 500 MB of lines).
const CHUNK_CHARS = 64 * 1024;

/**
 * Groups lines into ~256 KB strings: one stream write per chunk instead of per row. After each chunk the
 * event loop gets a turn: writes to a local socket complete at once, so without it a huge birth runs as
 * one unbroken chain and starves every timer of the process (the CDC leader's heartbeat, MQTT keepalive).
 */
async function* chunked(lines: Iterable<string>): AsyncGenerator<string> {
  let buf = '';
  // A plain iterable, read as such: `for await` would cost a promise and a microtask per line.
  for (const line of lines) {
    buf += line;
    if (buf.length >= CHUNK_CHARS) {
      yield buf;
      buf = '';
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (buf) yield buf;
}

/** Streams the lines into `COPY … FROM STDIN`; returns the rows copied. */
export async function copyLines(client: pg.ClientBase, sql: string, lines: Iterable<string>): Promise<number> {
  const sink = client.query(copyFrom(sql));
  await pipeline(Readable.from(chunked(lines)), sink);
  return Number(sink.rowCount ?? 0);
}

/** The first birth of a device writes its properties straight into the table (see birth-merge.ts). */
export const COPY_PROPS_DIRECT =
  'COPY uns_meta.metric_properties (metric_id, key, type, value_int, value_long, value_float, value_double, value_string, value_bool) FROM STDIN';
export const COPY_METRICS =
  'COPY stg_metric (ord, name, uns_path, datatype, alias, fp, props_staged, created_diff, metric_id, op, old_path, old_datatype, old_alias, was_retired, metadata, raw_fp, old_metadata) FROM STDIN';
export const COPY_PROPS =
  'COPY stg_prop (ord, key, type, value_int, value_long, value_float, value_double, value_string, value_bool) FROM STDIN';
