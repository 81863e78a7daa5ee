// Rows written between two readings of pg_stat_user_tables (the same reader the benchmarks use).

import { rowsByTable, type RowCounts } from '../../src/bench/stats.js';

export { rowsByTable as tableCounts };

export function rowsWritten(before: RowCounts, after: RowCounts): number {
  let n = 0;
  for (const [t, a] of Object.entries(after)) n += a - (before[t] ?? 0);
  return n;
}
