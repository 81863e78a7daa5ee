// The ordering guard of a device: the timestamp and seq of its newest applied birth in
// uns_meta_sync.births, below which births are refused as stale. `uns-meta devices reset-order` clears
// it when an edge clock went wrong (jumped back, or ahead within the skew limit); the live intake then
// takes the next birth of the device whatever its timestamp.

import type { SparkplugTopic } from '../sparkplug/birth.js';
import type { Queryable } from '../db.js';

export interface ClearedGuard {
  devicePath: string;
  group: string;
  edge: string;
  device: string;
  /** What the guard held (null: there was none to clear). */
  timestamp: string | null;
  seq: string | null;
}

/** Clears the guard of the device or node at `devicePath`; null when no device has that path. */
export async function clearOrderGuard(db: Queryable, devicePath: string): Promise<ClearedGuard | null> {
  const r = await db.query<{
    group_id: string;
    edge: string;
    device: string;
    birth_ts: string | null;
    birth_seq: string | null;
  }>(
    `WITH d AS (SELECT group_id, edge, device FROM uns_meta.devices WHERE uns_path = $1),
          old AS (SELECT b.group_id, b.edge, b.device, b.birth_ts::text, b.birth_seq::text FROM uns_meta_sync.births b JOIN d USING (group_id, edge, device)),
          cleared AS (UPDATE uns_meta_sync.births b SET birth_ts = NULL, birth_seq = NULL FROM d
                      WHERE (b.group_id, b.edge, b.device) = (d.group_id, d.edge, d.device) RETURNING b.group_id)
     SELECT d.group_id, d.edge, d.device, old.birth_ts, old.birth_seq FROM d LEFT JOIN old USING (group_id, edge, device)`,
    [devicePath],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    devicePath,
    group: row.group_id,
    edge: row.edge,
    device: row.device,
    timestamp: row.birth_ts,
    seq: row.birth_seq,
  };
}

/** True when the device has a births row without a guard (cleared, or its births carry no timestamp). */
export async function orderGuardCleared(
  db: Queryable,
  t: Pick<SparkplugTopic, 'group' | 'edge' | 'device'>,
): Promise<boolean> {
  const r = await db.query<{ cleared: boolean }>(
    'SELECT birth_ts IS NULL AND birth_seq IS NULL AS cleared FROM uns_meta_sync.births WHERE group_id = $1 AND edge = $2 AND device = $3',
    [t.group, t.edge, t.device],
  );
  return r.rows[0]?.cleared === true;
}
