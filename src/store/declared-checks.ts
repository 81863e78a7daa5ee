// What a declared rebirth (declarations.ts) checks beyond the metrics it decodes: the plant its known
// metrics share, and whether a new or moved path or alias is held by one of them (a collision the full
// comparison reports). Reads only.

import type pg from 'pg';
import type { Birth } from '../sparkplug/birth.js';
import { metricPath } from '../uns/identity.js';
import type { DeclarationMatch } from './declarations.js';
import type { StagedBirth } from './staged-birth.js';
import type { StoredIndex } from './stored-index.js';

/** The plant the known metrics share when the device's stored plant is mixed: read from their names. */
export function knownPlant(birth: Birth, path: string, match: DeclarationMatch): string | null {
  let plant: string | undefined;
  for (let position = 0; position < match.known.length; position++) {
    if (match.known[position] !== 1) continue;
    const name = birth.nameAt?.(position);
    const p = name ? metricPath(path, name) : null;
    if (!p?.ok) return null;
    const seg = p.path.slice(path.length + 1).split('/', 1)[0] ?? '';
    if (plant === undefined) plant = seg;
    else if (plant !== seg) return null;
  }
  return plant ?? null;
}

/**
 * In a declared rebirth the known metrics are not in the index: a new or moved path or alias that one of
 * them holds is a collision the full comparison reports.
 */
export async function holdsKnown(
  client: pg.PoolClient,
  birth: Birth,
  staged: StagedBirth,
  index: StoredIndex,
): Promise<boolean> {
  const moved = staged.rows.filter(
    (r) => r.old === null || r.old.retired || r.old.path !== r.path || r.old.alias !== r.alias,
  );
  if (moved.length === 0) return false;
  // Paths by the unique index; aliases by the scope's alias map, which follows its active metrics.
  const { group, edge, device } = birth.parsed;
  const holders = await client.query<{ name: string }>(
    `SELECT m.name FROM unnest($4::text[]) p (uns_path) JOIN uns_meta.metrics m USING (uns_path)
     JOIN uns_meta.devices d USING (device_id)
     WHERE d.group_id = $1 AND d.edge = $2 AND d.device = $3 AND m.retired_at IS NULL
     UNION ALL
     SELECT a.name FROM uns_meta_sync.aliases a WHERE a.group_id = $1 AND a.edge = $2 AND a.device = $3 AND a.alias = ANY($5::bigint[])`,
    [group, edge, device, moved.map((r) => r.path), moved.filter((r) => r.alias !== null).map((r) => String(r.alias))],
  );
  return holders.rows.some((h) => !index.metrics.has(h.name));
}
