// What changed between two Validation SQL kit snapshots: constraints and indexes that became invalid,
// disappeared, appeared, were revalidated or now enforce something else. Pure; statistics are not diffed.

export interface SnapshotConstraint {
  table: string;
  name: string;
  type: string;
  status: string;
  definition: string;
}

export interface SnapshotIndex {
  name: string;
  table: string;
  valid: boolean;
  ready: boolean;
  bytes: number;
}

export interface SnapshotUnique {
  table: string;
  name: string;
  definition: string;
}

export interface SchemaState {
  constraints: SnapshotConstraint[];
  indexes: SnapshotIndex[];
  uniqueness: SnapshotUnique[];
}

export type ChangeKind = 'invalid' | 'disappeared' | 'appeared' | 'revalidated' | 'changed';

export interface SnapshotChange {
  kind: ChangeKind;
  object: 'constraint' | 'index';
  name: string;
  table: string;
  detail: string;
}

// Problems first, so the top of the printed diff is what needs a DBA.
const ORDER: ChangeKind[] = ['invalid', 'disappeared', 'changed', 'appeared', 'revalidated'];

export function diffSnapshots(prev: SchemaState, cur: SchemaState): SnapshotChange[] {
  const out: SnapshotChange[] = [];
  const byKey = <T extends { table: string; name: string }>(xs: T[]) =>
    new Map(xs.map((x) => [`${x.table} ${x.name}`, x]));
  const pc = byKey(prev.constraints);
  const cc = byKey(cur.constraints);
  for (const [k, p] of pc)
    if (!cc.has(k))
      out.push({ kind: 'disappeared', object: 'constraint', name: p.name, table: p.table, detail: p.definition });
  for (const [k, c] of cc) {
    const p = pc.get(k);
    const ok = c.status === 'valid';
    if (!p)
      out.push({
        kind: ok ? 'appeared' : 'invalid',
        object: 'constraint',
        name: c.name,
        table: c.table,
        detail: `${ok ? '' : 'new and NOT VALIDATED: '}${c.definition}`,
      });
    else if (p.status === 'valid' && !ok)
      out.push({
        kind: 'invalid',
        object: 'constraint',
        name: c.name,
        table: c.table,
        detail: `needs revalidate: ${c.definition}`,
      });
    else if (p.status !== 'valid' && ok)
      out.push({ kind: 'revalidated', object: 'constraint', name: c.name, table: c.table, detail: c.definition });
    else if (p.definition !== c.definition)
      out.push({
        kind: 'changed',
        object: 'constraint',
        name: c.name,
        table: c.table,
        detail: `${p.definition} → ${c.definition}`,
      });
  }
  const pi = byKey(prev.indexes);
  const ci = byKey(cur.indexes);
  const pu = byKey(prev.uniqueness);
  const cu = byKey(cur.uniqueness);
  const flags = (i: SnapshotIndex) => `indisvalid=${i.valid}, indisready=${i.ready}`;
  for (const [k, p] of pi)
    if (!ci.has(k))
      out.push({
        kind: 'disappeared',
        object: 'index',
        name: p.name,
        table: p.table,
        detail: pu.get(k)?.definition ?? flags(p),
      });
  for (const [k, c] of ci) {
    const p = pi.get(k);
    const ok = c.valid && c.ready;
    if (!p)
      out.push({
        kind: ok ? 'appeared' : 'invalid',
        object: 'index',
        name: c.name,
        table: c.table,
        detail: `${ok ? '' : 'new and not usable: '}${flags(c)}${cu.get(k) ? `; ${cu.get(k)?.definition}` : ''}`,
      });
    else if (p.valid && p.ready && !ok)
      out.push({ kind: 'invalid', object: 'index', name: c.name, table: c.table, detail: flags(c) });
    else if (!(p.valid && p.ready) && ok)
      out.push({ kind: 'revalidated', object: 'index', name: c.name, table: c.table, detail: flags(c) });
    else if (pu.get(k)?.definition !== cu.get(k)?.definition)
      out.push({
        kind: 'changed',
        object: 'index',
        name: c.name,
        table: c.table,
        detail: `${pu.get(k)?.definition ?? 'not unique'} → ${cu.get(k)?.definition ?? 'not unique'}`,
      });
  }
  return out.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

export function renderDiff(changes: readonly SnapshotChange[], previous: string | null): string {
  if (previous === null)
    return 'no earlier snapshot in the archive: nothing to compare with (this one is the baseline)';
  if (changes.length === 0) return `no change in constraints or indexes since ${previous}`;
  const lines = changes.map(
    (c) => `  ${c.kind.toUpperCase().padEnd(12)} ${c.object} ${c.name} on ${c.table}: ${c.detail}`,
  );
  return [`${changes.length} change(s) since ${previous}:`, ...lines].join('\n');
}
