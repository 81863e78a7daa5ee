// One human line per thing the simulated edge node does (births, changes, DDATA, commands, connection).
// Wording only: the lines are for people watching the demo, nothing parses them.
import type { PropertyValueInput } from '../sparkplug/encoder.js';
import type { DemoMetric } from './catalog.js';
import type { Change } from './scenario.js';

/** The last two name segments: enough to tell tags apart on one line (`…/FO6TT012/Temperature`). */
export function shortName(name: string): string {
  const segments = name.split('/');
  return segments.length <= 2 ? name : `…/${segments.slice(-2).join('/')}`;
}

export function describeChange(c: Change): string {
  switch (c.kind) {
    case 'property':
      return `${c.key} of '${shortName(c.metric)}' ${show(c.from)} → ${show(c.to)}`;
    case 'renamed':
      return `renamed '${shortName(c.from)}' → '${shortName(c.to)}' (alias ${c.alias})`;
    case 'retired':
      return `retired '${shortName(c.metric)}' (alias ${c.alias})`;
    case 'added':
      return `added '${shortName(c.metric)}' (alias ${c.alias}, ${c.datatype})`;
  }
}

export function birthLine(device: string, metricCount: number, changes: readonly Change[]): string {
  const head = `DBIRTH ${device} (${metricCount} metrics)`;
  return changes.length === 0 ? head : `${head}: ${changes.map(describeChange).join('; ')}`;
}

export function dataLine(device: string, metrics: readonly DemoMetric[]): string {
  return `DDATA ${device}: ${metrics.map((m) => `alias ${m.alias} (${shortName(m.name)}) = ${show(m.value)}`).join(', ')}`;
}

function show(v: PropertyValueInput): string {
  if (v === undefined || v === null) return '∅';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
