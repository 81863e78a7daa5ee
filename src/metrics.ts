// Prometheus metrics of the service (prefix uns_metadata_sync_, names from spec/operations.md; the ops
// check gauges uns_meta_check_* have none). One registry per process; stages import what they update.

import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
const p = 'uns_metadata_sync_';

export const birthsTotal = new Counter({
  name: `${p}births_total`,
  help: 'Births handled, by type and result',
  labelNames: ['type', 'result'],
  registers: [registry],
});
export const metricsParsedTotal = new Counter({
  name: `${p}metrics_parsed_total`,
  help: 'Birth metrics decoded',
  registers: [registry],
});
export const rowsWrittenTotal = new Counter({
  name: `${p}rows_written_total`,
  help: 'Rows written in uns_meta, by table and operation',
  labelNames: ['table', 'op'],
  registers: [registry],
});
export const versionsTotal = new Counter({
  name: `${p}versions_total`,
  help: 'metric_versions rows written, by op',
  labelNames: ['op'],
  registers: [registry],
});
export const quarantinedTotal = new Counter({
  name: `${p}quarantined_total`,
  help: 'Quarantine records, by reason',
  labelNames: ['reason'],
  registers: [registry],
});
export const constraintViolationTotal = new Counter({
  name: `${p}constraint_violation_total`,
  help: 'Births refused by a database constraint',
  registers: [registry],
});
export const ingestSeconds = new Histogram({
  name: `${p}ingest_seconds`,
  help: 'Time to apply one birth',
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
  registers: [registry],
});
export const dbConnectionErrorsTotal = new Counter({
  name: `${p}db_connection_errors_total`,
  help: 'Database operations that failed for lack of a connection (retried)',
  registers: [registry],
});
export const mqttConnected = new Gauge({
  name: `${p}mqtt_connected`,
  help: '1 while connected to the MQTT broker',
  registers: [registry],
});
export const mqttReconnectsTotal = new Counter({
  name: `${p}mqtt_reconnects_total`,
  help: 'Reconnections to the MQTT broker',
  registers: [registry],
});
export const rebirthRequestsTotal = new Counter({
  name: `${p}rebirth_requests_total`,
  help: 'Rebirth requests (NCMD) sent, by reason',
  labelNames: ['reason'],
  registers: [registry],
});
export const rebirthSuppressedTotal = new Counter({
  name: `${p}rebirth_suppressed_total`,
  help: 'Rebirth requests held back by the governor, by reason and decision (cooldown, budget, off)',
  labelNames: ['reason', 'decision'],
  registers: [registry],
});
export const quarantineDroppedTotal = new Counter({
  name: `${p}quarantine_dropped_total`,
  help: 'Malformed messages only counted, not recorded: too many topics in quarantine at once',
  labelNames: ['reason'],
  registers: [registry],
});
export const birthCacheErrorsTotal = new Counter({
  name: `${p}birth_cache_write_errors_total`,
  help: 'Births the birth cache could not write to disk (applied from memory instead)',
  registers: [registry],
});
export const clockSkewClampedTotal = new Counter({
  name: `${p}clock_skew_clamped_total`,
  help: 'Births stamped more than INGEST_MAX_CLOCK_SKEW_SECONDS ahead of the host clock, ordered by their receive time instead',
  registers: [registry],
});
export const seqGapsTotal = new Counter({
  name: `${p}seq_gaps_total`,
  help: 'Sparkplug seq discontinuities seen per edge node',
  registers: [registry],
});
export const deathsTotal = new Counter({
  name: `${p}deaths_total`,
  help: 'NDEATH/DDEATH messages, by result',
  labelNames: ['type', 'result'],
  registers: [registry],
});
export const ingestQueueDepth = new Gauge({
  name: `${p}ingest_queue_depth`,
  help: 'Births received and waiting to be applied',
  registers: [registry],
});
export const ingestQueueBytes = new Gauge({
  name: `${p}ingest_queue_bytes`,
  help: 'Bytes of waiting births held in memory (the rest wait on disk)',
  registers: [registry],
});
export const ingestRetriesTotal = new Counter({
  name: `${p}ingest_retries_total`,
  help: 'Birth applications retried after a database failure',
  registers: [registry],
});
export const cdcChangesTotal = new Counter({
  name: `${p}cdc_changes_total`,
  help: 'Property-level changes read from the replication slot',
  registers: [registry],
});
export const debouncePending = new Gauge({
  name: `${p}debounce_pending`,
  help: 'Metrics with changes waiting in the debounce window or being written to the outbox',
  registers: [registry],
});
export const outboxRowsTotal = new Counter({
  name: `${p}outbox_rows_total`,
  help: 'Rows committed to the Canary outbox',
  registers: [registry],
});
export const canaryRequestsTotal = new Counter({
  name: `${p}canary_requests_total`,
  help: 'Canary write API requests, by method and result',
  labelNames: ['method', 'result'],
  registers: [registry],
});
export const canaryRetriesTotal = new Counter({
  name: `${p}canary_retries_total`,
  help: 'Retried Canary storeData requests',
  registers: [registry],
});
export const canaryCircuitState = new Gauge({
  name: `${p}canary_circuit_state`,
  help: 'Canary circuit breaker: 0 closed, 1 half-open, 2 open',
  registers: [registry],
});
export const canaryDeadLettersTotal = new Counter({
  name: `${p}canary_dead_letters_total`,
  help: 'Outbox rows moved to the dead letters, by reason',
  labelNames: ['reason'],
  registers: [registry],
});
export const outboxDepth = new Gauge({
  name: `${p}outbox_depth`,
  help: 'Rows waiting in the Canary outbox',
  registers: [registry],
});
export const cdcLagBytes = new Gauge({
  name: `${p}cdc_lag_bytes`,
  help: 'WAL bytes between the server and what the slot has confirmed (what the slot retains)',
  registers: [registry],
});
export const e2eLatencySeconds = new Histogram({
  name: `${p}e2e_latency_seconds`,
  help: 'From a birth coming off the broker (its commit, when the writer did not say) to Canary accepting the change; includes the debounce window',
  buckets: [0.5, 1, 2, 3, 5, 10, 30, 60, 120, 180, 300, 600, 1200, 3600],
  registers: [registry],
});
// The ops check verdicts, set by the scheduler: no prefix, named as spec/operations.md and
// `ops check --format prometheus` name them, so dashboards and alerts read one name from either source.
export const checkStatus = new Gauge({
  name: 'uns_meta_check_status',
  help: 'Latest verdict of an ops check: 0 OK (or SKIP), 1 WARN, 2 CRIT, 3 UNKNOWN',
  labelNames: ['check', 'cadence'],
  registers: [registry],
});
export const checkValue = new Gauge({
  name: 'uns_meta_check_value',
  help: 'The value an ops check measured, in its unit',
  labelNames: ['check', 'cadence'],
  registers: [registry],
});
export const cdcStatusUpdatesTotal = new Counter({
  name: `${p}cdc_status_updates_total`,
  help: 'Standby status updates sent to the replication slot (the safe position, also when unchanged)',
  registers: [registry],
});
export const cdcSnapshotsTotal = new Counter({
  name: `${p}cdc_snapshots_total`,
  help: 'Initial snapshots of every active metric into the outbox, taken when CDC had to create its slot, by reason',
  labelNames: ['reason'],
  registers: [registry],
});
export const canaryDatasetsMissing = new Gauge({
  name: `${p}canary_datasets_missing`,
  help: 'Canary DataSets the writer found missing: 1 while their rows are held in the outbox (create the DataSet, or set autoCreateDatasets / CANARY_DATASET_OVERRIDE)',
  labelNames: ['dataset'],
  registers: [registry],
});
export const cdcChunksTotal = new Counter({
  name: `${p}cdc_transaction_chunks_total`,
  help: 'Parts of big source transactions written to the outbox as they streamed (bounded memory)',
  registers: [registry],
});
