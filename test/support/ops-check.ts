// Runs one ops check as `uns-meta ops check --only <id>` does, results stored in check_runs (so the
// history that deltas and trends need builds up), with OPS_* settings and an optional clock.

import { opsSettings } from '../../src/cli/settings.js';
import { loadConfig } from '../../src/config.js';
import type { Pool } from '../../src/db.js';
import type { CheckResult } from '../../src/ops/check.js';
import { runCheckCadence } from '../../src/ops/check-run.js';
import { opsContext } from '../../src/ops/context.js';

export type RunCheck = (id: string, env?: Record<string, string>, now?: () => Date) => Promise<CheckResult>;

export function opsConfig(env: Record<string, string> = {}) {
  return loadConfig({ DATABASE_URL: 'postgres://unused/x', ...env }, { envFile: '/nonexistent' });
}

export function checkRunner(pool: Pool): RunCheck {
  return async (id, env = {}, now) => {
    const run = await runCheckCadence(opsContext(pool, opsSettings(opsConfig(env)), now), {
      cadence: 'all',
      only: [id],
    });
    if (run.notRecorded) throw new Error(run.notRecorded);
    const r = run.results[0];
    if (!r) throw new Error(`${id} did not run`);
    return r;
  };
}

/** A history row of a check as an earlier run would have stored it, `daysAgo` days back. */
export async function insertPastRun(
  pool: Pool,
  id: string,
  daysAgo: number,
  evidence: Record<string, unknown>,
  status = 'OK',
): Promise<void> {
  await pool.query(
    `INSERT INTO uns_meta_sync.check_runs (check_id, cadence, status, evidence, started_at) VALUES ($1, 'test', $2, $3, now() - make_interval(secs => $4 * 86400))`,
    [id, status, JSON.stringify(evidence), daysAgo],
  );
}
