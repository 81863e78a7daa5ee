// A device's identity fingerprint as the store keeps it (uns_meta_sync.device_fingerprints): a birth
// whose fingerprint equals the stored one declares exactly what the device's rows were derived from, and
// is applied without decoding a metric. Kept only after a birth applied without any problem, so one
// that quarantined something is looked at again, metric by metric, every time.

import type pg from 'pg';
import type { Birth } from '../sparkplug/birth.js';
import { STORE_RULES_VERSION } from './metric-validity.js';

/** The birth's fingerprint salted with what else the rows depend on; null: compare metric by metric. */
export function birthIdentity(birth: Birth, devicePath: string): string | null {
  return birth.identity?.(identitySalt(birth, devicePath)) ?? null;
}

/** What else a device's rows depend on besides the birth's bytes. */
export function identitySalt(birth: Birth, devicePath: string): string {
  return `${STORE_RULES_VERSION}\u0000${birth.parsed.type}\u0000${devicePath}`;
}

/** The number of active metrics when the device's stored fingerprint is `fp`, else null. */
export async function unchangedMetrics(client: pg.ClientBase, t: Birth['parsed'], fp: string): Promise<number | null> {
  const r = await client.query<{ metrics: number }>(
    `SELECT f.metrics FROM uns_meta.devices d JOIN uns_meta_sync.device_fingerprints f USING (device_id)
     WHERE d.group_id = $1 AND d.edge = $2 AND d.device = $3 AND f.fp = decode($4, 'hex')`,
    [t.group, t.edge, t.device, fp],
  );
  return r.rows[0]?.metrics ?? null;
}

/**
 * Keeps `fp` and the metrics' declarations (declarations.ts) for the device, or forgets what it had
 * (null: the birth had problems or no fingerprint).
 */
export async function rememberIdentity(
  client: pg.ClientBase,
  deviceId: bigint,
  fp: string | null,
  metrics: number,
  declarations: Buffer | null = null,
): Promise<void> {
  if (fp === null) {
    await client.query('DELETE FROM uns_meta_sync.device_fingerprints WHERE device_id = $1', [deviceId]);
    return;
  }
  await client.query(
    `INSERT INTO uns_meta_sync.device_fingerprints (device_id, fp, metrics, declarations) VALUES ($1, decode($2, 'hex'), $3, $4)
     ON CONFLICT (device_id) DO UPDATE SET fp = EXCLUDED.fp, metrics = EXCLUDED.metrics, declarations = EXCLUDED.declarations`,
    [deviceId, fp, metrics, declarations],
  );
}

/** Devices of a node whose alias maps another scope's birth changed: their next birth is compared in full. */
export async function forgetIdentities(
  client: pg.ClientBase,
  group: string,
  edge: string,
  devices: string[],
): Promise<void> {
  await client.query(
    `DELETE FROM uns_meta_sync.device_fingerprints f USING uns_meta.devices d
     WHERE f.device_id = d.device_id AND d.group_id = $1 AND d.edge = $2 AND d.device = ANY($3::text[])`,
    [group, edge, devices],
  );
}
