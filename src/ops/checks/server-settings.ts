// settings.pending_restart (weekly) and data.checksums (quarterly): what the server runs with that is not
// what its configuration or an operator expects — a changed setting not in force, pages without checksums.

import type { Queryable } from '../../db.js';
import { statusAbove } from '../check.js';
import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';

interface PendingRow {
  name: string;
  setting: string;
  unit: string | null;
  source: string;
}

/** What the configuration files say for each setting, and where (pg_file_settings: superusers only; else null). */
async function fileValues(
  db: Queryable,
  names: string[],
): Promise<Map<string, { value: string; file: string }> | null> {
  try {
    const rows = (
      await db.query<{ name: string; setting: string; sourcefile: string }>(
        'SELECT name, setting, sourcefile FROM pg_file_settings WHERE name = ANY($1) ORDER BY seqno',
        [names],
      )
    ).rows;
    // The last line of the files for a name is the one a restart applies.
    return new Map(rows.map((r) => [r.name, { value: r.setting, file: r.sourcefile }]));
  } catch {
    return null;
  }
}

const pendingRestart: OpsCheck = {
  id: 'settings.pending_restart',
  title: 'Settings changed but not in force until a restart',
  cadence: 'weekly',
  unit: 'settings',
  thresholds: { warn: 0, crit: null },
  remedy:
    'Restart PostgreSQL in a maintenance window so the settings named in the evidence take effect (the service reconnects by itself), or revert them (ALTER SYSTEM RESET name) if the change was not meant',
  run: async (ctx, t) => {
    const rows = (await ctx.db.query<PendingRow>(opsSql('settings-pending-restart.sql'))).rows;
    const files =
      rows.length > 0
        ? await fileValues(
            ctx.db,
            rows.map((r) => r.name),
          )
        : null;
    const settings = rows.map((r) => ({
      name: r.name,
      runningValue: r.unit ? `${r.setting} (${r.unit})` : r.setting,
      ...(files?.has(r.name) ? { configuredValue: files.get(r.name)?.value, file: files.get(r.name)?.file } : {}),
    }));
    const value = settings.length;
    return { status: statusAbove(value, t), value, evidence: { settings } };
  },
};

const dataChecksums: OpsCheck = {
  id: 'data.checksums',
  title: 'Data page checksums',
  cadence: 'quarterly',
  unit: 'failures',
  thresholds: { warn: null, crit: 0 },
  remedy:
    'Checksums let PostgreSQL detect a page the disk corrupted instead of reading it silently: enable them with pg_checksums --enable on the stopped cluster (or initdb --data-checksums when a replica or a restore target is rebuilt); a failure already counted means a damaged page — restore it from backup',
  run: async (ctx, t) => {
    const row = (
      await ctx.db.query<{ data_checksums: string; failures: string; last_failure: Date | null }>(
        opsSql('data-checksums.sql'),
      )
    ).rows[0];
    const on = row?.data_checksums === 'on';
    const failures = Number(row?.failures ?? 0);
    const evidence = { dataChecksums: row?.data_checksums ?? 'unknown', failures, lastFailure: row?.last_failure };
    if (on && t.crit !== null && failures > t.crit) return { status: 'CRIT', value: failures, evidence };
    return { status: on ? 'OK' : 'WARN', value: failures, evidence };
  },
};

export const serverSettingsChecks: OpsCheck[] = [pendingRestart, dataChecksums];
