// Adds up birth outcomes for `ingest file` and renders them as text or JSON.

import type { BirthOutcome } from '../store/birth-writer.js';

export interface IngestSummary {
  births: number;
  applied: number;
  stale: number;
  quarantinedBirths: number;
  devices: string[];
  metrics: BirthOutcome['metrics'];
  propertiesWritten: number;
  versions: number;
  quarantined: number;
  canaryConflicts: number;
  seconds: number;
  dryRun: boolean;
  problems: Array<{ source: string; reason: string }>;
}

export function emptySummary(dryRun: boolean): IngestSummary {
  return {
    births: 0,
    applied: 0,
    stale: 0,
    quarantinedBirths: 0,
    devices: [],
    metrics: { created: 0, updated: 0, renamed: 0, restored: 0, retired: 0, unchanged: 0 },
    propertiesWritten: 0,
    versions: 0,
    quarantined: 0,
    canaryConflicts: 0,
    seconds: 0,
    dryRun,
    problems: [],
  };
}

export function addOutcome(s: IngestSummary, source: string, o: BirthOutcome): void {
  s.births += 1;
  if (o.status === 'applied') s.applied += 1;
  if (o.status === 'stale') s.stale += 1;
  if (o.status === 'quarantined') s.quarantinedBirths += 1;
  if (o.reason) s.problems.push({ source, reason: `${o.status}: ${o.reason}` });
  if (o.devicePath && !s.devices.includes(o.devicePath)) s.devices.push(o.devicePath);
  for (const k of Object.keys(s.metrics) as Array<keyof IngestSummary['metrics']>) s.metrics[k] += o.metrics[k];
  s.propertiesWritten += o.propertiesWritten;
  s.versions += o.versions;
  s.quarantined += o.quarantined;
  s.canaryConflicts += o.canaryConflicts.length;
}

export function renderSummary(s: IngestSummary): string {
  const m = s.metrics;
  const lines = [
    `${s.dryRun ? 'dry run (nothing written): ' : ''}${s.births} birth(s): ${s.applied} applied, ${s.stale} stale, ${s.quarantinedBirths} quarantined`,
    `devices: ${s.devices.length}${s.devices.length ? ` (${s.devices.slice(0, 5).join(', ')}${s.devices.length > 5 ? ', …' : ''})` : ''}`,
    `metrics: ${m.created} created, ${m.updated} updated, ${m.renamed} renamed, ${m.retired} retired, ${m.restored} restored, ${m.unchanged} unchanged`,
    `properties written: ${s.propertiesWritten}; versions: ${s.versions}; quarantined: ${s.quarantined}; canary id conflicts: ${s.canaryConflicts}`,
    `seconds: ${s.seconds.toFixed(2)}`,
  ];
  for (const p of s.problems.slice(0, 20)) lines.push(`  ${p.source}: ${p.reason}`);
  return lines.join('\n');
}
