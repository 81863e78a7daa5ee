// vacuum.deadtuples (daily): dead tuples per uns_meta table, and autovacuum that stood still for 24 h
// while they grew (flow C detection). vacuum.recent (weekly): the weekly VACUUM/ANALYZE really happened.

import { statusAbove, worst } from '../check.js';
import type { PastRun } from '../context.js';
import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';
import { lagging, readVacuumStats, type TableVacuumStats } from '../vacuum-stats.js';

const DAY_MS = 86_400_000;
// metric_properties and metric_versions are vacuumed weekly; devices and metrics only analyzed (playbook).
const VACUUMED_WEEKLY = new Set(['uns_meta.metric_properties', 'uns_meta.metric_versions']);

type Stored = Pick<TableVacuumStats, 'table' | 'deadTuples' | 'vacuumCount' | 'autovacuumCount'>;

/** Tables where no vacuum ran since `past` although dead tuples grew past autovacuum's own trigger. */
export function stalledTables(now: readonly TableVacuumStats[], past: readonly Stored[]): string[] {
  const before = new Map(past.map((p) => [p.table, p]));
  return now
    .filter((t) => {
      const b = before.get(t.table);
      return (
        b !== undefined &&
        b.autovacuumCount === t.autovacuumCount &&
        b.vacuumCount === t.vacuumCount &&
        t.deadTuples > b.deadTuples &&
        lagging(t)
      );
    })
    .map((t) => t.table);
}

export const vacuumChecks: OpsCheck[] = [
  {
    id: 'vacuum.deadtuples',
    title: 'Dead tuples and autovacuum activity per uns_meta table',
    cadence: 'daily',
    unit: 'tuples',
    thresholds: { warn: 5_000_000, crit: null },
    remedy:
      'Flow C (autovacuum lag): `uns-meta ops doctor flow-c` shows the workers, the settings and proposed per-table settings',
    run: async (ctx, t) => {
      const tables = await readVacuumStats(ctx.db);
      const most = tables.reduce((m, x) => Math.max(m, x.deadTuples), 0);
      // The newest earlier run at least 24 h old is the baseline of "autovacuum_count unchanged for 24 h".
      let past: PastRun | undefined;
      let historyError: string | undefined;
      try {
        const cutoff = ctx.now().getTime() - DAY_MS;
        past = (await ctx.history('vacuum.deadtuples', 200)).find(
          (r) => r.startedAt.getTime() <= cutoff && Array.isArray(r.evidence.tables),
        );
      } catch (err) {
        historyError = `24 h comparison unavailable (check history unreadable: ${(err as Error).message})`;
      }
      const stalled = past ? stalledTables(tables, past.evidence.tables as Stored[]) : [];
      return {
        status: worst([statusAbove(most, t), stalled.length ? 'WARN' : 'OK']),
        value: most,
        evidence: {
          tables,
          stalled,
          comparedWith: past?.startedAt.toISOString() ?? null,
          ...(historyError ? { historyError } : {}),
        },
      };
    },
  },
  {
    id: 'vacuum.recent',
    title: 'Weekly VACUUM/ANALYZE of devices, metrics, metric_properties, metric_versions',
    cadence: 'weekly',
    unit: 'days',
    thresholds: { warn: 8, crit: null },
    remedy:
      'Weekly: `uns-meta ops vacuum` (VACUUM (VERBOSE, ANALYZE) metric_properties and metric_versions, ANALYZE VERBOSE devices and metrics)',
    run: async (ctx, t) => {
      const rows = (
        await ctx.db.query<{ table_name: string; last_vacuumed: Date | null; last_analyzed: Date | null }>(
          opsSql('vacuum-recent.sql'),
        )
      ).rows;
      const now = ctx.now().getTime();
      // Never = infinitely old: a table nobody vacuums is the finding, not a reason to stay quiet.
      const age = (d: Date | null) => (d === null ? Infinity : Math.max(0, (now - d.getTime()) / DAY_MS));
      const tables = rows.map((r) => {
        const ages = [age(r.last_analyzed), ...(VACUUMED_WEEKLY.has(r.table_name) ? [age(r.last_vacuumed)] : [])];
        return {
          table: r.table_name,
          lastVacuumed: r.last_vacuumed,
          lastAnalyzed: r.last_analyzed,
          ageDays: Math.max(...ages),
        };
      });
      const oldest = Math.max(0, ...tables.map((x) => x.ageDays));
      const show = tables.map((x) => ({
        ...x,
        ageDays: Number.isFinite(x.ageDays) ? Number(x.ageDays.toFixed(2)) : 'never',
      }));
      return {
        status: statusAbove(oldest, t),
        value: Number.isFinite(oldest) ? Number(oldest.toFixed(2)) : null,
        evidence: {
          tables: show,
          stale: show
            .filter((x) => x.ageDays === 'never' || (t.warn !== null && (x.ageDays as number) > t.warn))
            .map((x) => x.table),
        },
      };
    },
  },
];
