// db.stats: pg_stat_database of this database, deltas since the previous run against the 7-run median
// (the rule is in ../db-stats-rule.ts). Reads counters only; it never resets statistics.

import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';
import { COUNTERS, evaluateDbStats, type Counters } from '../db-stats-rule.js';

type Row = Record<(typeof COUNTERS)[number], number> & { stats_reset: Date | null; track_io_timing: string };

export const dbStatsChecks: OpsCheck[] = [
  {
    id: 'db.stats',
    title: 'Deadlocks, I/O wait, conflicts and temp files since the previous run (pg_stat_database)',
    cadence: 'daily',
    unit: 'deadlocks',
    thresholds: { warn: 0, crit: null },
    remedy:
      'Daily checklist (pg_stat_database): for deadlocks find the statements in the server log (log_lock_waits, deadlock_timeout) and order their locks; for I/O wait compare with vacuum, checkpoints and the ingest load of the period',
    run: async (ctx, t) => {
      const row = (await ctx.db.query<Row>(opsSql('db-stats.sql'))).rows[0];
      if (!row) throw new Error('pg_stat_database has no row for the current database');
      const counters = Object.fromEntries(COUNTERS.map((k) => [k, Number(row[k])])) as Counters;
      const reading = {
        counters,
        statsReset: row.stats_reset?.toISOString() ?? null,
        trackIoTiming: row.track_io_timing === 'on',
      };
      return evaluateDbStats(ctx.now(), reading, await ctx.history('db.stats', 8), t);
    },
  },
];
