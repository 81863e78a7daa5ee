// A light metric (read no further than its identity, see metric-scan.ts) is unique among the light ones
// as the store is; what the birth stages must not take its UNS path or its alias. Pure.

import type { StoredIndex } from './stored-index.js';
import type { StagedMetricRow } from './tsv.js';

export type LightClash =
  | { kind: 'uns_path_collision'; light: string; staged: string; path: string }
  | { kind: 'alias_duplicate'; light: string; staged: string; alias: bigint };

export function clashesWithLight(
  rows: readonly StagedMetricRow[],
  lightNames: ReadonlySet<string>,
  stored: StoredIndex,
): LightClash[] {
  const byPath = new Map<string, StagedMetricRow>();
  const byAlias = new Map<bigint, StagedMetricRow>();
  for (const r of rows) {
    byPath.set(r.path, r);
    if (r.alias !== null) byAlias.set(r.alias, r);
  }
  const out: LightClash[] = [];
  for (const name of lightNames) {
    const s = stored.metrics.get(name);
    if (!s) continue;
    const onPath = byPath.get(s.path);
    if (onPath && onPath.name !== name)
      out.push({ kind: 'uns_path_collision', light: name, staged: onPath.name, path: s.path });
    const withAlias = s.alias === null ? undefined : byAlias.get(s.alias);
    if (withAlias && withAlias.name !== name && s.alias !== null)
      out.push({ kind: 'alias_duplicate', light: name, staged: withAlias.name, alias: s.alias });
  }
  return out;
}
