import { createHash } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { applyBirth, type WriterOptions } from '../../src/store/birth-writer.js';
import { constraintViolationTotal, quarantinedTotal } from '../../src/metrics.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { birth, metric, s, i, l, f, d, b } from '../support/births.js';
import { tableCounts, rowsWritten } from '../support/stats.js';

const TOPIC = 'spBv1.0/Secil/DBIRTH/Portugal/Cement';
const DEV = 'Secil/Portugal/Cement';
const opts: WriterOptions = {
  changedBy: 'test',
  renameByFingerprint: true,
  quarantinePayloadMaxBytes: 4096,
  flushStats: true,
};

let db: TestDatabase;
let app: Pool;
beforeAll(async () => {
  db = await cloneDatabase('birth_writer');
  app = createPool(db.appUrl, { max: 4 });
});
afterAll(() => app.end());

const kiln = (props: Record<string, ReturnType<typeof s>> = {}) =>
  metric('Maceira/Kiln/Temp', 'Float', { engUnit: s('C'), displayHigh: d(1800), Quality: i(192), ...props }, 1n);
const fan = () => metric('Maceira/Kiln/Fan', 'Boolean', { documentation: s('Fan running'), retain: b(true) }, 2n);

async function versionsOf(path: string) {
  const r = await db.pool.query(
    `SELECT v.diff, v.changed_by FROM uns_meta.metric_versions v JOIN uns_meta.metrics m USING (metric_id) WHERE m.uns_path = $1 ORDER BY v.version_id`,
    [path],
  );
  return r.rows;
}

describe('birth writer', () => {
  it('stores a first birth: device, metrics, typed properties and a created version with every property', async () => {
    const out = await applyBirth(app, birth(TOPIC, [kiln(), fan()], { timestamp: 1000n, seq: 1n }), opts);
    expect(out).toMatchObject({
      status: 'applied',
      devicePath: DEV,
      versions: 2,
      propertiesWritten: 5,
      metrics: { created: 2, unchanged: 0 },
    });
    const dev = await db.pool.query(
      'SELECT group_id, edge, device, country, business_unit, plant, uns_path FROM uns_meta.devices',
    );
    expect(dev.rows).toEqual([
      {
        group_id: 'Secil',
        edge: 'Portugal',
        device: 'Cement',
        country: 'Portugal',
        business_unit: 'Cement',
        plant: 'Maceira',
        uns_path: DEV,
      },
    ]);
    const m = await db.pool.query(`SELECT name, datatype, alias, canary_id FROM uns_meta.metrics ORDER BY name`);
    expect(m.rows).toEqual([
      { name: 'Maceira/Kiln/Fan', datatype: 'Boolean', alias: 2n, canary_id: 'Secil.Portugal.Cement.Maceira.Kiln.Fan' },
      { name: 'Maceira/Kiln/Temp', datatype: 'Float', alias: 1n, canary_id: 'Secil.Portugal.Cement.Maceira.Kiln.Temp' },
    ]);
    const [v] = await versionsOf(`${DEV}/Maceira/Kiln/Temp`);
    expect(v.changed_by).toBe('test');
    expect(v.diff).toEqual({
      op: 'created',
      properties: {
        engUnit: { old: null, new: 'C' },
        displayHigh: { old: null, new: 1800 },
        Quality: { old: null, new: 192 },
      },
      datatype: { old: null, new: 'Float' },
      uns_path: { old: null, new: `${DEV}/Maceira/Kiln/Temp` },
      source: { topic: TOPIC, seq: 1, timestamp: 1000 },
    });
  });

  it('an unchanged rebirth writes zero rows in uns_meta and keeps updated_at', async () => {
    const stamps = await db.pool.query('SELECT max(updated_at) AS t FROM uns_meta.metrics');
    const before = await tableCounts(db.pool);
    const out = await applyBirth(app, birth(TOPIC, [kiln(), fan()], { timestamp: 2000n, seq: 2n }), opts);
    const after = await tableCounts(db.pool);
    expect(out).toMatchObject({
      status: 'applied',
      versions: 0,
      propertiesWritten: 0,
      metrics: { created: 0, unchanged: 2 },
    });
    expect(rowsWritten(before, after)).toBe(0);
    expect((await db.pool.query('SELECT max(updated_at) AS t FROM uns_meta.metrics')).rows[0].t).toEqual(
      stamps.rows[0].t,
    );
  });

  it('one property change writes one version with the exact diff', async () => {
    const before = await tableCounts(db.pool);
    const out = await applyBirth(
      app,
      birth(TOPIC, [kiln({ engUnit: s('°C') }), fan()], { timestamp: 3000n, seq: 3n }),
      opts,
    );
    expect(out).toMatchObject({ versions: 1, propertiesWritten: 1, metrics: { updated: 1, unchanged: 1 } });
    expect(rowsWritten(before, await tableCounts(db.pool))).toBe(2); // the property row + the version
    const versions = await versionsOf(`${DEV}/Maceira/Kiln/Temp`);
    expect(versions.at(-1).diff).toEqual({
      op: 'updated',
      properties: { engUnit: { old: 'C', new: '°C' } },
      source: { topic: TOPIC, seq: 3, timestamp: 3000 },
    });
  });

  it('a property missing from a later birth is deleted and recorded as new: null; a new key as old: null', async () => {
    const k = metric('Maceira/Kiln/Temp', 'Float', { engUnit: s('°C'), Quality: i(192), displayLow: d(30) }, 1n);
    await applyBirth(app, birth(TOPIC, [k, fan()], { timestamp: 4000n }), opts);
    const last = (await versionsOf(`${DEV}/Maceira/Kiln/Temp`)).at(-1).diff;
    expect(last.properties).toEqual({ displayHigh: { old: 1800, new: null }, displayLow: { old: null, new: 30 } });
    const keys = await db.pool.query(
      `SELECT key FROM uns_meta.metric_properties mp JOIN uns_meta.metrics m USING (metric_id) WHERE m.name = 'Maceira/Kiln/Temp' ORDER BY key`,
    );
    expect(keys.rows.map((r) => r.key)).toEqual(['Quality', 'displayLow', 'engUnit']);
  });

  it('retires a metric a later birth drops and restores it when it returns', async () => {
    const k = metric('Maceira/Kiln/Temp', 'Float', { engUnit: s('°C'), Quality: i(192), displayLow: d(30) }, 1n);
    const out = await applyBirth(app, birth(TOPIC, [k], { timestamp: 5000n }), opts);
    expect(out.metrics.retired).toBe(1);
    const retired = await db.pool.query(`SELECT retired_at FROM uns_meta.metrics WHERE name = 'Maceira/Kiln/Fan'`);
    expect(retired.rows[0].retired_at).toBeInstanceOf(Date);
    const back = await applyBirth(app, birth(TOPIC, [k, fan()], { timestamp: 6000n }), opts);
    expect(back.metrics.restored).toBe(1);
    const fanVersions = (await versionsOf(`${DEV}/Maceira/Kiln/Fan`)).map((v) => v.diff.op);
    expect(fanVersions).toEqual(['created', 'retired', 'restored']);
    expect(
      (await db.pool.query(`SELECT retired_at FROM uns_meta.metrics WHERE name = 'Maceira/Kiln/Fan'`)).rows[0]
        .retired_at,
    ).toBeNull();
  });

  it('a rename (same alias, datatype and keys) keeps metric_id and writes lineage', async () => {
    const id = (await db.pool.query(`SELECT metric_id FROM uns_meta.metrics WHERE name = 'Maceira/Kiln/Fan'`)).rows[0]
      .metric_id;
    const renamed = metric('Maceira/Kiln/Fan 1', 'Boolean', { documentation: s('Fan running'), retain: b(true) }, 2n);
    const k = metric('Maceira/Kiln/Temp', 'Float', { engUnit: s('°C'), Quality: i(192), displayLow: d(30) }, 1n);
    const out = await applyBirth(app, birth(TOPIC, [k, renamed], { timestamp: 7000n }), opts);
    expect(out.metrics).toMatchObject({ renamed: 1, created: 0, retired: 0 });
    const row = await db.pool.query(
      `SELECT metric_id, uns_path FROM uns_meta.metrics WHERE name = 'Maceira/Kiln/Fan 1'`,
    );
    expect(row.rows[0]).toEqual({ metric_id: id, uns_path: `${DEV}/Maceira/Kiln/Fan 1` });
    const lineage = await db.pool.query(
      'SELECT metric_id, old_uns_path, new_uns_path FROM uns_meta.metric_path_lineage',
    );
    expect(lineage.rows).toEqual([
      { metric_id: id, old_uns_path: `${DEV}/Maceira/Kiln/Fan`, new_uns_path: `${DEV}/Maceira/Kiln/Fan 1` },
    ]);
    expect((await versionsOf(`${DEV}/Maceira/Kiln/Fan 1`)).at(-1).diff).toMatchObject({
      op: 'renamed',
      uns_path: { old: `${DEV}/Maceira/Kiln/Fan`, new: `${DEV}/Maceira/Kiln/Fan 1` },
    });
  });

  it('refuses a birth older than the applied one', async () => {
    const before = await tableCounts(db.pool);
    const out = await applyBirth(app, birth(TOPIC, [kiln()], { timestamp: 10n }), opts);
    expect(out.status).toBe('stale');
    expect(rowsWritten(before, await tableCounts(db.pool))).toBe(0);
  });

  it('quarantines duplicate names, UNS path collisions and undecodable metrics while applying the rest', async () => {
    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Mill';
    const metrics = [
      metric('Line/PV', 'Double', { engUnit: s('t/h') }),
      metric('Line/PV', 'Double', { engUnit: s('kg/h') }),
      metric('Flow  Rate', 'Double'),
      metric('Flow Rate', 'Double'),
      metric('Good/One', 'Int32', { Quality: i(-2147483132), big: l(9007199254740993n), f: f(0.1), empty: s('') }),
    ];
    const out = await applyBirth(
      app,
      birth(topic, metrics, { timestamp: 1n }, [{ index: 5, reason: 'unknown datatype 99' }]),
      opts,
    );
    expect(out).toMatchObject({ status: 'applied', quarantined: 3, metrics: { created: 1 } });
    const q = await db.pool.query(
      `SELECT error_code, details FROM uns_meta_sync.quarantine WHERE topic = $1 ORDER BY quarantine_id`,
      [topic],
    );
    expect(q.rows.map((r) => r.error_code)).toEqual(['metric_undecodable', 'duplicate_name', 'uns_path_collision']);
    expect(q.rows[2].details.names).toEqual(['Flow  Rate', 'Flow Rate']);
    const counted = (await quarantinedTotal.get()).values.filter((v) =>
      ['metric_undecodable', 'duplicate_name', 'uns_path_collision'].includes(String(v.labels.reason)),
    );
    expect(counted.map((v) => v.value)).toEqual([1, 1, 1]);
    const stored = await db.pool.query(
      `SELECT name FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id) WHERE d.device = 'Mill'`,
    );
    expect(stored.rows).toEqual([{ name: 'Good/One' }]);
    const props = await db.pool.query(
      `SELECT key, type, value_int, value_long, value_float, value_string FROM uns_meta.metric_properties mp JOIN uns_meta.metrics m USING (metric_id) WHERE m.name = 'Good/One' ORDER BY key`,
    );
    expect(props.rows).toEqual([
      { key: 'Quality', type: 'int', value_int: -2147483132, value_long: null, value_float: null, value_string: null },
      {
        key: 'big',
        type: 'long',
        value_int: null,
        value_long: 9007199254740993n,
        value_float: null,
        value_string: null,
      },
      { key: 'empty', type: 'string', value_int: null, value_long: null, value_float: null, value_string: '' },
      { key: 'f', type: 'float', value_int: null, value_long: null, value_float: 0.1, value_string: null },
    ]);
    // Beyond ±2^53 a JSON number would lose digits: the diff carries the integer as a string.
    const created = (await versionsOf('Secil/Portugal/Mill/Good/One'))[0].diff.properties;
    expect(created.big).toEqual({ old: null, new: '9007199254740993' });
    expect(created.f).toEqual({ old: null, new: 0.1 });
  });

  it('a device path taken by another device is refused by its constraint, counted, and quarantined whole', async () => {
    const before = (await constraintViolationTotal.get()).values[0]?.value ?? 0;
    const out = await applyBirth(
      app,
      birth('spBv1.0/Secil/DBIRTH/Portugal/Cement?', [kiln()], { timestamp: 1n }),
      opts,
    );
    expect(out.status).toBe('quarantined');
    expect(out.reason).toContain('uq_devices_uns_path');
    expect((await constraintViolationTotal.get()).values[0]?.value).toBe(before + 1);
    const q = await db.pool.query(`SELECT error_code FROM uns_meta_sync.quarantine WHERE topic LIKE '%Cement?'`);
    expect(q.rows).toEqual([{ error_code: 'constraint_violation' }]);
  });

  it('reports metrics whose Canary ids collide (a.b vs a/b) and stores both', async () => {
    const out = await applyBirth(
      app,
      birth('spBv1.0/Secil/DBIRTH/Portugal/Silo', [metric('Level.PV', 'Double'), metric('Level/PV', 'Double')]),
      opts,
    );
    expect(out.metrics.created).toBe(2);
    expect(out.canaryConflicts).toEqual([
      {
        canaryId: 'Secil.Portugal.Silo.Level.PV',
        paths: ['Secil/Portugal/Silo/Level.PV', 'Secil/Portugal/Silo/Level/PV'],
      },
    ]);

    // Across births and devices: the node's metric 'Silo/Temp/PV' meets the device's stored 'Temp.PV'.
    await applyBirth(
      app,
      birth('spBv1.0/Secil/DBIRTH/Portugal/Silo', [
        metric('Level.PV', 'Double'),
        metric('Level/PV', 'Double'),
        metric('Temp.PV', 'Double'),
      ]),
      {
        ...opts,
      },
    );
    const node = await applyBirth(
      app,
      birth('spBv1.0/Secil/NBIRTH/Portugal', [metric('Silo/Temp/PV', 'Double')]),
      opts,
    );
    expect(node.canaryConflicts).toEqual([
      {
        canaryId: 'Secil.Portugal.Silo.Temp.PV',
        paths: ['Secil/Portugal/Silo/Temp.PV', 'Secil/Portugal/Silo/Temp/PV'],
      },
    ]);
  });

  it('a property edited outside the writer is put back by the next birth (its fingerprint is forgotten)', async () => {
    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Press';
    const m = () => metric('Line/PV', 'Double', { engUnit: s('bar'), engHigh: d(10) });
    await applyBirth(app, birth(topic, [m()], { timestamp: 1n }), opts);
    // Its statistics are flushed now, not up to 10 s later inside another test's row count.
    await db.pool.query(
      `UPDATE uns_meta.metric_properties SET value_string = 'psi' WHERE key = 'engUnit' AND metric_id = (SELECT metric_id FROM uns_meta.metrics WHERE uns_path = 'Secil/Portugal/Press/Line/PV');
       SELECT pg_stat_force_next_flush()`,
    );
    const out = await applyBirth(app, birth(topic, [m()], { timestamp: 2n }), opts);
    expect(out.metrics.updated).toBe(1);
    expect((await versionsOf('Secil/Portugal/Press/Line/PV')).at(-1).diff.properties).toEqual({
      engUnit: { old: 'psi', new: 'bar' },
    });
    const again = await applyBirth(app, birth(topic, [m()], { timestamp: 3n }), opts);
    expect(again).toMatchObject({ versions: 0, propertiesWritten: 0, metrics: { unchanged: 1 } });
  });

  it('with the fingerprint cache lost (it is unlogged) an unchanged birth still writes nothing and refills it', async () => {
    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Cache';
    const ms = () => [metric('A', 'Double', { engUnit: s('bar') }), metric('B', 'Boolean', { retain: b(true) })];
    await applyBirth(app, birth(topic, ms(), { timestamp: 1n }), opts);
    await db.pool.query('TRUNCATE uns_meta_sync.metric_fingerprints');
    const before = await tableCounts(db.pool);
    const out = await applyBirth(app, birth(topic, ms(), { timestamp: 2n }), opts);
    expect(out).toMatchObject({ versions: 0, propertiesWritten: 0, metrics: { unchanged: 2 } });
    expect(rowsWritten(before, await tableCounts(db.pool))).toBe(0);
    const fps = await db.pool.query('SELECT count(*)::int AS n FROM uns_meta_sync.metric_fingerprints');
    expect(fps.rows[0].n).toBe(2);
  });

  it('names with tabs, backslashes, newlines and non-ASCII letters round-trip: a rebirth writes nothing', async () => {
    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Names';
    const names = ['Tensão\tFase\\A', 'Linha\nDois/Ângulo', 'Temp (°C)', 'ß/日本'];
    const ms = () => names.map((n, k) => metric(n, 'Double', { doc: s(n) }, BigInt(k + 1)));
    const first = await applyBirth(app, birth(topic, ms(), { timestamp: 1n }), opts);
    expect(first.metrics.created).toBe(4);
    const before = await tableCounts(db.pool);
    const out = await applyBirth(app, birth(topic, ms(), { timestamp: 2n }), opts);
    expect(out.metrics).toMatchObject({ unchanged: 4, created: 0, retired: 0 });
    expect(rowsWritten(before, await tableCounts(db.pool))).toBe(0);
  });

  it('created diffs rendered while staging equal the SQL rendering of the stored values', async () => {
    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Values';
    const props = {
      f: f(0.1),
      f2: f(3.4028234663852886e38),
      tiny: f(1.17549435e-38),
      nan: d(NaN),
      inf: f(Infinity),
      neg: d(-0.000001),
      big: l(-9007199254740993n),
      safe: l(9007199254740991n),
      i: i(-5),
      e: s(''),
      u: s('Ângulo "quoted" \\ tab\t'),
      t: b(false),
    };
    await applyBirth(app, birth(topic, [metric('All/Types', 'String', props)], { timestamp: 1n }), opts);
    const r = await db.pool.query(
      `SELECT (SELECT diff->'properties' FROM uns_meta.metric_versions v WHERE v.metric_id = m.metric_id ORDER BY version_id LIMIT 1) AS staged,
              (SELECT jsonb_object_agg(key, jsonb_build_object('old', NULL, 'new', uns_meta_sync.property_json(type, value_int, value_long, value_float, value_double, value_string, value_bool)))
                 FROM uns_meta.metric_properties p WHERE p.metric_id = m.metric_id) AS stored
       FROM uns_meta.metrics m WHERE m.uns_path = 'Secil/Portugal/Values/All/Types'`,
    );
    expect(r.rows[0].staged).toEqual(r.rows[0].stored);
    expect(r.rows[0].staged.f.new).toBe(0.1);
    expect(r.rows[0].staged.big.new).toBe('-9007199254740993');
    expect(r.rows[0].staged.nan.new).toBe('NaN');
  });

  it('every new metric of a birth gets the created diff of its own properties, wherever it sits among stored, quarantined and unreadable ones', async () => {
    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Mixed';
    await applyBirth(
      app,
      birth(topic, [metric('Old/A', 'Int32', { k: i(1) }), metric('Old/B', 'Int32', { k: i(2) })], { timestamp: 1n }),
      opts,
    );
    const next = [
      metric('New/1', 'Double', { engUnit: s('t/h'), hi: d(1.5) }),
      metric('Old/A', 'Int32', { k: i(1) }),
      metric('Dup', 'Int32', { k: i(3) }),
      metric('Dup', 'Int32', { k: i(4) }),
      metric('New/2', 'Boolean', { retain: b(true) }),
      metric('Old/B', 'Int32', { k: i(5) }),
      metric('New/3', 'String', { doc: s('três') }),
    ];
    const out = await applyBirth(
      app,
      birth(topic, next, { timestamp: 2n }, [{ index: 2, reason: 'unknown datatype 99' }]),
      opts,
    );
    expect(out.metrics).toMatchObject({ created: 3, updated: 1, unchanged: 1 });
    const r = await db.pool.query(
      `SELECT m.name,
              (SELECT diff FROM uns_meta.metric_versions v WHERE v.metric_id = m.metric_id ORDER BY version_id LIMIT 1) AS diff,
              (SELECT jsonb_object_agg(key, jsonb_build_object('old', NULL, 'new', uns_meta_sync.property_json(type, value_int, value_long, value_float, value_double, value_string, value_bool)))
                 FROM uns_meta.metric_properties p WHERE p.metric_id = m.metric_id) AS stored
       FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id) WHERE d.device = 'Mixed' AND m.name LIKE 'New/%' ORDER BY m.name`,
    );
    expect(r.rows.map((x) => x.name)).toEqual(['New/1', 'New/2', 'New/3']);
    for (const x of r.rows) {
      expect(x.diff.op).toBe('created');
      expect(x.diff.uns_path).toEqual({ old: null, new: `Secil/Portugal/Mixed/${x.name}` });
      expect(x.diff.properties).toEqual(x.stored);
    }
    expect(r.rows[2].diff.properties.doc.new).toBe('três');
  });

  it('the births row keeps the SHA-256 of the payload as received', async () => {
    const small = birth('spBv1.0/Secil/DBIRTH/Portugal/Hashed', [metric('PV', 'Double', { engUnit: s('bar') })]);
    expect((await applyBirth(app, small, opts)).status).toBe('applied');
    const r = await db.pool.query(`SELECT payload_sha256 FROM uns_meta_sync.births WHERE device = 'Hashed'`);
    expect(r.rows[0].payload_sha256).toBe(createHash('sha256').update(small.payload).digest('hex'));
  });

  it('a birth stamped in the year 2100 is ordered by its receive time: the next correct birth still applies', async () => {
    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Clock';
    const now = Date.now();
    const future = await applyBirth(
      app,
      birth(topic, [metric('PV', 'Double', { engUnit: s('bar') })], { timestamp: 4_102_444_800_000n }),
      { ...opts, receivedAt: now },
    );
    expect(future).toMatchObject({ status: 'applied', clockClamped: true });
    const guard = await db.pool.query(`SELECT birth_ts FROM uns_meta_sync.births WHERE device = 'Clock'`);
    expect(guard.rows[0].birth_ts).toBe(BigInt(now));
    const next = await applyBirth(
      app,
      birth(topic, [metric('PV', 'Double', { engUnit: s('psi') })], { timestamp: BigInt(now + 1000) }),
      opts,
    );
    expect(next).toMatchObject({ status: 'applied', metrics: { updated: 1 } });
    expect(next.clockClamped).toBeUndefined();
  });

  it('a guard stored in the far future before the clamp existed orders nothing: the device heals', async () => {
    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Frozen';
    await applyBirth(app, birth(topic, [metric('PV', 'Double', { engUnit: s('bar') })], { timestamp: 1n }), opts);
    await db.pool.query(`UPDATE uns_meta_sync.births SET birth_ts = 4102444800000 WHERE device = 'Frozen'`);
    const out = await applyBirth(
      app,
      birth(topic, [metric('PV', 'Double', { engUnit: s('psi') })], { timestamp: BigInt(Date.now()) }),
      opts,
    );
    expect(out).toMatchObject({ status: 'applied', metrics: { updated: 1 } });
    // A guard a little ahead (within the skew) still holds.
    const soon = Date.now() + 60_000;
    await db.pool.query(`UPDATE uns_meta_sync.births SET birth_ts = $1 WHERE device = 'Frozen'`, [soon]);
    const older = await applyBirth(
      app,
      birth(topic, [metric('PV', 'Double', { engUnit: s('kPa') })], { timestamp: BigInt(Date.now()) }),
      opts,
    );
    expect(older.status).toBe('stale');
  });

  it('one alias on two metrics refuses both (neither applied nor retired); an alias without a name is refused, its stored metric kept', async () => {
    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Aliases';
    await applyBirth(
      app,
      birth(
        topic,
        [metric('A', 'Int32', { k: i(1) }, 1n), metric('B', 'Int32', { k: i(2) }, 2n), metric('C', 'Int32', {}, 3n)],
        { timestamp: 1n },
      ),
      opts,
    );
    const out = await applyBirth(
      app,
      birth(
        topic,
        [
          metric('A', 'Int32', { k: i(10) }, 1n),
          metric('B', 'Int32', { k: i(20) }, 1n),
          metric(null, 'Int32', { k: i(30) }, 3n),
        ],
        { timestamp: 2n },
      ),
      opts,
    );
    expect(out.metrics).toMatchObject({ created: 0, updated: 0, unchanged: 0, retired: 0 });
    const q = await db.pool.query(
      `SELECT error_code, details->>'name' AS name FROM uns_meta_sync.quarantine WHERE topic = $1 ORDER BY quarantine_id`,
      [topic],
    );
    expect(q.rows).toEqual([
      { error_code: 'alias_duplicate', name: 'A' },
      { error_code: 'alias_duplicate', name: 'B' },
      { error_code: 'metric_unnamed', name: null },
    ]);
    const unnamed = await db.pool.query(
      `SELECT message, details FROM uns_meta_sync.quarantine WHERE topic = $1 AND error_code = 'metric_unnamed'`,
      [topic],
    );
    expect(unnamed.rows[0].message).toContain('alias 3 but no name');
    expect(unnamed.rows[0].details.stored_name).toBe('C');
    const stored = await db.pool.query(
      `SELECT m.name, p.value_int AS k, m.retired_at IS NOT NULL AS retired FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id)
       LEFT JOIN uns_meta.metric_properties p ON p.metric_id = m.metric_id AND p.key = 'k' WHERE d.device = 'Aliases' ORDER BY m.name`,
    );
    expect(stored.rows).toEqual([
      { name: 'A', k: 1, retired: false },
      { name: 'B', k: 2, retired: false },
      { name: 'C', k: null, retired: false }, // its alias came without a name: refused, still declared
    ]);
  });

  it('the alias map of a device follows its latest birth (stale aliases do not survive)', async () => {
    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Alias';
    const aliases = async () =>
      (
        await db.pool.query(`SELECT alias, name FROM uns_meta_sync.aliases WHERE device = 'Alias' ORDER BY alias`)
      ).rows.map((r) => [Number(r.alias), r.name]);
    await applyBirth(
      app,
      birth(topic, [metric('A', 'Int32', {}, 1n), metric('B', 'Int32', {}, 2n), metric('C', 'Int32', {}, 3n)], {
        timestamp: 1n,
      }),
      opts,
    );
    expect(await aliases()).toEqual([
      [1, 'A'],
      [2, 'B'],
      [3, 'C'],
    ]);
    await applyBirth(
      app,
      birth(
        topic,
        [metric('A', 'Int32', {}, 5n), metric('C', 'Int32', {}, 3n), metric('D', 'Int32', { k: i(1) }, 2n)],
        { timestamp: 2n },
      ),
      opts,
    );
    expect(await aliases()).toEqual([
      [2, 'D'],
      [3, 'C'],
      [5, 'A'],
    ]);
    const before = await tableCounts(db.pool, 'uns_meta_sync');
    await applyBirth(
      app,
      birth(
        topic,
        [metric('A', 'Int32', {}, 5n), metric('C', 'Int32', {}, 3n), metric('D', 'Int32', { k: i(1) }, 2n)],
        { timestamp: 3n },
      ),
      opts,
    );
    const after = await tableCounts(db.pool, 'uns_meta_sync');
    expect(after.aliases).toEqual(before.aliases);
  });

  it('a stored metric named twice in a later birth is quarantined, not retired', async () => {
    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Twice';
    await applyBirth(app, birth(topic, [metric('X', 'Int32'), metric('Y', 'Int32')], { timestamp: 1n }), opts);
    const out = await applyBirth(
      app,
      birth(topic, [metric('X', 'Int32'), metric('X', 'Double'), metric('Y', 'Int32')], { timestamp: 2n }),
      opts,
    );
    expect(out.metrics).toMatchObject({ retired: 0, unchanged: 1 });
    expect(out.quarantined).toBe(1);
    const x = await db.pool.query(
      `SELECT datatype, retired_at FROM uns_meta.metrics WHERE uns_path = 'Secil/Portugal/Twice/X'`,
    );
    expect(x.rows).toEqual([{ datatype: 'Int32', retired_at: null }]);
  });

  it('births of one device are serialized: concurrent births end in the state of the newest', async () => {
    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Race';
    const births = [1n, 2n, 3n, 4n].map((ts) =>
      birth(topic, [metric('Level', 'Double', { version: i(Number(ts)) })], { timestamp: ts }),
    );
    const outcomes = await Promise.all(births.reverse().map((x) => applyBirth(app, x, opts)));
    expect(outcomes.every((o) => o.status === 'applied' || o.status === 'stale')).toBe(true);
    const v = await db.pool.query(
      `SELECT p.value_int FROM uns_meta.metric_properties p JOIN uns_meta.metrics m USING (metric_id) WHERE m.uns_path = 'Secil/Portugal/Race/Level'`,
    );
    expect(v.rows).toEqual([{ value_int: 4 }]);
    const b = await db.pool.query(`SELECT birth_ts FROM uns_meta_sync.births WHERE device = 'Race'`);
    expect(b.rows).toEqual([{ birth_ts: 4n }]);
  });

  it('dry run computes the diff and writes nothing', async () => {
    // pg_stat counts rolled-back tuples too, so the contents are compared instead.
    const snapshot = async () =>
      (
        await db.pool
          .query(`SELECT (SELECT count(*) FROM uns_meta.metric_versions) AS v, (SELECT count(*) FROM uns_meta_sync.births) AS b,
          (SELECT string_agg(key || '=' || coalesce(value_string, ''), ',' ORDER BY metric_id, key) FROM uns_meta.metric_properties) AS p`)
      ).rows[0];
    const before = await snapshot();
    const out = await applyBirth(app, birth(TOPIC, [kiln({ engUnit: s('K') })], { timestamp: 9000n }), {
      ...opts,
      dryRun: true,
    });
    expect(out.diffs?.map((x) => x.diff)).toEqual(expect.arrayContaining([expect.objectContaining({ op: 'updated' })]));
    expect(await snapshot()).toEqual(before);
  });
});
