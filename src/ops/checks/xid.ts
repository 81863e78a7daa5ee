// xid.wraparound and multixact.wraparound (daily): how close the database is to transaction id and
// multixact id wraparound (autovacuum must freeze both before PostgreSQL stops accepting writes).

import { statusAbove } from '../check.js';
import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';

export const xidChecks: OpsCheck[] = [
  {
    id: 'xid.wraparound',
    title: 'Transaction id age (wraparound protection)',
    cadence: 'daily',
    unit: 'xids',
    thresholds: { warn: 1_200_000_000, crit: 1_500_000_000 },
    remedy:
      'Flow C (autovacuum lag): find what blocks freezing (long transactions, stale slots), then VACUUM (FREEZE) the oldest tables',
    run: async (ctx, t) => {
      const row = (
        await ctx.db.query<{ xid_age: string; cluster_max_xid_age: string; database: string }>(
          opsSql('xid-wraparound.sql'),
        )
      ).rows[0];
      const age = Number(row?.xid_age ?? 0);
      return {
        status: statusAbove(age, t),
        value: age,
        evidence: { database: row?.database, clusterMaxXidAge: Number(row?.cluster_max_xid_age ?? 0) },
      };
    },
  },
  {
    id: 'multixact.wraparound',
    title: 'Multixact id age (wraparound protection)',
    cadence: 'daily',
    unit: 'multixacts',
    thresholds: { warn: 1_200_000_000, crit: 1_500_000_000 },
    remedy:
      'Flow C (autovacuum lag): find what blocks freezing (long transactions, xmin.horizon), then VACUUM (FREEZE) the tables with the oldest relminmxid; lower autovacuum_multixact_freeze_max_age if it recurs',
    run: async (ctx, t) => {
      const row = (
        await ctx.db.query<{ mxid_age: string; cluster_max_mxid_age: string; database: string }>(
          opsSql('multixact-wraparound.sql'),
        )
      ).rows[0];
      const age = Number(row?.mxid_age ?? 0);
      return {
        status: statusAbove(age, t),
        value: age,
        evidence: { database: row?.database, clusterMaxMxidAge: Number(row?.cluster_max_mxid_age ?? 0) },
      };
    },
  },
];
