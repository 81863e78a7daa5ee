// The Grafana dashboard of deploy/: valid JSON whose every query reads metrics the service really
// exposes (src/metrics.ts, including uns_meta_check_*), and which shows every metric operations.md lists.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/package-root.js';
import { metricNames, registryNames } from '../support/promql-names.js';

interface Panel {
  title?: string;
  type: string;
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: { list: Array<{ type: string; query?: string | { query: string } }> };
}

const dashboard = JSON.parse(readFileSync(packagePath('deploy', 'grafana', 'uns-meta.json'), 'utf8')) as Dashboard;
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
/** [where, expression] of every panel target and every query variable (label_values(metric, label)). */
const queries: Array<[string, string]> = [
  ...panels.flatMap((p) => (p.targets ?? []).map((t): [string, string] => [p.title ?? p.type, t.expr ?? ''])),
  ...dashboard.templating.list
    .filter((v) => v.type === 'query')
    .map((v): [string, string] => [
      'variable',
      /label_values\(\s*([^,)]+)/.exec(typeof v.query === 'string' ? v.query : (v.query?.query ?? ''))?.[1] ?? '',
    ]),
];

// spec/operations.md, "Service metrics".
const SPEC = [
  'births_total',
  'metrics_parsed_total',
  'rows_written_total',
  'versions_total',
  'ingest_seconds_bucket',
  'quarantined_total',
  'constraint_violation_total',
  'db_connection_errors_total',
  'mqtt_connected',
  'mqtt_reconnects_total',
  'rebirth_requests_total',
  'cdc_changes_total',
  'cdc_lag_bytes',
  'debounce_pending',
  'outbox_depth',
  'canary_requests_total',
  'canary_retries_total',
  'canary_circuit_state',
  'canary_dead_letters_total',
  'e2e_latency_seconds_bucket',
].map((n) => `uns_metadata_sync_${n}`);

describe('deploy/grafana/uns-meta.json', () => {
  it('the metric-name reader sees metrics and skips functions, labels, ranges, numbers and variables', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le) (rate(a_bucket{job="x",le!="1e9"}[$__rate_interval]))) > 9e2 and on (instance) b offset 5m',
      ),
    ).toEqual(['a_bucket', 'b']);
    expect(metricNames('max by (check) (uns_meta_check_status{instance=~"$instance"})')).toEqual([
      'uns_meta_check_status',
    ]);
  });

  it('every query reads only metrics of the service registry', () => {
    const known = registryNames();
    expect(known.has('uns_meta_check_status') && known.has('uns_meta_check_value')).toBe(true);
    expect(queries.length).toBeGreaterThan(20);
    const unknown = queries.flatMap(([where, expr]) => {
      const names = metricNames(expr);
      if (names.length === 0) return [`${where}: no metric in ${JSON.stringify(expr)}`];
      return names.filter((n) => !known.has(n) && !n.startsWith('uns_meta_check_')).map((n) => `${where}: ${n}`);
    });
    expect(unknown).toEqual([]);
  });

  it('shows every service metric of operations.md, the check verdicts, and e2e latency p50 and p95', () => {
    const shown = new Set(queries.flatMap(([, e]) => metricNames(e)));
    expect([...SPEC, 'uns_meta_check_status', 'uns_meta_check_value'].filter((n) => !shown.has(n))).toEqual([]);
    const e2e = queries
      .filter(([, e]) => e.includes('uns_metadata_sync_e2e_latency_seconds_bucket'))
      .map(([, e]) => /histogram_quantile\((0\.\d+)/.exec(e)?.[1]);
    expect(e2e.sort()).toEqual(['0.5', '0.95']);
    expect(dashboard.uid).toBe('uns-meta');
  });
});
