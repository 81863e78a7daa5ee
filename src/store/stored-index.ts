// What the store already holds for one device, loaded once per birth so the writer can tell unchanged
// metrics apart in memory and stage only what differs (a 98k-metric rebirth stages next to nothing).

import type pg from 'pg';

export interface StoredMetric {
  id: bigint;
  path: string;
  datatype: string;
  alias: bigint | null;
  retired: boolean;
  /** Hex md5 of the property rows as last written by the birth writer; '' when unknown. */
  fp: string;
}

export interface StoredIndex {
  deviceId: bigint | null;
  metrics: Map<string, StoredMetric>;
}

export const EMPTY_INDEX: StoredIndex = { deviceId: null, metrics: new Map() };

export async function loadStoredIndex(client: pg.ClientBase, group: string, edge: string, device: string): Promise<StoredIndex> {
  const d = await client.query<{ device_id: bigint }>('SELECT device_id FROM uns_meta.devices WHERE group_id = $1 AND edge = $2 AND device = $3', [
    group,
    edge,
    device,
  ]);
  const deviceId = d.rows[0]?.device_id ?? null;
  if (deviceId === null) return { deviceId, metrics: new Map() };
  // Array rows skip pg's per-row object building: this can be 100k rows per birth.
  const r = await client.query<[bigint, string, string, string, bigint | null, boolean, string | null]>({
    text: `SELECT m.metric_id, m.name, m.uns_path, m.datatype, m.alias, m.retired_at IS NOT NULL, encode(f.fp, 'hex')
           FROM uns_meta.metrics m LEFT JOIN uns_meta_sync.metric_fingerprints f USING (metric_id) WHERE m.device_id = $1`,
    values: [deviceId],
    rowMode: 'array',
  });
  const metrics = new Map<string, StoredMetric>();
  for (const [id, name, path, datatype, alias, retired, fp] of r.rows) metrics.set(name, { id, path, datatype, alias, retired, fp: fp ?? '' });
  return { deviceId, metrics };
}
