// The flush step of CDC: debounced entries → outbox rows, committed in ONE transaction. Canary ids of
// metrics whose row did not change are looked up here, and a renamed metric's full current property set
// is read for its new tag. Only after this commit may the slot be acknowledged (the caller's job).

import { withTransaction, type Pool, type Queryable } from '../db.js';
import type { PropertyValue } from '../sparkplug/birth.js';
import { propertyValue } from './changes.js';
import type { DebouncedEntry } from './debounce.js';
import { enqueue } from './outbox.js';
import { outboxRow, type OutboxRow } from './outbox-rows.js';

export interface FlushResult {
  rows: number;
  inserted: number;
  /** Metrics that no longer exist (deleted since): nothing to send. */
  dropped: number;
}

export async function flushToOutbox(pool: Pool, entries: readonly DebouncedEntry[]): Promise<FlushResult> {
  return withTransaction(pool, async (c) => {
    const ids = await canaryIds(
      c,
      entries.filter((e) => e.canaryId === null).map((e) => e.metricId),
    );
    const current = await currentProperties(
      c,
      entries.filter((e) => e.resync).map((e) => e.metricId),
    );
    const rows: OutboxRow[] = [];
    let dropped = 0;
    for (const e of entries) {
      const canaryId = e.canaryId ?? ids.get(e.metricId);
      if (!canaryId) {
        dropped++;
        continue;
      }
      const row = outboxRow(e, canaryId, e.resync ? (current.get(e.metricId) ?? new Map()) : undefined);
      if (row) rows.push(row);
    }
    return { rows: rows.length, inserted: await enqueue(c, rows), dropped };
  });
}

async function canaryIds(db: Queryable, metricIds: bigint[]): Promise<Map<bigint, string>> {
  if (metricIds.length === 0) return new Map();
  const r = await db.query<{ metric_id: bigint; canary_id: string }>(
    'SELECT metric_id, canary_id FROM uns_meta.metrics WHERE metric_id = ANY($1::bigint[])',
    [metricIds.map(String)],
  );
  return new Map(r.rows.map((row) => [row.metric_id, row.canary_id]));
}

async function currentProperties(db: Queryable, metricIds: bigint[]): Promise<Map<bigint, Map<string, PropertyValue>>> {
  const out = new Map<bigint, Map<string, PropertyValue>>();
  if (metricIds.length === 0) return out;
  const r = await db.query<{ metric_id: bigint; key: string }>(
    `SELECT metric_id, key, type, value_int, value_long, value_float, value_double, value_string, value_bool
     FROM uns_meta.metric_properties WHERE metric_id = ANY($1::bigint[])`,
    [metricIds.map(String)],
  );
  for (const row of r.rows) {
    const v = propertyValue(row);
    if (!v) continue;
    const m = out.get(row.metric_id) ?? new Map<string, PropertyValue>();
    m.set(row.key, v);
    out.set(row.metric_id, m);
  }
  return out;
}
