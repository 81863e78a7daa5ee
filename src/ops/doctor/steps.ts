// What the doctor flows share: running a few registered checks without recording them (a diagnosis
// must not shift the history trends compare with), and a step that turns a failure into UNKNOWN.

import type { CheckResult } from '../check.js';
import type { OpsContext } from '../context.js';
import type { DoctorStep } from '../doctor-report.js';
import { ALL_CHECKS } from '../registry.js';
import { failure, runChecks } from '../runner.js';
import { parseThresholdOverrides } from '../thresholds.js';

/** The registered checks among `ids`, run with the configured thresholds; ids not registered are left out. */
export async function diagnosticChecks(ctx: OpsContext, ids: readonly string[]): Promise<CheckResult[]> {
  const { overrides } = parseThresholdOverrides(
    ctx.settings.run.thresholdEnv,
    ALL_CHECKS.map((c) => c.id),
  );
  const checks = ALL_CHECKS.filter((c) => ids.includes(c.id));
  return runChecks(ctx, checks, { overrides, timeoutMs: ctx.settings.run.timeoutMs });
}

/** One step of a flow; a step that cannot look (privilege, missing table) says so and the flow goes on. */
export async function guardedStep(step: string, fn: () => Promise<DoctorStep>): Promise<DoctorStep> {
  try {
    return await fn();
  } catch (err) {
    const m = failure(err);
    return { step, status: 'UNKNOWN', detail: m.remedy ?? String(err), evidence: m.evidence };
  }
}

export function checkLine(r: CheckResult): string {
  const value = r.value === null ? '' : ` ${r.value}${r.unit ? ` ${r.unit}` : ''}`;
  return `${r.id} ${r.status}${value}${r.status === 'OK' ? '' : ` — ${r.remedy}`}`;
}
