// Steps of a birth's merge that stand on their own (birth-merge.ts runs them in order): staged rows
// taken out again, paths another metric holds, the NBIRTH's Template definitions.

import type pg from 'pg';
import type { Birth } from '../sparkplug/birth.js';
import * as sql from './merge.js';
import type { QuarantineEntry } from './quarantine.js';
import type { StagedBirth } from './staged-birth.js';
import { replaceTemplateDefinitions } from './template-definitions.js';

/** Staging ordinals of the withdrawn metrics (spilled rows are only in stg_metric). */
export async function withdrawnOrds(client: pg.PoolClient, staged: StagedBirth, spilled: boolean): Promise<number[]> {
  if (!spilled || staged.withdrawn.size === 0) return staged.withdrawnOrds();
  const r = await client.query<{ ord: number }>('SELECT ord FROM stg_metric WHERE name = ANY($1::text[])', [
    [...staged.withdrawn],
  ]);
  return r.rows.map((row) => row.ord);
}

/** Takes staged metrics out again (collisions, taken paths); returns the properties deleted with them. */
export async function dropStaged(client: pg.PoolClient, ords: number[], direct: boolean): Promise<number> {
  if (ords.length === 0) return 0;
  const dropped = await client.query<{ metric_id: string | null }>(sql.DROP_STAGED, [ords]);
  if (!direct) return 0;
  const ids = dropped.rows.map((row) => row.metric_id);
  const r = await client.query('DELETE FROM uns_meta.metric_properties WHERE metric_id = ANY($1::bigint[])', [ids]);
  return r.rowCount ?? 0;
}

/** New or moved metrics whose path another stored metric holds are quarantined; returns their ordinals. */
export async function takenPaths(client: pg.PoolClient, topic: string, staged: StagedBirth): Promise<number[]> {
  const taken = await client.query<{ ord: number; name: string; uns_path: string; holder: string }>(sql.PATH_TAKEN);
  for (const t of taken.rows) {
    staged.problems.push({
      topic,
      code: 'uns_path_taken',
      message: `metric "${t.name}" maps to ${t.uns_path}, which stored metric "${t.holder}" already holds; rename one of them`,
      details: { name: t.name, uns_path: t.uns_path, holder: t.holder },
    });
  }
  return taken.rows.map((t) => t.ord);
}

export function jsonNumber(v: bigint | null): number | string | null {
  if (v === null) return null;
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** The NBIRTH's Template definitions replace the node's; an unreadable one is quarantined, the rest kept. */
export async function keepTemplates(client: pg.PoolClient, birth: Birth, problems: QuarantineEntry[]): Promise<void> {
  const defs = [];
  for (const d of birth.templates?.() ?? []) {
    if (d.ok) defs.push(d.definition);
    else problems.push({ topic: birth.topic, code: 'metric_undecodable', message: d.reason });
  }
  await replaceTemplateDefinitions(client, birth.parsed.group, birth.parsed.edge, defs);
}
