// What a check may use: the database connection it reads with (its role decides what is visible),
// its settings, a clock, and the history of earlier runs for trends. Built by the CLI or the scheduler.

import type { ViewsTarget } from '../canary/views.js';
import type { Pool } from '../db.js';
import type { PgBackRestSettings } from './backup/pgbackrest.js';
import type { CheckRunSettings } from './check-run.js';
import type { CanaryParitySettings } from './checks/canary-parity.js';
import type { GrantsSettings } from './grants/check.js';
import type { TlsSettings } from './tls/connection-settings.js';

export interface PastRun {
  status: string;
  value: number | null;
  evidence: Record<string, unknown>;
  startedAt: Date;
}

/** What the checks and doctor flows read, a group per consumer; `uns-meta` builds it from the config. */
export interface OpsSettings {
  run: CheckRunSettings;
  /** DB_POOL_MAX: the service's own pool, set against max_connections (connections.capacity). */
  poolMax: number;
  /** The service's CDC (cdc.slot_lag, slots.orphaned, canary.parity). */
  cdc: {
    enabled: boolean;
    slot: string;
    /** CDC_DEBOUNCE_MAX_SECONDS: the longest a change may wait before it is sent. */
    debounceMaxSeconds: number;
  };
  /** OPS_STORAGE_GROWTH_WINDOW_DAYS (storage.trend). */
  storageGrowthWindowDays: number;
  /** OPS_VACUUM_MAINTENANCE_WORK_MEM: what a VACUUM FULL would run with (doctor flow C). */
  vacuumMaintenanceWorkMem: string;
  /** HTTP_HOST and HTTP_PORT: where the service's admin endpoint listens (doctor flow A's advice). */
  http: { host: string; port: number };
  tls: TlsSettings;
  grants: GrantsSettings;
  backup: PgBackRestSettings;
  canary: CanaryParitySettings;
}

export interface OpsContext {
  db: Pool;
  settings: OpsSettings;
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
  settings: OpsSettings,
  now: () => Date = () => new Date(),
  o: { canaryViews?: ViewsTarget | undefined } = {},
): OpsContext {
  return {
    db,
    settings,
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
