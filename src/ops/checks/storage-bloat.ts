// storage.bloat (monthly): dead + free space per uns_meta table (pgstattuple); above the line, the
// remedy is per-table autovacuum settings computed from the table's size and churn, ready to review.

import { statusAbove } from '../check.js';
import { proposeAutovacuum } from '../autovacuum-tuning.js';
import { measureBloat } from '../bloat.js';
import type { OpsCheck } from '../runner.js';
import { readVacuumStats } from '../vacuum-stats.js';

// Below 1 MB a handful of rows on a few pages makes any percentage meaningless: measured, not judged.
const MIN_JUDGED_BYTES = 1024 ** 2;
// The rest of OPS_CHECK_TIMEOUT_SECONDS is left for reading statistics and reporting.
const BUDGET_SHARE = 0.8;

export const storageBloatChecks: OpsCheck[] = [
  {
    id: 'storage.bloat',
    title: 'Table bloat (dead + free space) per uns_meta table',
    cadence: 'monthly',
    unit: '%',
    thresholds: { warn: 15, crit: null },
    remedy:
      'Monthly: adjust per-table autovacuum settings for tables over 15 %; reclaim space off-peak with `uns-meta ops vacuum --full --yes` (flow C)',
    run: async (ctx, t) => {
      const stats = await readVacuumStats(ctx.db);
      const m = await measureBloat(ctx.db, stats, ctx.settings.run.timeoutMs * BUDGET_SHARE);
      if (m.kind === 'missing-extension') {
        return {
          status: 'UNKNOWN',
          evidence: { database: m.database },
          remedy: `the pgstattuple extension is not installed: run \`CREATE EXTENSION pgstattuple\` in database ${m.database} as a superuser (uns-meta db bootstrap does it)`,
        };
      }
      if (m.kind === 'denied') {
        return {
          status: 'UNKNOWN',
          evidence: { role: m.role, error: m.message },
          remedy: `role ${m.role} may not run pgstattuple: \`GRANT pg_stat_scan_tables TO ${m.role}\``,
        };
      }
      const judged = m.tables.filter((x) => x.bytes >= MIN_JUDGED_BYTES);
      const most = judged.reduce((a, x) => Math.max(a, x.bloatPct), 0);
      const bloated = judged.filter((x) => statusAbove(x.bloatPct, t) !== 'OK');
      const proposals = bloated.map((b) => {
        const s = stats.find((x) => x.table === b.table);
        return proposeAutovacuum({
          table: b.table,
          liveTuples: s?.liveTuples ?? 0,
          churn: s?.churn ?? 0,
          bytes: b.bytes,
          current: s?.settings ?? { scaleFactor: 0.2, threshold: 50, costLimit: 200 },
        });
      });
      const evidence = { tables: m.tables, notJudgedBelowBytes: MIN_JUDGED_BYTES, skipped: m.skipped, proposals };
      const status = statusAbove(most, t);
      if (status === 'OK' && m.skipped.length) {
        return {
          status: 'UNKNOWN',
          value: most,
          evidence,
          remedy: `not every table was measured (${m.skipped.map((s) => s.table).join(', ')}): raise OPS_CHECK_TIMEOUT_SECONDS or run the check off-peak when nothing locks them`,
        };
      }
      if (status === 'OK') return { status, value: most, evidence };
      return {
        status,
        value: most,
        evidence,
        remedy:
          `${bloated.map((b) => `${b.table} ${b.bloatPct} %`).join(', ')} over ${t.warn ?? t.crit} %. Per-table autovacuum settings to review (change management): ` +
          `${proposals.map((p) => p.statement).join(' ')} Then reclaim the space off-peak with \`uns-meta ops vacuum --full --yes\` (flow C).`,
      };
    },
  },
];
