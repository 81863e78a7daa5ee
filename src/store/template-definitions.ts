// Template definitions of an edge node (from its NBIRTH) in uns_meta_sync.template_definitions: each
// NBIRTH replaces the node's set; an unchanged one writes nothing.

import type { Queryable } from '../db.js';
import type { TemplateDefinition } from '../sparkplug/templates.js';

/** Returns how many rows were written or deleted. */
export async function replaceTemplateDefinitions(
  db: Queryable,
  group: string,
  edge: string,
  defs: TemplateDefinition[],
): Promise<number> {
  const names = defs.map((d) => d.name);
  const gone = await db.query(
    'DELETE FROM uns_meta_sync.template_definitions WHERE group_id = $1 AND edge = $2 AND NOT (name = ANY($3::text[]))',
    [group, edge, names],
  );
  if (defs.length === 0) return gone.rowCount ?? 0;
  const put = await db.query(
    `INSERT INTO uns_meta_sync.template_definitions AS t (group_id, edge, name, version, members)
     SELECT $1, $2, n, v, m FROM unnest($3::text[], $4::text[], $5::jsonb[]) AS u(n, v, m)
     ON CONFLICT (group_id, edge, name) DO UPDATE SET version = EXCLUDED.version, members = EXCLUDED.members, updated_at = now()
       WHERE (t.version, t.members) IS DISTINCT FROM (EXCLUDED.version, EXCLUDED.members)`,
    [group, edge, names, defs.map((d) => d.version), defs.map((d) => JSON.stringify(d.members))],
  );
  return (gone.rowCount ?? 0) + (put.rowCount ?? 0);
}

export async function templateDefinitions(db: Queryable, group: string, edge: string): Promise<TemplateDefinition[]> {
  const r = await db.query<{ name: string; version: string | null; members: TemplateDefinition['members'] }>(
    'SELECT name, version, members FROM uns_meta_sync.template_definitions WHERE group_id = $1 AND edge = $2 ORDER BY name',
    [group, edge],
  );
  return r.rows;
}
