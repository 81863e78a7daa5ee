// Birth content beyond name, alias, datatype and properties, from protobuf bytes to metrics.metadata:
// the is_historical / is_transient flags, the MetaData message, DataSet columns and types and an
// array's element type. Part of the 'created' diff and of later version diffs; an unchanged rebirth
// still writes nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { applyIntake } from '../../src/ingest/apply.js';
import { intakeBirth } from '../../src/ingest/intake.js';
import { decodeJsonPayload } from '../../src/sparkplug/json-payload.js';
import { encodePayload, type MetricInput } from '../../src/sparkplug/encoder.js';
import type { WriterOptions } from '../../src/store/birth-writer.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { rowsWritten, tableCounts } from '../support/stats.js';

const TOPIC = 'spBv1.0/Secil/DBIRTH/Outao/Mill';
const opts: WriterOptions = { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 4096, flushStats: true };
const LIMITS = { maxPayloadBytes: 1 << 20, maxInflatedBytes: 1 << 20 };

let db: TestDatabase;
let app: Pool;
beforeAll(async () => {
  db = await cloneDatabase('metric_metadata');
  app = createPool(db.appUrl, { max: 2 });
});
afterAll(() => app.end());

const metrics = (description: string): MetricInput[] => [
  {
    name: 'Feed/Rate',
    datatype: 'Double',
    value: 1.5,
    isHistorical: false,
    isTransient: true,
    metadata: { description, contentType: 'text/plain', size: 12n, seq: 2n, fileName: 'rate.txt', fileType: 'txt', md5: 'abc', isMultiPart: false },
    properties: { engUnit: { type: 'String', value: 't/h' } },
  },
  { name: 'Feed/Recipe', datatype: 'DataSet', value: { columns: ['step', 'setpoint'], types: ['Int32', 'Double'], rows: [[1, 2.5]] } },
  { name: 'Feed/Profile', datatype: 'FloatArray', value: [1, 2] },
  { name: 'Feed/Plain', datatype: 'Int32', value: 1 },
];

async function apply(description: string, timestamp: bigint) {
  const intake = intakeBirth(TOPIC, encodePayload({ timestamp, seq: 1n, metrics: metrics(description) }), 'protobuf', LIMITS);
  return applyIntake(app, intake, opts);
}

const stored = async () =>
  Object.fromEntries((await db.pool.query<{ name: string; metadata: unknown }>('SELECT name, metadata FROM uns_meta.metrics ORDER BY name')).rows.map((r) => [r.name, r.metadata]));

const versions = async (name: string) =>
  (await db.pool.query<{ diff: Record<string, unknown> }>('SELECT v.diff FROM uns_meta.metric_versions v JOIN uns_meta.metrics m USING (metric_id) WHERE m.name = $1 ORDER BY version_id', [name])).rows.map(
    (r) => r.diff,
  );

describe('metrics.metadata', () => {
  it('keeps the flags, the MetaData message, DataSet columns and array element types; null when a birth says none', async () => {
    expect((await apply('kiln feed', 1000n)).status).toBe('applied');
    expect(await stored()).toEqual({
      'Feed/Plain': null,
      'Feed/Profile': { element_type: 'Float' },
      'Feed/Rate': { is_historical: false, is_transient: true, is_multi_part: false, content_type: 'text/plain', size: 12, seq: 2, file_name: 'rate.txt', file_type: 'txt', md5: 'abc', description: 'kiln feed' },
      'Feed/Recipe': { dataset_columns: [{ name: 'step', type: 'Int32' }, { name: 'setpoint', type: 'Double' }] },
    });
    const [created] = await versions('Feed/Rate');
    expect(created?.metadata).toEqual({ old: null, new: expect.objectContaining({ description: 'kiln feed', is_historical: false }) });
    expect((await versions('Feed/Plain'))[0]).not.toHaveProperty('metadata');
  });

  it('an unchanged rebirth writes nothing; a changed description is one version with the metadata diff', async () => {
    const before = await tableCounts(db.pool);
    const same = await apply('kiln feed', 2000n);
    expect(same).toMatchObject({ versions: 0, metrics: { unchanged: 4 } });
    expect(rowsWritten(before, await tableCounts(db.pool))).toBe(0);

    const changed = await apply('kiln feed (line 2)', 3000n);
    expect(changed).toMatchObject({ versions: 1, propertiesWritten: 0, metrics: { updated: 1, unchanged: 3 } });
    const last = (await versions('Feed/Rate')).at(-1);
    expect(last).toMatchObject({ op: 'updated', metadata: { old: { description: 'kiln feed' }, new: { description: 'kiln feed (line 2)' } } });
    expect(last).not.toHaveProperty('properties');
  });

  it('the Sparkplug JSON form carries the same content', () => {
    const doc = { timestamp: 1, metrics: [{ name: 'a', datatype: 10, isHistorical: true, metadata: { description: 'x', size: '18446744073709551615' }, datasetValue: { columns: ['c'], types: [12] } }] };
    const r = decodeJsonPayload(JSON.stringify(doc));
    if (!r.ok) throw new Error(r.reason);
    const [m] = [...r.metrics()];
    expect(m?.ok && JSON.parse(m.metric.metadata ?? 'null')).toEqual({ is_historical: true, size: '18446744073709551615', description: 'x', dataset_columns: [{ name: 'c', type: 'String' }] });
    const bad = decodeJsonPayload(JSON.stringify({ metrics: [{ name: 'b', datatype: 16, datasetValue: { columns: ['c', 'd'], types: [12] } }] }));
    expect(bad.ok && [...bad.metrics()][0]).toMatchObject({ ok: false, reason: "metric #0 'b': DataSet has 2 columns but 1 types" });
  });
});
