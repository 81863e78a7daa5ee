// xmin.horizon (daily): the oldest xmin holder, named — the usual reason autovacuum runs and bloat still
// grows (flow C). Sessions and prepared transactions are timed; slots and standbys have no start time in
// PostgreSQL 16 and are listed by xid age; an inactive slot holding a data xmin is a finding of its own.

import type { Queryable } from '../../db.js';
import { statusAbove, worst, type Status } from '../check.js';
import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';

export interface HorizonHolder {
  kind: 'session' | 'prepared' | 'slot' | 'standby';
  /** pid (session, standby), gid (prepared transaction) or slot name. */
  holder: string;
  application: string | null;
  role: string | null;
  database: string | null;
  state: string | null;
  xidAge: number | null;
  seconds: number | null;
}

interface HolderRow {
  kind: HorizonHolder['kind'];
  holder: string;
  application: string | null;
  role: string | null;
  database: string | null;
  state: string | null;
  xid_age: string | null;
  seconds: number | null;
}

/** Every holder of an xmin, the oldest (by xid age) first. */
export async function horizonHolders(db: Queryable): Promise<HorizonHolder[]> {
  const rows = (await db.query<HolderRow>(opsSql('xmin-horizon.sql'))).rows;
  return rows.map((r) => ({
    kind: r.kind,
    holder: r.holder,
    application: r.application || null,
    role: r.role,
    database: r.database,
    state: r.state,
    xidAge: r.xid_age === null ? null : Number(r.xid_age),
    seconds: r.seconds === null ? null : Math.round(r.seconds),
  }));
}

/** How an operator names a holder: "session pid 4242 (psql, idle in transaction, 2 h)". */
export function describeHolder(h: HorizonHolder): string {
  const what = h.kind === 'session' || h.kind === 'standby' ? `${h.kind} pid ${h.holder}` : `${h.kind} ${h.holder}`;
  const details = [h.application, h.state, h.seconds === null ? null : `${formatAge(h.seconds)} old`]
    .filter((x) => x)
    .join(', ');
  return details ? `${what} (${details})` : what;
}

function formatAge(seconds: number): string {
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${seconds} s`;
}

const xminHorizon: OpsCheck = {
  id: 'xmin.horizon',
  title: 'Oldest xmin holder (what vacuum cannot clean past)',
  cadence: 'daily',
  unit: 'seconds',
  thresholds: { warn: 3600, crit: 6 * 3600 },
  remedy:
    'Flow C (autovacuum lag): end the holder named in the evidence — pg_terminate_backend(pid) for a session (and set idle_in_transaction_session_timeout), COMMIT PREPARED or ROLLBACK PREPARED for a prepared transaction, drop a slot nobody consumes (pg_drop_replication_slot)',
  run: async (ctx, t) => {
    const role = (
      await ctx.db.query<{ role: string; stats: boolean }>(
        "SELECT current_user AS role, pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER') AS stats",
      )
    ).rows[0];
    if (!role?.stats) {
      return {
        status: 'UNKNOWN',
        evidence: { role: role?.role, error: "other roles' transactions are hidden from this role" },
        remedy: `GRANT pg_read_all_stats TO ${role?.role ?? '<role>'} (or pg_monitor) so the check sees every session's xmin`,
      };
    }
    const holders = await horizonHolders(ctx.db);
    const timed = holders.filter((h) => h.seconds !== null);
    const oldest = timed.reduce<HorizonHolder | null>(
      (a, h) => (a === null || (h.seconds ?? 0) > (a.seconds ?? 0) ? h : a),
      null,
    );
    const value = oldest?.seconds ?? 0;
    const statuses: Status[] = [statusAbove(value, t)];
    const findings: string[] = [];
    if (statuses[0] !== 'OK' && oldest) findings.push(`${describeHolder(oldest)} holds the xmin horizon`);
    for (const h of holders) {
      if (h.kind === 'slot' && h.state === 'inactive, xmin') {
        statuses.push('WARN');
        findings.push(`inactive ${describeHolder(h)} holds back vacuum of every table until it is dropped or consumed`);
      }
    }
    return {
      status: worst(statuses),
      value,
      evidence: { oldest, findings, holders: holders.slice(0, 10) },
    };
  },
};

export const xminChecks: OpsCheck[] = [xminHorizon];
