// storage.trend (monthly): size growth of the uns_meta tables, in % per 30 days, against the run of this
// check closest to OPS_STORAGE_GROWTH_WINDOW_DAYS ago (its evidence keeps the per-table sizes).
// Growth only; the space inside the tables (bloat) is storage.bloat's.

import { statusAbove } from '../check.js';
import type { PastRun } from '../context.js';
import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';

const DAY_MS = 86_400_000;
const MONTH_DAYS = 30;
/** Tables holding less than this share of the schema's bytes are listed but not judged: their % is noise. */
export const JUDGED_SHARE = 0.1;
/** How many earlier runs are searched for the reference. */
const HISTORY_RUNS = 400;

interface Row {
  table_name: string;
  total_bytes: number;
}

/** The earlier run whose age is closest to the window, among those at least half the window old. */
export function referenceRun(history: readonly PastRun[], now: Date, windowDays: number): PastRun | null {
  const candidates = history.filter((h) => {
    const sizes = (h.evidence as { sizes?: unknown }).sizes;
    return (
      sizes !== null && typeof sizes === 'object' && now.getTime() - h.startedAt.getTime() >= (windowDays / 2) * DAY_MS
    );
  });
  const off = (h: PastRun) => Math.abs(now.getTime() - h.startedAt.getTime() - windowDays * DAY_MS);
  return candidates.reduce<PastRun | null>((best, h) => (best === null || off(h) < off(best) ? h : best), null);
}

const perMonth = (now: number, then: number, days: number) =>
  then > 0 ? ((now / then - 1) * 100 * MONTH_DAYS) / days : null;

export const storageChecks: OpsCheck[] = [
  {
    id: 'storage.trend',
    title: 'Growth of the uns_meta tables (pg_total_relation_size)',
    cadence: 'monthly',
    unit: '%/month',
    thresholds: { warn: 50, crit: null },
    remedy:
      'Monthly checklist (storage trends): find what grows (metric_versions from churning births? dead tuples: see storage.bloat and vacuum.deadtuples), plan disk, and adjust autovacuum thresholds if bloat > 15 %',
    run: async (ctx, t) => {
      const rows = (await ctx.db.query<Row>(opsSql('storage-trend.sql'))).rows;
      const sizes = Object.fromEntries(rows.map((r) => [r.table_name, r.total_bytes]));
      const total = rows.reduce((n, r) => n + r.total_bytes, 0);
      const now = ctx.now();
      const windowDays = ctx.settings.storageGrowthWindowDays;
      const ref = referenceRun(await ctx.history('storage.trend', HISTORY_RUNS), now, windowDays);
      if (!ref) {
        return {
          status: 'OK',
          value: null,
          evidence: {
            sizes,
            totalBytes: total,
            note: `no earlier run at least ${windowDays / 2} days old yet: sizes recorded, growth from a later run on`,
          },
        };
      }
      const days = (now.getTime() - ref.startedAt.getTime()) / DAY_MS;
      const before = (ref.evidence as { sizes: Record<string, number> }).sizes;
      const tables = rows.map((r) => ({
        table: r.table_name,
        bytes: r.total_bytes,
        bytesBefore: before[r.table_name] ?? null,
        growthPercentPerMonth: round(perMonth(r.total_bytes, before[r.table_name] ?? 0, days)),
        judged: total > 0 && r.total_bytes / total >= JUDGED_SHARE,
      }));
      const totalBefore = Object.values(before).reduce((n, b) => n + Number(b), 0);
      const totalGrowth = round(perMonth(total, totalBefore, days));
      const judged = [totalGrowth, ...tables.filter((x) => x.judged).map((x) => x.growthPercentPerMonth)].filter(
        (g): g is number => g !== null,
      );
      const value = judged.length ? Math.max(...judged) : null;
      return {
        status: value === null ? 'OK' : statusAbove(value, t),
        value,
        evidence: {
          sizes,
          totalBytes: total,
          totalBytesBefore: totalBefore,
          totalGrowthPercentPerMonth: totalGrowth,
          comparedWith: ref.startedAt.toISOString(),
          days: round(days),
          tables,
        },
      };
    },
  },
];

function round(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10) / 10;
}
