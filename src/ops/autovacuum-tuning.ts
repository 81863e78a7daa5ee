// Per-table autovacuum settings proposed for a table that bloats (storage.bloat) or lags (doctor flow C),
// as ALTER TABLE … SET (…) statements a DBA reviews and runs. Rules of thumb from the table's size and
// churn; pure, no I/O, and never applied by the tool itself (change management decides).

export interface TableLoad {
  /** As PostgreSQL prints the regclass (already quoted where needed), e.g. uns_meta.metric_properties. */
  table: string;
  liveTuples: number;
  /** Rows updated + deleted since the statistics were reset. */
  churn: number;
  /** Heap size in bytes. */
  bytes: number;
  current: AutovacuumSettings;
}

export interface AutovacuumSettings {
  scaleFactor: number;
  threshold: number;
  costLimit: number;
}

export interface AutovacuumProposal {
  table: string;
  current: AutovacuumSettings;
  proposed: AutovacuumSettings;
  reason: string;
  statement: string;
}

const GB = 1024 ** 3;

export function proposeAutovacuum(t: TableLoad): AutovacuumProposal {
  const rows = Math.max(t.liveTuples, 0);
  // Every row rewritten at least once since the statistics reset: dead tuples pile up fast.
  const heavyChurn = t.churn >= Math.max(rows, 1);
  // The default scale factor 0.2 lets a fifth of the table die before autovacuum starts, past the
  // playbook's 15 % bloat line; larger tables get a smaller fraction so the dead count stays bounded.
  let scale = rows < 1_000_000 ? 0.05 : rows < 10_000_000 ? 0.02 : 0.01;
  if (heavyChurn) scale /= 2;
  scale = Math.min(scale, t.current.scaleFactor);
  // A floor so a small table is not vacuumed after every few updates; in big tables the factor dominates.
  const threshold = rows < 1_000_000 ? 50 : rows < 10_000_000 ? 1_000 : 5_000;
  // A bigger heap needs more work per cost cycle or the worker never catches up with the writers.
  let costLimit = t.bytes < GB ? 400 : t.bytes < 10 * GB ? 1_000 : 2_000;
  if (heavyChurn) costLimit = Math.min(costLimit * 2, 10_000);
  costLimit = Math.max(costLimit, t.current.costLimit);
  const proposed = { scaleFactor: Number(scale.toFixed(4)), threshold, costLimit };
  const size = t.bytes >= GB ? `${(t.bytes / GB).toFixed(1)} GB` : `${(t.bytes / 1024 ** 2).toFixed(1)} MB`;
  return {
    table: t.table,
    current: t.current,
    proposed,
    reason: `${rows} live rows, ${size}, ${t.churn} rows updated/deleted since the statistics reset${heavyChurn ? ' (heavy churn)' : ''}`,
    statement:
      `ALTER TABLE ${t.table} SET (autovacuum_vacuum_scale_factor = ${proposed.scaleFactor}, ` +
      `autovacuum_vacuum_threshold = ${proposed.threshold}, autovacuum_vacuum_cost_limit = ${proposed.costLimit});`,
  };
}
