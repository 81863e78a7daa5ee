// The stored side of node and device liveness (uns_meta_sync.device_lifecycle, read by reporting as
// uns_meta.device_status): loaded once at start (bdSeq must survive a restart to match the node's
// NDEATH), written as whole rows so that batches never depend on their order.

import type { Queryable } from '../db.js';
import type { LiveState, ScopeStatus } from '../sparkplug/lifecycle.js';

interface Row {
  group_id: string;
  edge: string;
  device: string;
  state: LiveState;
  bdseq: string | null;
  last_birth_at: Date | null;
  last_death_at: Date | null;
}

export async function loadLifecycle(db: Queryable): Promise<ScopeStatus[]> {
  const r = await db.query<Row>(
    'SELECT group_id, edge, device, state, bdseq::text, last_birth_at, last_death_at FROM uns_meta_sync.device_lifecycle',
  );
  return r.rows.map((x) => ({
    group: x.group_id,
    edge: x.edge,
    device: x.device,
    state: x.state,
    bdSeq: x.bdseq === null ? null : BigInt(x.bdseq),
    lastBirthAt: x.last_birth_at?.getTime() ?? null,
    lastDeathAt: x.last_death_at?.getTime() ?? null,
  }));
}

export async function saveLifecycle(db: Queryable, rows: ScopeStatus[]): Promise<void> {
  if (rows.length === 0) return;
  const ms = (v: number | null) => (v === null ? null : new Date(v).toISOString());
  await db.query(
    `INSERT INTO uns_meta_sync.device_lifecycle AS l (group_id, edge, device, state, bdseq, last_birth_at, last_death_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[], $7::timestamptz[])
     ON CONFLICT (group_id, edge, device) DO UPDATE
       SET state = EXCLUDED.state, bdseq = EXCLUDED.bdseq, last_birth_at = EXCLUDED.last_birth_at,
           last_death_at = EXCLUDED.last_death_at, updated_at = now()
       WHERE (l.state, l.bdseq, l.last_birth_at, l.last_death_at) IS DISTINCT FROM (EXCLUDED.state, EXCLUDED.bdseq, EXCLUDED.last_birth_at, EXCLUDED.last_death_at)`,
    [
      rows.map((r) => r.group),
      rows.map((r) => r.edge),
      rows.map((r) => r.device),
      rows.map((r) => r.state),
      rows.map((r) => r.bdSeq?.toString() ?? null),
      rows.map((r) => ms(r.lastBirthAt)),
      rows.map((r) => ms(r.lastDeathAt)),
    ],
  );
}

export interface DeviceStatus {
  deviceId: bigint;
  unsPath: string;
  state: LiveState;
  bdSeq: string | null;
  lastBirthAt: Date | null;
  lastDeathAt: Date | null;
}

/** uns_meta.device_status in path order, optionally one state and/or below a path prefix. */
export async function listDeviceStatus(
  db: Queryable,
  o: { state?: LiveState; prefix?: string; limit: number },
): Promise<{ total: number; rows: DeviceStatus[] }> {
  const where = `($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR uns_path = $2 OR starts_with(uns_path, $2 || '/'))`;
  const params = [o.state ?? null, o.prefix?.replace(/\/+$/, '') || null];
  const [rows, total] = await Promise.all([
    db.query<{
      device_id: string;
      uns_path: string;
      state: LiveState;
      bdseq: string | null;
      last_birth_at: Date | null;
      last_death_at: Date | null;
    }>(
      `SELECT device_id, uns_path, state, bdseq::text, last_birth_at, last_death_at FROM uns_meta.device_status WHERE ${where} ORDER BY uns_path COLLATE "C" LIMIT $3`,
      [...params, o.limit],
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM uns_meta.device_status WHERE ${where}`, params),
  ]);
  return {
    total: total.rows[0]?.n ?? 0,
    rows: rows.rows.map((x) => ({
      deviceId: BigInt(x.device_id),
      unsPath: x.uns_path,
      state: x.state,
      bdSeq: x.bdseq,
      lastBirthAt: x.last_birth_at,
      lastDeathAt: x.last_death_at,
    })),
  };
}
