// Birth content beyond name, alias, datatype and properties, from protobuf bytes to the store: the
// is_historical / is_transient flags, the MetaData message, DataSet columns and types and an array's
// element type in metrics.metadata (part of the 'created' diff and of later version diffs); Template
// definitions kept as definitions, instances expanded into member metrics. An unchanged rebirth still
// writes nothing.

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
const opts: WriterOptions = {
  changedBy: 'test',
  renameByFingerprint: true,
  quarantinePayloadMaxBytes: 4096,
  flushStats: true,
};
const LIMITS = { maxPayloadBytes: 1 << 20, maxInflatedBytes: 1 << 20 };

let db: TestDatabase;
let app: Pool;
beforeAll(async () => {
  db = await cloneDatabase('birth_content');
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
    metadata: {
      description,
      contentType: 'text/plain',
      size: 12n,
      seq: 2n,
      fileName: 'rate.txt',
      fileType: 'txt',
      md5: 'abc',
      isMultiPart: false,
    },
    properties: { engUnit: { type: 'String', value: 't/h' } },
  },
  {
    name: 'Feed/Recipe',
    datatype: 'DataSet',
    value: { columns: ['step', 'setpoint'], types: ['Int32', 'Double'], rows: [[1, 2.5]] },
  },
  { name: 'Feed/Profile', datatype: 'FloatArray', value: [1, 2] },
  { name: 'Feed/Plain', datatype: 'Int32', value: 1 },
];

async function apply(description: string, timestamp: bigint) {
  const intake = intakeBirth(
    TOPIC,
    encodePayload({ timestamp, seq: 1n, metrics: metrics(description) }),
    'protobuf',
    LIMITS,
  );
  return applyIntake(app, intake, opts);
}

const stored = async () =>
  Object.fromEntries(
    (
      await db.pool.query<{ name: string; metadata: unknown }>(
        `SELECT name, metadata FROM uns_meta.metrics WHERE name LIKE 'Feed/%' ORDER BY name`,
      )
    ).rows.map((r) => [r.name, r.metadata]),
  );

const versions = async (name: string) =>
  (
    await db.pool.query<{ diff: Record<string, unknown> }>(
      'SELECT v.diff FROM uns_meta.metric_versions v JOIN uns_meta.metrics m USING (metric_id) WHERE m.name = $1 ORDER BY version_id',
      [name],
    )
  ).rows.map((r) => r.diff);

describe('metrics.metadata', () => {
  it('keeps the flags, the MetaData message, DataSet columns and array element types; null when a birth says none', async () => {
    expect((await apply('kiln feed', 1000n)).status).toBe('applied');
    expect(await stored()).toEqual({
      'Feed/Plain': null,
      'Feed/Profile': { element_type: 'Float' },
      'Feed/Rate': {
        is_historical: false,
        is_transient: true,
        content_type: 'text/plain',
        size: 12,
        seq: 2,
        file_name: 'rate.txt',
        file_type: 'txt',
        md5: 'abc',
        description: 'kiln feed',
      },
      'Feed/Recipe': {
        dataset_columns: [
          { name: 'step', type: 'Int32' },
          { name: 'setpoint', type: 'Double' },
        ],
      },
    });
    const [created] = await versions('Feed/Rate');
    expect(created?.metadata).toEqual({
      old: null,
      new: expect.objectContaining({ description: 'kiln feed', is_historical: false }),
    });
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
    expect(last).toMatchObject({
      op: 'updated',
      metadata: { old: { description: 'kiln feed' }, new: { description: 'kiln feed (line 2)' } },
    });
    expect(last).not.toHaveProperty('properties');
  });

  it('MetaData fields at their default value (as JSON exports spell them out) are not kept', () => {
    const doc = {
      metrics: [
        {
          name: 'a',
          datatype: 11,
          metadata: {
            isMultiPart: false,
            contentType: '',
            size: '0',
            seq: '0',
            fileName: '',
            fileType: '',
            md5: '',
            description: '',
          },
        },
      ],
    };
    const r = decodeJsonPayload(JSON.stringify(doc));
    if (!r.ok) throw new Error(r.reason);
    const [m] = [...r.metrics()];
    expect(m?.ok && m.metric.metadata).toBeNull();
  });

  it('the Sparkplug JSON form carries the same content', () => {
    const doc = {
      timestamp: 1,
      metrics: [
        {
          name: 'a',
          datatype: 10,
          isHistorical: true,
          metadata: { description: 'x', size: '18446744073709551615' },
          datasetValue: { columns: ['c'], types: [12] },
        },
      ],
    };
    const r = decodeJsonPayload(JSON.stringify(doc));
    if (!r.ok) throw new Error(r.reason);
    const [m] = [...r.metrics()];
    expect(m?.ok && JSON.parse(m.metric.metadata ?? 'null')).toEqual({
      is_historical: true,
      size: '18446744073709551615',
      description: 'x',
      dataset_columns: [{ name: 'c', type: 'String' }],
    });
    const bad = decodeJsonPayload(
      JSON.stringify({ metrics: [{ name: 'b', datatype: 16, datasetValue: { columns: ['c', 'd'], types: [12] } }] }),
    );
    expect(bad.ok && [...bad.metrics()][0]).toMatchObject({
      ok: false,
      reason: "metric #0 'b': DataSet has 2 columns but 1 types",
    });
  });
});

const NODE = 'spBv1.0/Secil/NBIRTH/Outao';
const motor = (unit: string): MetricInput[] => [
  { name: 'bdSeq', datatype: 'Int64', value: 0n },
  {
    name: 'Motor',
    datatype: 'Template',
    value: {
      isDefinition: true,
      version: '1.0',
      metrics: [
        { name: 'Speed', datatype: 'Float', value: 0, properties: { engUnit: { type: 'String', value: 'rpm' } } },
        { name: 'Running', datatype: 'Boolean', value: false },
      ],
    },
  },
  {
    name: 'Kiln/Motor 1',
    datatype: 'Template',
    value: {
      templateRef: 'Motor',
      version: '1.0',
      metrics: [
        { name: 'Speed', datatype: 'Float', value: 980, properties: { engUnit: { type: 'String', value: unit } } },
        { name: 'Running', datatype: 'Boolean', value: true },
        {
          name: 'Gearbox',
          datatype: 'Template',
          value: { templateRef: 'Gearbox', metrics: [{ name: 'Oil Temp', datatype: 'Double', value: 41.5 }] },
        },
      ],
    },
  },
];

const nodeMetrics = async () =>
  Object.fromEntries(
    (
      await db.pool.query<{ name: string; datatype: string; metadata: unknown; unit: string | null }>(
        `SELECT m.name, m.datatype, m.metadata, p.value_string AS unit FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id)
         LEFT JOIN uns_meta.metric_properties p ON p.metric_id = m.metric_id AND p.key = 'engUnit'
         WHERE d.uns_path = 'Secil/Outao' AND m.retired_at IS NULL ORDER BY m.name`,
      )
    ).rows.map((r) => [r.name, [r.datatype, r.metadata, r.unit]]),
  );

describe('Template metrics', () => {
  it('a definition is kept as a definition; an instance is expanded into member metrics under its path, nested ones too', async () => {
    const out = await applyIntake(
      app,
      intakeBirth(NODE, encodePayload({ timestamp: 1000n, seq: 0n, metrics: motor('rpm') }), 'protobuf', LIMITS),
      opts,
    );
    expect(out).toMatchObject({ status: 'applied', quarantined: 0, metrics: { created: 6 } });
    expect(await nodeMetrics()).toEqual({
      bdSeq: ['Int64', null, null],
      'Kiln/Motor 1': ['Template', { template_ref: 'Motor', template_version: '1.0' }, null],
      'Kiln/Motor 1/Gearbox': ['Template', { template_ref: 'Gearbox' }, null],
      'Kiln/Motor 1/Gearbox/Oil Temp': ['Double', null, null],
      'Kiln/Motor 1/Running': ['Boolean', null, null],
      'Kiln/Motor 1/Speed': ['Float', null, 'rpm'],
    });
    const uns = await db.pool.query(
      `SELECT uns_path FROM uns_meta.metrics WHERE name = 'Kiln/Motor 1/Gearbox/Oil Temp'`,
    );
    expect(uns.rows[0].uns_path).toBe('Secil/Outao/Kiln/Motor 1/Gearbox/Oil Temp');
    const defs = await db.pool.query(
      'SELECT group_id, edge, name, version, members FROM uns_meta_sync.template_definitions',
    );
    expect(defs.rows).toEqual([
      {
        group_id: 'Secil',
        edge: 'Outao',
        name: 'Motor',
        version: '1.0',
        members: [
          { name: 'Speed', datatype: 'Float', properties: { engUnit: { type: 'string', value: 'rpm' } } },
          { name: 'Running', datatype: 'Boolean', properties: {} },
        ],
      },
    ]);
  });

  it('an unchanged NBIRTH writes nothing; a member property change is one version of that member', async () => {
    const before = await tableCounts(db.pool);
    const same = await applyIntake(
      app,
      intakeBirth(NODE, encodePayload({ timestamp: 2000n, seq: 0n, metrics: motor('rpm') }), 'protobuf', LIMITS),
      opts,
    );
    expect(same).toMatchObject({ versions: 0, metrics: { unchanged: 6 } });
    expect(rowsWritten(before, await tableCounts(db.pool))).toBe(0);
    const changed = await applyIntake(
      app,
      intakeBirth(NODE, encodePayload({ timestamp: 3000n, seq: 0n, metrics: motor('1/min') }), 'protobuf', LIMITS),
      opts,
    );
    expect(changed).toMatchObject({ versions: 1, metrics: { updated: 1, unchanged: 5 } });
    expect((await nodeMetrics())['Kiln/Motor 1/Speed']).toEqual(['Float', null, '1/min']);
  });

  it('a member without a name is quarantined by itself; the instance and the other members apply', async () => {
    const metrics: MetricInput[] = [
      {
        name: 'Pump',
        datatype: 'Template',
        value: {
          templateRef: 'P',
          metrics: [
            { datatype: 'Int32', value: 1 },
            { name: 'Flow', datatype: 'Double', value: 2 },
          ],
        },
      },
    ];
    const out = await applyIntake(
      app,
      intakeBirth('spBv1.0/Secil/DBIRTH/Outao/Pumps', encodePayload({ timestamp: 1n, metrics }), 'protobuf', LIMITS),
      opts,
    );
    expect(out).toMatchObject({ status: 'applied', quarantined: 1, metrics: { created: 2 } });
    const q = await db.pool.query(
      `SELECT error_code, message FROM uns_meta_sync.quarantine WHERE topic LIKE '%/Pumps'`,
    );
    expect(q.rows).toEqual([
      {
        error_code: 'metric_undecodable',
        message: expect.stringContaining('a member of the Template instance has no name'),
      },
    ]);
  });
});
