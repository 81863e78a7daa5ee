// Report renderers of `ops check` (pure): table (one line per check, coloured on a terminal), json (the
// array of results), prometheus (text exposition of uns_meta_check_status / _value), nagios (one status
// line with perfdata), and the markdown of the archive.

import { nagiosCode, statusValue, worst, type CheckResult, type Status } from './check.js';

export type ReportFormat = 'table' | 'json' | 'prometheus' | 'nagios';

const COLOUR: Record<Status, string> = {
  OK: '\x1b[32m',
  WARN: '\x1b[33m',
  CRIT: '\x1b[31m',
  UNKNOWN: '\x1b[35m',
  SKIP: '\x1b[90m',
};

export function render(results: readonly CheckResult[], format: ReportFormat, o: { colour?: boolean } = {}): string {
  switch (format) {
    case 'json':
      return JSON.stringify(results, null, 2);
    case 'prometheus':
      return prometheus(results);
    case 'nagios':
      return nagios(results);
    case 'table':
      return table(results, o.colour ?? false);
  }
}

function show(v: number | null, unit: string): string {
  if (v === null) return '-';
  const n = Number.isInteger(v) ? String(v) : v.toFixed(2);
  return unit ? `${n} ${unit}` : n;
}

function table(results: readonly CheckResult[], colour: boolean): string {
  const rows = results.map((r) => [
    r.status,
    r.cadence,
    r.id,
    show(r.value, r.unit),
    `${show(r.warn, '')}/${show(r.crit, '')}`,
    r.status === 'OK' ? r.title : `${r.title} — ${r.remedy}`,
  ]);
  const head = ['STATUS', 'CADENCE', 'CHECK', 'VALUE', 'WARN/CRIT', 'WHAT'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ');
  const body = rows.map((cells, i) => {
    const text = line(cells);
    const s = (results[i] as CheckResult).status;
    return colour ? `${COLOUR[s]}${text}\x1b[0m` : text;
  });
  return [line(head), ...body].join('\n');
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function prometheus(results: readonly CheckResult[]): string {
  const lines = [
    '# HELP uns_meta_check_status Latest verdict of an ops check: 0 OK (or SKIP), 1 WARN, 2 CRIT, 3 UNKNOWN',
    '# TYPE uns_meta_check_status gauge',
    ...results.map(
      (r) => `uns_meta_check_status{check="${escapeLabel(r.id)}",cadence="${r.cadence}"} ${statusValue(r.status)}`,
    ),
    '# HELP uns_meta_check_value The value an ops check measured, in its unit',
    '# TYPE uns_meta_check_value gauge',
    ...results
      .filter((r) => r.value !== null && Number.isFinite(r.value))
      .map((r) => `uns_meta_check_value{check="${escapeLabel(r.id)}",cadence="${r.cadence}"} ${r.value}`),
  ];
  return lines.join('\n') + '\n';
}

/** `UNS-META CRITICAL - 2 CRIT, 1 WARN of 12: a, b | 'a'=3;1;2 …` (perfdata labels quoted, no '=' inside). */
function nagios(results: readonly CheckResult[]): string {
  const w = worst(results.map((r) => r.status));
  const name = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'][nagiosCode(w)];
  const count = (s: Status) => results.filter((r) => r.status === s).length;
  const bad = results.filter((r) => r.status === 'CRIT' || r.status === 'WARN' || r.status === 'UNKNOWN');
  const summary = `${count('CRIT')} CRIT, ${count('WARN')} WARN, ${count('UNKNOWN')} UNKNOWN of ${results.length}`;
  const perf = results
    .filter((r) => r.value !== null && Number.isFinite(r.value))
    .map((r) => `'${r.id.replace(/['=]/g, '_')}'=${r.value}${perfUnit(r.unit)};${r.warn ?? ''};${r.crit ?? ''}`);
  return `UNS-META ${name} - ${summary}${bad.length ? ': ' + bad.map((r) => `${r.id} ${r.status}`).join(', ') : ''} | ${perf.join(' ')}`.trimEnd();
}

/** Nagios perfdata units: s, %, B, c (counter) or none. */
function perfUnit(unit: string): string {
  return unit === 'bytes' ? 'B' : unit === '%' ? '%' : unit === 's' ? 's' : '';
}

/** The archive's human half: one section per check with its evidence. */
export function markdown(results: readonly CheckResult[], cadence: string, at: Date): string {
  const out = [
    `# uns-meta checks: ${cadence}, ${at.toISOString()}`,
    '',
    '| status | check | value | warn / crit | title |',
    '|---|---|---|---|---|',
  ];
  for (const r of results)
    out.push(
      `| ${r.status} | ${r.id} | ${show(r.value, r.unit)} | ${show(r.warn, '')} / ${show(r.crit, '')} | ${r.title} |`,
    );
  for (const r of results) {
    out.push(
      '',
      `## ${r.id}: ${r.status}`,
      '',
      `Remedy: ${r.remedy}`,
      '',
      '```json',
      JSON.stringify(r.evidence, null, 2),
      '```',
    );
  }
  return out.join('\n') + '\n';
}
