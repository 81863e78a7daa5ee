// The DR rehearsal report as an operator reads it (the JSON form is the report object itself). Pure.

import type { RehearsalReport } from './rehearsal.js';

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const minutes = (s: number) => `${(s / 60).toFixed(1)} min`;

export function renderRehearsal(r: RehearsalReport): string {
  const rpo =
    r.rpo.seconds === null
      ? 'unknown (the restore holds no application data)'
      : r.rpo.sourceNewest === null
        ? '0 s (the source holds no application data yet)'
        : `${r.rpo.seconds.toFixed(1)} s`;
  const lines = [
    `DR rehearsal: ${r.status} — ${r.method === 'pgbackrest' ? `pgBackRest restore${r.pitr ? ` to ${r.pitr}` : ' of the newest backup'}` : 'logical copy of the live database (no pgBackRest stanza)'} of ${r.database}`,
    `  RTO ${r.rto.seconds.toFixed(1)} s (restore ${r.restore.seconds.toFixed(1)} s + start ${r.restore.startSeconds.toFixed(1)} s${r.canary ? ` + Canary back in parity ${r.canary.seconds.toFixed(1)} s` : ''}), target ${minutes(r.rto.target)}: ${verdict(r.rto.met)}`,
    `  RPO ${rpo} (newest write: source ${r.rpo.sourceNewest ?? '-'}, restore ${r.rpo.restoreNewest ?? '-'}), target ${minutes(r.rpo.target)}: ${verdict(r.rpo.met)}`,
    `  restored rows: ${Object.entries(r.restoredRows)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  migrations applied: ${r.migrations.applied.length ? r.migrations.applied.join(', ') : 'none pending'} (${r.migrations.seconds.toFixed(1)} s)`,
    `  smoke test: ${r.smoke.ok ? 'passed' : 'FAILED'}`,
    ...r.smoke.steps.map((s) => `    ${s.ok ? 'ok  ' : 'FAIL'} ${s.name}: ${s.detail}`),
    r.canary
      ? `  Canary after the restore (CDC's initial snapshot to a simulator): ${r.canary.ok ? `${r.canary.inParity} of ${r.canary.tags} tag(s) in parity after ${r.canary.seconds.toFixed(1)} s` : `NOT in parity — ${r.canary.error ?? ''} (${r.canary.inParity} of ${r.canary.tags}, ${r.canary.missingTags} missing, ${r.canary.differing} differing)`}`
      : '  Canary after the restore: not rehearsed (CDC_ENABLED=false)',
    `  scratch ${r.scratch.dir} (port ${r.scratch.port}): ${r.scratch.removed ? 'removed' : 'NOT removed — delete it by hand'}`,
  ];
  return lines.join('\n');
}
