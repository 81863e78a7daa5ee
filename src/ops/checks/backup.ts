// backup.last (pgBackRest's newest successful backup) and backup.archive (WAL archiving from
// pg_stat_archiver). The rules are in ../backup/; `pgbackrest check` runs only in `ops backup check`.

import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';
import { judgeArchive, type ArchiverRow, type PreviousReading } from '../backup/archive-health.js';
import { judgeBackupLast } from '../backup/backup-info.js';
import { INSTALL_HINT, isPgBackRestMissing, pgBackRestFrom, pgBackRestInfo } from '../backup/pgbackrest.js';

const NO_STANZA =
  'no pgBackRest stanza configured: set OPS_PGBACKREST_STANZA (and OPS_PGBACKREST_CONFIG when the configuration is not /etc/pgbackrest.conf)';

export const backupLast: OpsCheck = {
  id: 'backup.last',
  title: 'Newest successful pgBackRest backup',
  cadence: 'daily',
  unit: 'hours',
  thresholds: { warn: 26, crit: 50 },
  remedy:
    'Backup and Recovery Notes: find why the nightly backup did not run (scheduler, pgBackRest log), then pgbackrest --stanza=… backup',
  run: async (ctx, t) => {
    const p = pgBackRestFrom(ctx.settings.backup);
    if (!p) return { status: 'SKIP', remedy: NO_STANZA };
    try {
      return judgeBackupLast(await pgBackRestInfo(p), p.stanza, ctx.now(), t);
    } catch (err) {
      if (isPgBackRestMissing(err))
        return { status: 'UNKNOWN', evidence: { error: (err as Error).message }, remedy: INSTALL_HINT };
      throw err;
    }
  },
};

export const backupArchive: OpsCheck = {
  id: 'backup.archive',
  title: 'WAL archiving (RPO exposure)',
  cadence: 'daily',
  unit: 'seconds',
  thresholds: { warn: null, crit: 900 },
  remedy: 'Backup and Recovery Notes: WAL archiving must keep the RPO under 15 minutes',
  run: async (ctx, t) => {
    const row = (await ctx.db.query<ArchiverRow>(opsSql('backup-archive.sql'))).rows[0] as ArchiverRow;
    // Without history (no check_runs access) the growth is unknown; the other rules still apply.
    const last = (await ctx.history('backup.archive', 1).catch(() => []))[0];
    const prev: PreviousReading | null =
      last && typeof last.evidence.failedCount === 'number'
        ? { failedCount: last.evidence.failedCount, statsReset: (last.evidence.statsReset as string | null) ?? null }
        : null;
    return judgeArchive(row, prev, ctx.now(), t, !!ctx.settings.backup.stanza);
  },
};

export const backupChecks: OpsCheck[] = [backupLast, backupArchive];
