// xid.wraparound: how close the database is to transaction id wraparound (autovacuum must freeze).

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
];
