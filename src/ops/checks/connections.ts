// connections.capacity (quarterly): client connections in use (now and the peak this check has seen)
// against what max_connections leaves for non-reserved roles, and the service's configured pool.
// It sees one service instance's DB_POOL_MAX only; other instances show up in the counts they open.

import { statusAbove } from '../check.js';
import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';

interface Row {
  max_connections: number;
  superuser_reserved: number;
  reserved: number;
  used: number;
  used_this_database: number;
}

/** How many earlier runs the peak is taken from. */
const PEAK_RUNS = 100;

export const connectionChecks: OpsCheck[] = [
  {
    id: 'connections.capacity',
    title: 'Connections used (peak) and the configured pool vs max_connections',
    cadence: 'quarterly',
    unit: '%',
    thresholds: { warn: 80, crit: null },
    remedy:
      'Quarterly checklist (connection pool sizing): lower DB_POOL_MAX or the number of service instances, put a pooler (PgBouncer) in front, or raise max_connections (restart; memory per connection)',
    run: async (ctx, t) => {
      const row = (await ctx.db.query<Row>(opsSql('connections-capacity.sql'))).rows[0];
      if (!row) throw new Error('connections-capacity.sql returned no row');
      // The service's roles cannot use the reserved slots: "remaining connection slots are reserved".
      const usable = Math.max(row.max_connections - row.superuser_reserved - row.reserved, 1);
      const history = await ctx.history('connections.capacity', PEAK_RUNS);
      const earlier = history.map((h) => Number((h.evidence as { used?: unknown }).used)).filter(Number.isFinite);
      const peak = Math.max(row.used, ...earlier);
      const peakPercent = (100 * peak) / usable;
      const poolPercent = (100 * ctx.settings.poolMax) / usable;
      const value = Math.round(Math.max(peakPercent, poolPercent) * 10) / 10;
      return {
        status: statusAbove(value, t),
        value,
        evidence: {
          used: row.used,
          usedThisDatabase: row.used_this_database,
          peak,
          peakFromRuns: earlier.length + 1,
          maxConnections: row.max_connections,
          reserved: row.superuser_reserved + row.reserved,
          usable,
          peakPercent: Math.round(peakPercent * 10) / 10,
          poolMax: ctx.settings.poolMax,
          poolPercent: Math.round(poolPercent * 10) / 10,
        },
      };
    },
  },
];
