// cdc.slot_lag (daily) and slots.orphaned (quarterly): WAL held back by replication slots. Read only:
// dropping a slot is a decision for a person (it loses the changes its consumer has not read).

import { statusAbove, worst, type Status } from '../check.js';
import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';

const GiB = 1024 ** 3;
/** A CDC slot without a consumer for longer than this is CRIT (the spec's "inactive > 1 h"). */
export const SLOT_INACTIVE_LIMIT_MS = 3_600_000;

interface SlotRow {
  wal_level: string;
  slot_name: string | null;
  plugin: string | null;
  active: boolean | null;
  wal_status: string | null;
  flush_lag_bytes: number | null;
  retained_bytes: number | null;
  safe_wal_size: number | null;
  restart_lsn: string | null;
  confirmed_flush_lsn: string | null;
  inactive_since: string | null;
}

const cdcSlotLag: OpsCheck = {
  id: 'cdc.slot_lag',
  title: 'CDC replication slot: WAL retained and consumer attached',
  cadence: 'daily',
  unit: 'bytes',
  thresholds: { warn: 1 * GiB, crit: 5 * GiB },
  remedy:
    "Daily checklist (CDC slot lag): start or unblock the service's CDC stage (uns-meta start, its logs and cdc_lag_bytes); if the consumer is gone for good, drop the slot (pg_drop_replication_slot) before it fills the WAL disk, and resynchronise Canary",
  run: async (ctx, t) => {
    const slot = ctx.settings.cdc.slot;
    const row = (await ctx.db.query<SlotRow>(opsSql('cdc-slot-lag.sql'), [slot])).rows[0];
    if (!row?.slot_name) {
      if (!ctx.settings.cdc.enabled)
        return { status: 'SKIP', evidence: { slot, reason: 'CDC_ENABLED=false and no slot' } };
      return {
        status: 'CRIT',
        evidence: { slot, walLevel: row?.wal_level, findings: [`slot ${slot} does not exist while CDC_ENABLED=true`] },
        remedy: `start the service's CDC stage (it creates ${slot} when wal_level = logical; now ${row?.wal_level ?? '?'}); changes made meanwhile reach Canary only after a resynchronisation`,
      };
    }
    const now = ctx.now();
    const retained = row.retained_bytes ?? 0;
    const statuses: Status[] = [statusAbove(retained, t)];
    const findings: string[] = [];
    if (statuses[0] !== 'OK') findings.push(`${(retained / GiB).toFixed(2)} GiB of WAL retained`);
    if (row.wal_status === 'unreserved' || row.wal_status === 'lost') {
      statuses.push('CRIT');
      findings.push(
        `wal_status ${row.wal_status}: WAL the slot needs ${row.wal_status === 'lost' ? 'is gone; the slot is unusable, recreate it and resynchronise' : 'is about to be removed (max_slot_wal_keep_size)'}`,
      );
    }
    let inactiveSince: string | null = null;
    if (row.active === false) {
      // PostgreSQL 16 does not record since when a slot is inactive: the first run to see it inactive
      // records the time, later runs keep it (PostgreSQL 17's inactive_since wins when present).
      const prev = (await ctx.history('cdc.slot_lag', 1))[0]?.evidence as
        { slot?: string; active?: boolean; inactiveSince?: string | null } | undefined;
      const kept = prev?.slot === slot && prev.active === false ? (prev.inactiveSince ?? null) : null;
      inactiveSince = row.inactive_since ? new Date(row.inactive_since).toISOString() : kept;
      if (inactiveSince === null) {
        inactiveSince = now.toISOString();
        statuses.push('WARN');
        findings.push('no consumer attached (first seen inactive by this run; CRIT if still inactive after 1 h)');
      } else if (now.getTime() - Date.parse(inactiveSince) > SLOT_INACTIVE_LIMIT_MS) {
        statuses.push('CRIT');
        findings.push(`no consumer attached since ${inactiveSince} (more than 1 h)`);
      }
    }
    return {
      status: worst(statuses),
      value: retained,
      evidence: {
        slot,
        plugin: row.plugin,
        active: row.active,
        inactiveSince,
        walStatus: row.wal_status,
        retainedBytes: retained,
        flushLagBytes: row.flush_lag_bytes,
        safeWalSize: row.safe_wal_size,
        restartLsn: row.restart_lsn,
        confirmedFlushLsn: row.confirmed_flush_lsn,
        findings,
      },
    };
  },
};

interface AnySlotRow {
  slot_name: string;
  slot_type: string;
  database: string | null;
  this_database: boolean;
  active: boolean;
  wal_status: string | null;
  retained_bytes: number | null;
}

const slotsOrphaned: OpsCheck = {
  id: 'slots.orphaned',
  title: "Replication slots other than the service's that have no consumer; WAL retained by all slots",
  cadence: 'quarterly',
  unit: 'bytes',
  thresholds: { warn: null, crit: 5 * GiB },
  remedy:
    "Quarterly checklist (replication slot retention): find the owner of each listed slot; drop the abandoned ones with SELECT pg_drop_replication_slot('<name>')",
  run: async (ctx, t) => {
    const rows = (await ctx.db.query<AnySlotRow>(opsSql('slots-orphaned.sql'))).rows;
    const total = rows.reduce((n, r) => n + (r.retained_bytes ?? 0), 0);
    const describe = (r: AnySlotRow) => ({
      slot: r.slot_name,
      type: r.slot_type,
      database: r.database,
      active: r.active,
      walStatus: r.wal_status,
      retainedBytes: r.retained_bytes,
    });
    // Logical slots of other databases belong to whoever owns those databases: listed, not judged here.
    // Their WAL still counts in the total, because WAL is shared by the whole cluster.
    const inactive = rows.filter((r) => r.slot_name !== ctx.settings.cdc.slot && r.this_database && !r.active);
    const statuses: Status[] = [statusAbove(total, t)];
    if (inactive.length > 0) statuses.push('WARN');
    return {
      status: worst(statuses),
      value: total,
      evidence: {
        inactive: inactive.map(describe),
        otherDatabases: rows.filter((r) => !r.this_database).map(describe),
        slots: rows.length,
        retainedBytes: total,
        serviceSlot: ctx.settings.cdc.slot,
      },
    };
  },
};

export const slotChecks: OpsCheck[] = [cdcSlotLag, slotsOrphaned];
