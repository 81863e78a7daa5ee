// Aliases across the scopes of one edge node: DATA names a metric by alias, unique per node, so an alias
// two scopes of the node's current session claim cannot be resolved. Part of a birth's transaction;
// the caller holds the device lock.

import type pg from 'pg';
import type { Birth } from '../sparkplug/birth.js';
import { xactLock } from '../db.js';
import * as sql from './merge.js';
import type { QuarantineEntry } from './quarantine.js';
import { nodeAliasLockKey } from './device.js';
import { forgetIdentities } from './device-identity.js';

/**
 * Aliases are unique per edge node: one that two scopes of the node's current session claim would make
 * DATA resolve to the wrong metric. Both claims lose the alias and are quarantined (alias_duplicate);
 * the metrics themselves stay. Checked in full at the scope's first birth of a session, else only for
 * the aliases this birth changed.
 */
export async function crossScopeAliases(
  client: pg.PoolClient,
  birth: Birth,
  session: bigint,
  problems: QuarantineEntry[],
): Promise<string[]> {
  const { group, edge, device } = birth.parsed;
  await xactLock(client, nodeAliasLockKey(group, edge));
  const prev = await client.query<{ bdseq: string | null }>(
    'SELECT bdseq::text FROM uns_meta_sync.births WHERE group_id = $1 AND edge = $2 AND device = $3',
    [group, edge, device],
  );
  const full = prev.rows[0]?.bdseq !== session.toString();
  const mine = await client.query<{ alias: string; name: string }>(sql.SCOPE_ALIASES, [group, edge, device, full]);
  if (mine.rows.length === 0) return [];
  const nameOf = new Map(mine.rows.map((r) => [r.alias, r.name]));
  const others = await client.query<{ alias: string; device: string; name: string }>(sql.OTHER_HOLDERS, [
    group,
    edge,
    device,
    session.toString(),
    [...nameOf.keys()],
  ]);
  if (others.rows.length === 0) return [];
  const drop = { devices: [] as string[], aliases: [] as string[] };
  for (const o of others.rows) {
    const myName = nameOf.get(o.alias) as string;
    const other = o.device === '' ? `spBv1.0/${group}/NBIRTH/${edge}` : `spBv1.0/${group}/DBIRTH/${edge}/${o.device}`;
    const message = `alias ${o.alias} is used by "${myName}" (${birth.topic}) and "${o.name}" (${other}) in one node session; DATA naming it cannot be resolved, so neither keeps it`;
    const details = { alias: o.alias, names: [myName, o.name], scopes: [birth.topic, other] };
    problems.push({ topic: birth.topic, code: 'alias_duplicate', message, details: { ...details, name: myName } });
    problems.push({ topic: other, code: 'alias_duplicate', message, details: { ...details, name: o.name } });
    drop.devices.push(device, o.device);
    drop.aliases.push(o.alias, o.alias);
  }
  await client.query(sql.DROP_ALIASES, [group, edge, drop.devices, drop.aliases]);
  await forgetIdentities(client, group, edge, drop.devices);
  return [...new Set(others.rows.map((o) => o.device))];
}
