// Judges backup.archive from one pg_stat_archiver reading and the previous run: failing archive_command,
// failures since the previous run, and the RPO exposure — how long WAL written since the last archived
// segment has been waiting (RPO ≤ 15 min). Pure: the SQL is src/ops/sql/backup-archive.sql.

import type { Measurement, Thresholds } from '../check.js';

export interface ArchiverRow {
  archived_count: bigint | number;
  failed_count: bigint | number;
  last_archived_wal: string | null;
  last_archived_time: Date | null;
  last_failed_wal: string | null;
  last_failed_time: Date | null;
  stats_reset: Date | null;
  archive_mode: string;
  archive_command: string;
  archive_timeout: string;
  wal_segment_bytes: bigint | number;
  in_recovery: boolean;
  current_wal_bytes: bigint | number | null;
  server_started: Date;
}

export interface PreviousReading {
  failedCount: number;
  statsReset: string | null;
}

const REMEDY = 'Backup and Recovery Notes: ';

export function judgeArchive(
  r: ArchiverRow,
  prev: PreviousReading | null,
  now: Date,
  t: Thresholds,
  stanzaConfigured: boolean,
): Measurement {
  const failedCount = Number(r.failed_count);
  const statsReset = r.stats_reset?.toISOString() ?? null;
  // After a statistics reset the counter restarted: everything counted since then is new.
  const failedSincePrevious =
    prev === null ? null : prev.statsReset === statsReset ? failedCount - prev.failedCount : failedCount;
  const waiting = walWaitingBytes(r);
  const since = r.last_archived_time ?? r.server_started;
  const ageSeconds = Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000));
  // Unknown (e.g. the last file archived was a timeline history file) counts as waiting: never a silent OK.
  const exposure = waiting === null || waiting > 0 ? ageSeconds : 0;
  const evidence = {
    archiveMode: r.archive_mode,
    archiveTimeout: r.archive_timeout,
    archiveCommand: r.archive_command,
    archivedCount: Number(r.archived_count),
    failedCount,
    failedSincePrevious,
    statsReset,
    lastArchivedWal: r.last_archived_wal,
    lastArchivedAt: r.last_archived_time?.toISOString() ?? null,
    lastFailedWal: r.last_failed_wal,
    lastFailedAt: r.last_failed_time?.toISOString() ?? null,
    lastArchiveAgeSeconds: ageSeconds,
    walWaitingBytes: waiting,
  };
  if (r.in_recovery && r.archive_mode !== 'always')
    return {
      status: 'SKIP',
      value: null,
      evidence,
      remedy: 'a standby: its primary archives the WAL (or set archive_mode=always here)',
    };
  if (r.archive_mode === 'off') {
    if (!stanzaConfigured)
      return {
        status: 'SKIP',
        value: null,
        evidence,
        remedy: `${REMEDY}WAL archiving is off and no pgBackRest stanza is configured (OPS_PGBACKREST_STANZA): point-in-time recovery is not possible`,
      };
    return {
      status: 'CRIT',
      value: null,
      evidence,
      remedy: `${REMEDY}archive_mode=off: no WAL reaches the repository; set archive_mode=on and archive_command='pgbackrest --stanza=… archive-push %p', restart`,
    };
  }
  const failing =
    r.last_failed_time !== null && (r.last_archived_time === null || r.last_failed_time > r.last_archived_time);
  if (failing) {
    return {
      status: 'CRIT',
      value: exposure,
      evidence,
      remedy: `${REMEDY}archiving fails (last failed WAL ${r.last_failed_wal}); read the server log and pgBackRest's archive-push log, run pgbackrest check, fix archive_command or the repository`,
    };
  }
  if (t.crit !== null && exposure > t.crit) {
    return {
      status: 'CRIT',
      value: exposure,
      evidence,
      remedy: `${REMEDY}WAL written since ${since.toISOString()} is not archived yet (RPO ≤ 15 min); set archive_timeout (e.g. 5min) so quiet periods still switch segments, and check the archiver keeps up`,
    };
  }
  if (t.warn !== null && exposure > t.warn) return { status: 'WARN', value: exposure, evidence };
  if (failedSincePrevious !== null && failedSincePrevious > 0) {
    return {
      status: 'WARN',
      value: exposure,
      evidence,
      remedy: `${REMEDY}${failedSincePrevious} archive attempt(s) failed since the previous run (archiving recovered); read pgBackRest's archive-push log`,
    };
  }
  return { status: 'OK', value: exposure, evidence };
}

/** Bytes of WAL after the end of the last archived segment; null when that file names no segment. */
export function walWaitingBytes(
  r: Pick<ArchiverRow, 'last_archived_wal' | 'wal_segment_bytes' | 'current_wal_bytes'>,
): number | null {
  const m = /^[0-9A-F]{8}([0-9A-F]{8})([0-9A-F]{8})/.exec(r.last_archived_wal ?? '');
  if (!m || r.current_wal_bytes === null) return null;
  const seg = BigInt(r.wal_segment_bytes);
  const segno = BigInt(`0x${m[1]}`) * (0x100000000n / seg) + BigInt(`0x${m[2]}`);
  const waiting = BigInt(r.current_wal_bytes) - (segno + 1n) * seg;
  return Number(waiting > 0n ? waiting : 0n);
}
