// The device row of a birth: created on first sight, updated only when a derived column changed.
// country = edge node id, business_unit = device id, plant = shared first metric segment (spec/schema.md).

import type pg from 'pg';

export interface DeviceIdentity {
  group: string;
  edge: string;
  device: string;
  path: string;
  plant: string | null;
}

export async function upsertDevice(client: pg.ClientBase, d: DeviceIdentity): Promise<bigint> {
  const country = d.edge;
  const businessUnit = d.device === '' ? null : d.device;
  const found = await client.query<{ device_id: bigint }>(
    'SELECT device_id FROM uns_meta.devices WHERE group_id = $1 AND edge = $2 AND device = $3',
    [d.group, d.edge, d.device],
  );
  const existing = found.rows[0];
  if (!existing) {
    const r = await client.query<{ device_id: bigint }>(
      `INSERT INTO uns_meta.devices (group_id, edge, device, country, business_unit, plant, uns_path)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING device_id`,
      [d.group, d.edge, d.device, country, businessUnit, d.plant, d.path],
    );
    return (r.rows[0] as { device_id: bigint }).device_id;
  }
  await client.query(
    `UPDATE uns_meta.devices SET country = $2, business_unit = $3, plant = $4, uns_path = $5
     WHERE device_id = $1 AND (country, business_unit, plant, uns_path) IS DISTINCT FROM ($2, $3, $4, $5)`,
    [existing.device_id, country, businessUnit, d.plant, d.path],
  );
  return existing.device_id;
}

/** The advisory lock that serializes every write to one device's metrics (births, renames). */
export function deviceLockKey(group: string, edge: string, device: string): string {
  return `birth:${JSON.stringify([group, edge, device])}`;
}

/**
 * Births of one edge node compare their aliases with each other's: this lock (taken after the device
 * lock, held to commit) makes the second wait for the first's, so neither misses the other.
 */
export function nodeAliasLockKey(group: string, edge: string): string {
  return `aliases:${JSON.stringify([group, edge])}`;
}
