// The DR rehearsal's smoke test on the restored database: a DBIRTH encoded as Sparkplug B protobuf goes
// through the service's own intake and birth writer; then its rows are counted, versions checked,
// every uns_meta constraint must be validated, and re-applying the birth must write nothing.

import type pg from 'pg';
import { intakeBirth } from '../../ingest/intake.js';
import { encodePayload, type MetricInput } from '../../sparkplug/encoder.js';
import { applyBirth } from '../../store/birth-writer.js';
import { opsSql } from '../sql-files.js';
import type { ApplySettings } from '../../ingest/apply-settings.js';

export interface SmokeStep {
  name: string;
  ok: boolean;
  detail: string;
}

export interface SmokeResult {
  ok: boolean;
  devicePath: string | null;
  steps: SmokeStep[];
}

const METRICS: Array<MetricInput & { properties: NonNullable<MetricInput['properties']> }> = [
  {
    name: 'Kiln/Temperature',
    datatype: 'Float',
    value: 1412.5,
    properties: { engUnit: { type: 'String', value: '°C' }, engHigh: { type: 'Double', value: 1450 } },
  },
  {
    name: 'Kiln/Running',
    datatype: 'Boolean',
    value: true,
    properties: { Documentation: { type: 'String', value: 'main drive running' } },
  },
  {
    name: 'Kiln/Starts',
    datatype: 'Int32',
    value: 42,
    properties: { engLow: { type: 'Int32', value: 0 }, engHigh: { type: 'Int32', value: 100000 } },
  },
];
const PROPERTIES = METRICS.reduce((n, m) => n + Object.keys(m.properties).length, 0);

export async function runSmoke(pool: pg.Pool, apply: ApplySettings, now: Date): Promise<SmokeResult> {
  // A device of its own per run, so the rows counted are exactly this birth's.
  const topic = `spBv1.0/uns-meta-dr/DBIRTH/rehearsal/smoke-${now.getTime()}`;
  const payload = encodePayload({ timestamp: BigInt(now.getTime()), seq: 1n, metrics: METRICS });
  const steps: SmokeStep[] = [];
  const step = (name: string, ok: boolean, detail: string) => steps.push({ name, ok, detail });
  const { limits, writer: opts } = apply;
  const intake = intakeBirth(topic, payload, 'protobuf', limits);
  if (!intake.ok) {
    step('decode', false, intake.reason);
    return { ok: false, devicePath: null, steps };
  }
  const first = await applyBirth(pool, intake.birth, opts);
  step(
    'ingest',
    first.status === 'applied' && first.metrics.created === METRICS.length,
    `${first.status}${first.reason ? ` (${first.reason})` : ''}: ${first.metrics.created} metric(s) created of ${METRICS.length}`,
  );
  const counts = (
    await pool.query<{ devices: string; metrics: string; properties: string; versions: string }>(
      `SELECT count(DISTINCT d.device_id) AS devices, count(DISTINCT m.metric_id) AS metrics,
              (SELECT count(*) FROM uns_meta.metric_properties p JOIN uns_meta.metrics pm USING (metric_id) WHERE pm.device_id = d.device_id) AS properties,
              (SELECT count(*) FROM uns_meta.metric_versions v JOIN uns_meta.metrics vm USING (metric_id) WHERE vm.device_id = d.device_id) AS versions
       FROM uns_meta.devices d JOIN uns_meta.metrics m USING (device_id) WHERE d.uns_path = $1 GROUP BY d.device_id`,
      [first.devicePath],
    )
  ).rows[0];
  const n = (v: unknown) => Number(v ?? 0);
  step(
    'counts',
    n(counts?.devices) === 1 && n(counts?.metrics) === METRICS.length && n(counts?.properties) === PROPERTIES,
    `device ${n(counts?.devices)}/1, metrics ${n(counts?.metrics)}/${METRICS.length}, properties ${n(counts?.properties)}/${PROPERTIES}`,
  );
  step(
    'versions',
    first.versions >= METRICS.length && n(counts?.versions) === first.versions,
    `${first.versions} version(s) reported, ${n(counts?.versions)} stored`,
  );
  const invalid = (await pool.query<{ status: string; conname: string }>(opsSql('constraints-valid.sql'))).rows.filter(
    (r) => r.status !== 'valid',
  );
  step(
    'constraints',
    invalid.length === 0,
    invalid.length === 0
      ? 'every uns_meta constraint validated'
      : `not validated: ${invalid.map((r) => r.conname).join(', ')}`,
  );
  const again = await applyBirth(pool, intake.birth, opts);
  step(
    'idempotent',
    again.status === 'applied' && again.versions === 0 && again.propertiesWritten === 0,
    `re-applied: ${again.status}, ${again.versions} version(s), ${again.propertiesWritten} property write(s)`,
  );
  return { ok: steps.every((s) => s.ok), devicePath: first.devicePath, steps };
}
