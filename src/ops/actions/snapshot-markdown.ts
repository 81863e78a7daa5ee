// The human half of a snapshot archive (snapshot.md): the diff first, then each part of the Validation
// SQL kit as a table. Pure.

import type { SnapshotChange } from './snapshot-diff.js';
import type { Snapshot } from './snapshot.js';

const cell = (v: unknown) =>
  (v instanceof Date ? v.toISOString() : String(v ?? '')).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function table(head: string[], rows: unknown[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

export function snapshotMarkdown(s: Snapshot, changes: readonly SnapshotChange[], previous: string | null): string {
  const out = [`# uns-meta validation snapshot: ${s.database}, ${s.takenAt}`, ''];
  out.push(
    '## Changes',
    '',
    previous ? `Compared with ${previous}.` : 'No earlier snapshot: this one is the baseline.',
    '',
  );
  if (changes.length)
    out.push(
      ...table(
        ['change', 'object', 'name', 'table', 'detail'],
        changes.map((c) => [c.kind, c.object, c.name, c.table, c.detail]),
      ),
    );
  else if (previous) out.push('No change in constraints or indexes.');
  out.push(
    '',
    '## Constraints',
    '',
    ...table(
      ['table', 'constraint', 'type', 'status', 'definition'],
      s.constraints.map((c) => [c.table, c.name, c.type, c.status, c.definition]),
    ),
  );
  out.push(
    '',
    '## CHECK coverage (metric_properties)',
    '',
    ...table(
      ['constraint', 'definition'],
      s.checkCoverage.map((c) => [c.name, c.definition]),
    ),
  );
  out.push(
    '',
    '## Indexes',
    '',
    ...table(
      ['index', 'table', 'valid', 'ready', 'bytes'],
      s.indexes.map((i) => [i.name, i.table, i.valid, i.ready, i.bytes]),
    ),
  );
  out.push(
    '',
    '## Uniqueness',
    '',
    ...table(
      ['index', 'table', 'definition'],
      s.uniqueness.map((u) => [u.name, u.table, u.definition]),
    ),
  );
  out.push(
    '',
    '## Vacuum',
    '',
    ...table(
      ['table', 'dead tuples', 'vacuums', 'autovacuums', 'last vacuum', 'last autovacuum'],
      s.vacuum.map((v) => [
        v.table_name,
        v.n_dead_tup,
        v.vacuum_count,
        v.autovacuum_count,
        v.last_vacuum,
        v.last_autovacuum,
      ]),
    ),
  );
  out.push('', '## Bloat (pgstattuple)', '');
  if ('error' in s.bloat) out.push(`Not measured: ${s.bloat.error}`);
  else {
    out.push(
      ...table(
        ['table', 'bytes', 'method', 'dead %', 'free %', 'bloat %'],
        s.bloat.tables.map((b) => [b.table, b.bytes, b.method, b.deadPct, b.freePct, b.bloatPct]),
      ),
    );
    for (const k of s.bloat.skipped) out.push('', `Not measured: ${k.table}: ${k.reason}`);
  }
  return out.join('\n') + '\n';
}
