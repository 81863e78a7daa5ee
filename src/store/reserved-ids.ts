// Metric ids for a device's first birth, drawn from the sequence before staging. Nearly always one
// unbroken range, kept as its two ends: an 800k-metric birth holds no array of 800k ids.

import type pg from 'pg';
import { RESERVE_IDS } from './merge.js';

export interface ReservedIds {
  readonly count: number;
  at(i: number): bigint;
}

const RESERVE_RANGE = `
SELECT min(id)::text AS first, max(id)::text AS last
FROM (SELECT nextval('uns_meta.metrics_metric_id_seq') AS id FROM generate_series(1, $1)) s`;

export async function reserveIds(client: pg.ClientBase, count: number): Promise<ReservedIds> {
  const r = await client.query<{ first: string; last: string }>(RESERVE_RANGE, [count]);
  const first = BigInt(r.rows[0]?.first ?? '0');
  // n distinct values between first and last, and last - first + 1 = n: exactly that range.
  if (BigInt(r.rows[0]?.last ?? '-1') - first + 1n === BigInt(count)) return { count, at: (i) => first + BigInt(i) };
  // Another session drew from the sequence meanwhile: those ids are given up (gaps are harmless).
  const ids = (await client.query<{ id: bigint }>(RESERVE_IDS, [count])).rows.map((row) => row.id);
  return { count, at: (i) => ids[i] as bigint };
}
