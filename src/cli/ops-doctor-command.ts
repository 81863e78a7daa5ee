// `uns-meta ops doctor [flow]`: the playbook's troubleshooting flows (src/ops/doctor/), all of them
// without an argument; text or --json; exit code = worst step status (Nagios convention).

import type { Command } from 'commander';
import { nagiosCode, worst } from '../ops/check.js';
import { opsContext } from '../ops/context.js';
import { DOCTOR_FLOWS, runDoctor } from '../ops/doctor/flows.js';
import { renderDoctor } from '../ops/doctor/render.js';
import { AppError } from '../errors.js';
import { withCommandPool } from './command-pool.js';
import { createContext } from './context.js';
import { command } from './outcome.js';
import { opsSettings } from './settings.js';

export function registerOpsDoctorCommand(ops: Command): void {
  const flows = [...DOCTOR_FLOWS.keys()];
  ops
    .command('doctor [flow]')
    .description(`troubleshooting flows of the playbook (${flows.join(', ')}); all of them without an argument`)
    .option('--json', 'print the reports as JSON')
    .action(
      command(async (flow: string | undefined, o: { json?: boolean }) => {
        // Before connecting: a typo should not wait for (or start) a database.
        if (flow !== undefined && !DOCTOR_FLOWS.has(flow))
          throw new AppError('usage', `unknown flow "${flow}"; available: ${flows.join(', ')}`);
        const ctx = createContext();
        const reports = await withCommandPool(ctx.config, (pool) =>
          runDoctor(opsContext(pool, opsSettings(ctx.config)), flow),
        );
        console.log(o.json ? JSON.stringify(reports, null, 2) : renderDoctor(reports));
        return nagiosCode(worst(reports.flatMap((r) => r.steps.map((s) => s.status))));
      }),
    );
}
