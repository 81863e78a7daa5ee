// wal.retention and archive.ready (daily): the two ways WAL fills the database server's disk — a slot
// whose consumer is stuck (unbounded while max_slot_wal_keep_size is -1) and an archiver that keeps
// failing (every segment waits as a .ready file). Read only.

import { statusAbove, worst, type Status } from '../check.js';
import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';

const MiB = 1024 ** 2;
/** pg_wal over this many times max_wal_size is a finding (the server normally recycles down to it). */
const PG_WAL_OVER_MAX_WAL_SIZE = 2;

interface SlotWal {
  slot: string;
  type: string;
  active: boolean;
  walStatus: string | null;
  retainedBytes: number | null;
  safeWalSize: number | null;
}

const walRetention: OpsCheck = {
  id: 'wal.retention',
  title: 'WAL kept for replication slots vs max_slot_wal_keep_size, and pg_wal size',
  cadence: 'daily',
  unit: 'percent',
  // Percent of max_slot_wal_keep_size the fullest slot retains; the fixed rules are in the body.
  thresholds: { warn: null, crit: 90 },
  remedy:
    'Set max_slot_wal_keep_size (e.g. 10% of the WAL disk: ALTER SYSTEM SET max_slot_wal_keep_size = ..., then SELECT pg_reload_conf()) so a stuck consumer costs its slot, not the database; unblock the consumer named in the evidence (cdc.slot_lag) or drop its slot',
  run: async (ctx, t) => {
    const row = (
      await ctx.db.query<{ keep_mb: string; max_wal_mb: string; pg_wal_bytes: string; slots: SlotWal[] }>(
        opsSql('wal-retention.sql'),
      )
    ).rows[0];
    const keepMb = Number(row?.keep_mb ?? -1);
    const maxWalBytes = Number(row?.max_wal_mb ?? 0) * MiB;
    const pgWalBytes = Number(row?.pg_wal_bytes ?? 0);
    const slots = row?.slots ?? [];
    const statuses: Status[] = ['OK'];
    const findings: string[] = [];
    if (keepMb < 0 && slots.length > 0) {
      statuses.push('WARN');
      findings.push(
        `max_slot_wal_keep_size = -1 (unlimited) while ${slots.length} slot(s) exist (${slots.map((s) => s.slot).join(', ')}): a stuck consumer can fill the disk`,
      );
    }
    if (maxWalBytes > 0 && pgWalBytes > PG_WAL_OVER_MAX_WAL_SIZE * maxWalBytes) {
      statuses.push('WARN');
      findings.push(
        `pg_wal holds ${(pgWalBytes / MiB).toFixed(0)} MiB, more than ${PG_WAL_OVER_MAX_WAL_SIZE} × max_wal_size (${(maxWalBytes / MiB).toFixed(0)} MiB)`,
      );
    }
    let value: number | null = null;
    if (keepMb >= 0) {
      const cap = keepMb * MiB;
      for (const s of slots) {
        if (s.retainedBytes === null) continue;
        const pct = cap === 0 ? 100 : (100 * s.retainedBytes) / cap;
        value = Math.max(value ?? 0, Math.round(pct * 10) / 10);
        const status = statusAbove(pct, t);
        if (status !== 'OK') {
          statuses.push(status);
          findings.push(
            `slot ${s.slot} retains ${(s.retainedBytes / MiB).toFixed(0)} MiB, ${pct.toFixed(0)}% of max_slot_wal_keep_size: the server invalidates it at 100%`,
          );
        }
      }
    }
    return {
      status: worst(statuses),
      value,
      evidence: { maxSlotWalKeepSizeMb: keepMb, maxWalSizeMb: maxWalBytes / MiB, pgWalBytes, slots, findings },
    };
  },
};

interface ArchiveRow {
  archive_mode: string;
  ready: number;
  oldest_ready: Date | null;
  failed_count: string;
  last_failed_wal: string | null;
  last_failed_time: Date | null;
  last_archived_wal: string | null;
  last_archived_time: Date | null;
}

const archiveReady: OpsCheck = {
  id: 'archive.ready',
  title: 'WAL segments waiting for the archiver',
  cadence: 'daily',
  unit: 'segments',
  thresholds: { warn: 100, crit: 500 },
  remedy:
    'Backups and DR: fix the archive_command (the evidence names the last segment that failed; pgbackrest --stanza=... check says why) — until it succeeds every segment stays in pg_wal, and point-in-time recovery stops at the last archived one',
  run: async (ctx, t) => {
    const row = (await ctx.db.query<ArchiveRow>(opsSql('archive-ready.sql'))).rows[0];
    if (!row || row.archive_mode === 'off')
      return { status: 'SKIP', evidence: { archiveMode: row?.archive_mode ?? 'off', reason: 'archive_mode = off' } };
    return {
      status: statusAbove(row.ready, t),
      value: row.ready,
      evidence: {
        archiveMode: row.archive_mode,
        ready: row.ready,
        oldestReady: row.oldest_ready,
        failedCount: Number(row.failed_count),
        lastFailedWal: row.last_failed_wal,
        lastFailedTime: row.last_failed_time,
        lastArchivedWal: row.last_archived_wal,
        lastArchivedTime: row.last_archived_time,
      },
    };
  },
};

export const walChecks: OpsCheck[] = [walRetention, archiveReady];
