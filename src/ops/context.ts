// What a check may use: the database connection it reads with (its role decides what is visible),
// the config, a clock, and the history of earlier runs for trends. Built by the CLI or the scheduler.

import type { ViewsTarget } from '../canary/views.js';
import type { Config } from '../config.js';
import type { Pool } from '../db.js';

export interface PastRun {
  status: string;
  value: number | null;
  evidence: Record<string, unknown>;
  startedAt: Date;
}

export interface OpsContext {
  db: Pool;
  config: Config;
  now(): Date;
  /** Earlier runs of a check, newest first (uns_meta_sync.check_runs). */
  history(checkId: string, limit: number): Promise<PastRun[]>;
  /**
   * The Views API of the Canary simulator the service runs when CANARY_SAF_URL is unset: that Canary
   * target is known only to the running service, not to the config (canary.parity).
   */
  canaryViews?: ViewsTarget | undefined;
}

export function opsContext(
  db: Pool,
  config: Config,
  now: () => Date = () => new Date(),
  o: { canaryViews?: ViewsTarget | undefined } = {},
): OpsContext {
  return {
    db,
    config,
    now,
    canaryViews: o.canaryViews,
    history: async (checkId, limit) => {
      const r = await db.query<{
        status: string;
        value: number | null;
        evidence: Record<string, unknown>;
        started_at: Date;
      }>(
        'SELECT status, value, evidence, started_at FROM uns_meta_sync.check_runs WHERE check_id = $1 ORDER BY started_at DESC, run_id DESC LIMIT $2',
        [checkId, limit],
      );
      return r.rows.map((x) => ({ status: x.status, value: x.value, evidence: x.evidence, startedAt: x.started_at }));
    },
  };
}
