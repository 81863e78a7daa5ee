// Text rendering of doctor reports (the CLI prints JSON itself): each step with its status and what was
// found, then the remedies in the playbook's order. Pure.

import type { DoctorReport } from '../doctor-report.js';

export function renderDoctor(reports: readonly DoctorReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    out.push(`== ${r.flow}: ${r.title}`);
    for (const s of r.steps) {
      const [first = '', ...rest] = s.detail.split('\n');
      out.push(`  [${s.status}] ${s.step}: ${first}`, ...rest.map((l) => `      ${l}`));
    }
    out.push('  remedies:', ...r.remedies.map((m, i) => `    ${i + 1}. ${m}`), '');
  }
  return out.join('\n');
}
