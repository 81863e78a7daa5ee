// Reads the alias maps the birth writer persists in uns_meta_sync.aliases (one per node or device
// scope, replaced by every birth), so a restarted or second host knows them without a rebirth.

import type { Queryable } from '../db.js';

export interface AliasScope {
  group: string;
  edge: string;
  device: string;
}

export async function loadAllAliases(db: Queryable): Promise<Map<string, bigint[]>> {
  const r = await db.query<{ group_id: string; edge: string; device: string; aliases: bigint[] }>(
    'SELECT group_id, edge, device, array_agg(alias) AS aliases FROM uns_meta_sync.aliases GROUP BY 1, 2, 3',
  );
  return new Map(r.rows.map((row) => [`${row.group_id}/${row.edge}/${row.device}`, row.aliases]));
}

export async function loadScopeAliases(db: Queryable, s: AliasScope): Promise<bigint[]> {
  const r = await db.query<{ alias: bigint }>(
    'SELECT alias FROM uns_meta_sync.aliases WHERE group_id = $1 AND edge = $2 AND device = $3',
    [s.group, s.edge, s.device],
  );
  return r.rows.map((row) => row.alias);
}

/** Names of the active metrics of one scope (a DATA message naming another one shows a stale view). */
export async function activeMetricNames(db: Queryable, s: AliasScope): Promise<string[]> {
  const r = await db.query<{ name: string }>(
    `SELECT m.name FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id)
     WHERE d.group_id = $1 AND d.edge = $2 AND d.device = $3 AND m.retired_at IS NULL`,
    [s.group, s.edge, s.device],
  );
  return r.rows.map((row) => row.name);
}

/** Edge nodes that have published a birth that was applied (for a rebirth request at start-up). */
export async function knownNodes(db: Queryable): Promise<Array<{ group: string; edge: string }>> {
  const r = await db.query<{ group_id: string; edge: string }>(
    'SELECT DISTINCT group_id, edge FROM uns_meta_sync.births ORDER BY 1, 2',
  );
  return r.rows.map((row) => ({ group: row.group_id, edge: row.edge }));
}

/** The payload hash of the newest applied birth of every scope (what the birth cache is compared with). */
export async function appliedBirthHashes(db: Queryable): Promise<Map<string, string>> {
  const r = await db.query<{ group_id: string; edge: string; device: string; payload_sha256: string }>(
    'SELECT group_id, edge, device, payload_sha256 FROM uns_meta_sync.births',
  );
  return new Map(r.rows.map((row) => [`${row.group_id}/${row.edge}/${row.device}`, row.payload_sha256]));
}
