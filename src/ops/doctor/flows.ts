// The troubleshooting flows of `ops doctor`, as a table: a flow is one entry (its import and one line).
// Flow B (TLS handshake failures) lives with the TLS code in src/ops/tls/.

import type { OpsContext } from '../context.js';
import type { DoctorReport } from '../doctor-report.js';
import { AppError } from '../../errors.js';
import { flowB } from '../tls/doctor-flow-b.js';
import { flowA } from './flow-a.js';
import { flowC } from './flow-c.js';

export type DoctorFlow = (ctx: OpsContext) => Promise<DoctorReport>;

/** In the playbook's order; `ops doctor` without an argument runs them all. */
export const DOCTOR_FLOWS: ReadonlyMap<string, DoctorFlow> = new Map<string, DoctorFlow>([
  ['flow-a', flowA],
  ['flow-b', flowB],
  ['flow-c', flowC],
]);

export async function runDoctor(ctx: OpsContext, flow?: string): Promise<DoctorReport[]> {
  if (flow === undefined) {
    const reports: DoctorReport[] = [];
    for (const f of DOCTOR_FLOWS.values()) reports.push(await f(ctx));
    return reports;
  }
  const f = DOCTOR_FLOWS.get(flow);
  if (!f) throw new AppError('usage', `unknown flow "${flow}"; available: ${[...DOCTOR_FLOWS.keys()].join(', ')}`);
  return [await f(ctx)];
}
