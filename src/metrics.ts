// Prometheus metrics of the service (prefix uns_metadata_sync_, names from spec/operations.md).
// One registry per process; stages import the counters they update.

import { Counter, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
const p = 'uns_metadata_sync_';

export const birthsTotal = new Counter({ name: `${p}births_total`, help: 'Births handled, by type and result', labelNames: ['type', 'result'], registers: [registry] });
export const metricsParsedTotal = new Counter({ name: `${p}metrics_parsed_total`, help: 'Birth metrics decoded', registers: [registry] });
export const rowsWrittenTotal = new Counter({ name: `${p}rows_written_total`, help: 'Rows written in uns_meta, by table and operation', labelNames: ['table', 'op'], registers: [registry] });
export const versionsTotal = new Counter({ name: `${p}versions_total`, help: 'metric_versions rows written, by op', labelNames: ['op'], registers: [registry] });
export const quarantinedTotal = new Counter({ name: `${p}quarantined_total`, help: 'Quarantine records, by reason', labelNames: ['reason'], registers: [registry] });
export const constraintViolationTotal = new Counter({ name: `${p}constraint_violation_total`, help: 'Births refused by a database constraint', registers: [registry] });
export const ingestSeconds = new Histogram({
  name: `${p}ingest_seconds`,
  help: 'Time to apply one birth',
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
  registers: [registry],
});
