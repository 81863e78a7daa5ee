// A rebirth matches its metrics against the declarations the device keeps (store/declarations.ts) and
// decodes only the rest. The shortcut must change nothing about the result: the same births applied to
// a second database whose declarations are wiped before every birth (so each is compared in full) must
// leave exactly the same rows, versions, alias map and quarantine, outcome for outcome.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { applyIntake } from '../../src/ingest/apply.js';
import { intakeBirth } from '../../src/ingest/intake.js';
import { encodePayload, type MetricInput } from '../../src/sparkplug/payload.js';
import type { BirthOutcome, WriterOptions } from '../../src/store/birth-writer.js';
import { seededRandom, type Random } from '../../src/seeded-random.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { rowsWritten, tableCounts } from '../support/stats.js';

const opts: WriterOptions = {
  changedBy: 'test',
  renameByFingerprint: true,
  quarantinePayloadMaxBytes: 4096,
  flushStats: true,
};
const LIMITS = { maxPayloadBytes: 1 << 22, maxInflatedBytes: 1 << 22 };
const TOPIC = 'spBv1.0/G/DBIRTH/E/Kiln';

let declared: TestDatabase;
let full: TestDatabase;
let appDeclared: Pool;
let appFull: Pool;
let rowsPair: [TestDatabase, TestDatabase];
beforeAll(async () => {
  declared = await cloneDatabase('declared_rebirth');
  full = await cloneDatabase('declared_rebirth_full');
  rowsPair = [await cloneDatabase('declared_rows'), await cloneDatabase('declared_rows_full')];
  appDeclared = createPool(declared.appUrl, { max: 2 });
  appFull = createPool(full.appUrl, { max: 2 });
});
afterAll(async () => {
  await appDeclared.end();
  await appFull.end();
});

const tag = (i: number, unit = 'bar', alias = BigInt(i + 1)): MetricInput => ({
  name: `Area ${i % 3}/Tag ${i}`,
  alias,
  datatype: 'Double',
  value: i,
  properties: {
    engUnit: { type: 'String', value: unit },
    engHigh: { type: 'Double', value: 100 + i },
    Documentation: { type: 'String', value: `tag ${i}` },
  },
});

/**
 * One random change of a birth's metric list: what an edge node's configuration can do between births.
 * `sent` is what this birth carries; `kept` what the next one starts from (a fault is fixed again).
 */
function mutate(
  metrics: MetricInput[],
  r: Random,
  next: () => number,
  removed: MetricInput[],
): { sent: MetricInput[]; kept: MetricInput[] } {
  const out: MetricInput[] = metrics.map((m) => ({ ...m, properties: { ...m.properties } }));
  const once = (extra: MetricInput) => ({ sent: [...out, extra], kept: out });
  const at = () => r.int(out.length);
  switch (r.int(13)) {
    case 0: // a property changes
    case 1: {
      const m = out[at()] as MetricInput;
      m.properties = { ...m.properties, engUnit: { type: 'String', value: r.pick(['bar', 'psi', 'kPa', 'mbar']) } };
      break;
    }
    case 2: // a property is added or removed
      {
        const m = out[at()] as MetricInput;
        if (m.properties?.['engLow']) delete m.properties['engLow'];
        else m.properties = { ...m.properties, engLow: { type: 'Double', value: r.int(10) } };
      }
      break;
    case 3: // a new metric
      out.splice(at(), 0, tag(next()));
      break;
    case 4: // a metric disappears (retired), maybe to come back later
      removed.push(...out.splice(at(), 1));
      break;
    case 5: // renamed: same alias, datatype and keys under a new name
      {
        const m = out[at()] as MetricInput;
        m.name = `${m.name} renamed`;
      }
      break;
    case 6: // a second definition of a known name, in this birth only
      return once({ ...(out[at()] as MetricInput), alias: BigInt(10_000 + next()) });
    case 7: // a new metric claiming a known alias
      return once({ ...tag(next()), alias: (out[at()] as MetricInput).alias });
    case 8: // a new name on the path of a known one
      return once({ ...tag(next()), name: `${(out[at()] as MetricInput).name} ` });
    case 9: // the metadata changes (MetaData, or a flag kept with it)
      {
        const m = out[at()] as MetricInput;
        if (r.next() < 0.5) m.metadata = { description: r.pick(['feed', 'kiln', 'mill']), contentType: 'text/plain' };
        else m.isHistorical = !m.isHistorical;
      }
      break;
    case 10: // a known metric gets another alias
      (out[at()] as MetricInput).alias = BigInt(20_000 + next());
      break;
    case 11: // a retired metric comes back (restored)
      if (removed.length > 0) out.splice(at(), 0, removed.splice(r.int(removed.length), 1)[0] as MetricInput);
      break;
    default: // the datatype changes
      (out[at()] as MetricInput).datatype = r.pick(['Double', 'Float', 'Int32']);
  }
  return { sent: out, kept: out };
}

async function apply(app: Pool, metrics: MetricInput[], ts: bigint): Promise<BirthOutcome> {
  return applyIntake(
    app,
    intakeBirth(TOPIC, encodePayload({ timestamp: ts, seq: 0n, metrics }), 'protobuf', LIMITS),
    opts,
  );
}

/** Everything a birth leaves behind, keyed by names (ids may differ between the two databases). */
async function state(db: TestDatabase): Promise<unknown> {
  const q = async (sql: string) => (await db.pool.query(sql)).rows;
  return {
    devices: await q(`SELECT uns_path, plant FROM uns_meta.devices ORDER BY uns_path`),
    metrics: await q(
      `SELECT name, uns_path, datatype, alias::text, retired_at IS NOT NULL AS retired, metadata FROM uns_meta.metrics ORDER BY name`,
    ),
    properties: await q(
      `SELECT m.name, p.key, p.type, p.value_int, p.value_long::text, p.value_float, p.value_double, p.value_string, p.value_bool
       FROM uns_meta.metric_properties p JOIN uns_meta.metrics m USING (metric_id) ORDER BY m.name, p.key`,
    ),
    versions: await q(
      `SELECT m.name, v.diff::text FROM uns_meta.metric_versions v JOIN uns_meta.metrics m USING (metric_id) ORDER BY m.name, v.diff::text`,
    ),
    lineage: await q(`SELECT old_uns_path, new_uns_path FROM uns_meta.metric_path_lineage ORDER BY 1, 2`),
    aliases: await q(`SELECT alias::text, name FROM uns_meta_sync.aliases ORDER BY alias`),
    quarantine: await q(`SELECT error_code, count(*)::int AS n FROM uns_meta_sync.quarantine GROUP BY 1 ORDER BY 1`),
  };
}

const comparable = (o: BirthOutcome) => ({
  status: o.status,
  metrics: o.metrics,
  versions: o.versions,
  propertiesWritten: o.propertiesWritten,
  quarantined: o.quarantined,
});

describe('declared rebirth', () => {
  it('leaves exactly what the full comparison leaves, over 100 births of random changes', async () => {
    const r = seededRandom(7);
    let counter = 40;
    const next = () => counter++;
    let metrics = Array.from({ length: 40 }, (_, i) => tag(i));
    const removed: MetricInput[] = [];
    let byDeclaration = 0;
    let ts = 1000n;
    for (let birth = 0; birth < 100; birth++) {
      // Mostly one change, as in production; sometimes several at once.
      const changes = r.next() < 0.7 ? 1 : 2 + r.int(3);
      let sent = metrics;
      for (let c = 0; c < changes && birth > 0; c++) {
        const m = mutate(metrics, r, next, removed);
        metrics = m.kept;
        sent = m.sent;
      }
      ts += 1n;
      await full.pool.query('UPDATE uns_meta_sync.device_fingerprints SET declarations = NULL');
      const a = await apply(appDeclared, sent, ts);
      const b = await apply(appFull, sent, ts);
      expect(b.declared, `birth ${birth}: the second database compares in full`).toBeUndefined();
      if (a.declared !== undefined) byDeclaration += 1;
      expect(comparable(a), `birth ${birth}`).toEqual(comparable(b));
      expect(await state(declared), `birth ${birth}`).toEqual(await state(full));
    }
    // Without this the test could pass without ever taking the shortcut.
    expect(byDeclaration).toBeGreaterThan(20);
  });

  it('a 1 % delta reads only the changed metrics and writes exactly the changes', async () => {
    const base = Array.from({ length: 2000 }, (_, i) => ({ ...tag(i), name: `Delta/Tag ${i}` }));
    const topic = 'spBv1.0/G/DBIRTH/E/Delta';
    const send = (metrics: MetricInput[], ts: bigint) =>
      applyIntake(
        appDeclared,
        intakeBirth(topic, encodePayload({ timestamp: ts, seq: 0n, metrics }), 'protobuf', LIMITS),
        opts,
      );
    expect((await send(base, 1n)).metrics.created).toBe(2000);
    const changed = base.map((m, i) =>
      i % 100 === 0 ? { ...m, properties: { ...m.properties, engUnit: { type: 'String' as const, value: 'psi' } } } : m,
    );
    const before = await tableCounts(declared.pool);
    const o = await send(changed, 2n);
    expect(o).toMatchObject({
      declared: 1980,
      versions: 20,
      propertiesWritten: 20,
      metrics: { updated: 20, unchanged: 1980 },
    });
    expect(rowsWritten(before, await tableCounts(declared.pool))).toBe(40);
    // And back: the 20 changed ones are the only ones read again.
    expect(await send(base, 3n)).toMatchObject({ declared: 1980, versions: 20, metrics: { updated: 20 } });
  });

  it('changes of a metric row itself (metadata, a flag, an alias, a restore) go the declared way and end as in full', async () => {
    // Databases of its own: the state compared is the whole database.
    const [one, two] = rowsPair;
    const [appOne, appTwo] = [createPool(one.appUrl, { max: 2 }), createPool(two.appUrl, { max: 2 })];
    const base = Array.from({ length: 200 }, (_, i) => ({ ...tag(i), name: `Rows/Tag ${i}` }));
    const both = async (metrics: MetricInput[], ts: bigint) => {
      await two.pool.query('UPDATE uns_meta_sync.device_fingerprints SET declarations = NULL');
      const birth = () => intakeBirth(TOPIC, encodePayload({ timestamp: ts, seq: 0n, metrics }), 'protobuf', LIMITS);
      const a = await applyIntake(appOne, birth(), opts);
      const b = await applyIntake(appTwo, birth(), opts);
      expect(b.declared).toBeUndefined();
      expect(comparable(a)).toEqual(comparable(b));
      expect(await state(one)).toEqual(await state(two));
      return a;
    };
    await both(base, 1n);
    // Tags 0–4 retired, to come back in the next birth.
    await both(base.slice(5), 2n);
    const changed = base.map((m, i) => {
      if (i >= 10 && i < 15) return { ...m, metadata: { description: 'kiln feed', contentType: 'text/plain' } };
      if (i >= 15 && i < 20) return { ...m, isHistorical: true };
      if (i >= 20 && i < 25) return { ...m, alias: BigInt(5000 + i) };
      return m;
    });
    const o = await both(changed, 3n);
    // A new alias alone makes no version (the diff has no alias): those 5 count as unchanged.
    expect(o).toMatchObject({ declared: 180, metrics: { updated: 10, restored: 5, unchanged: 185 } });
    const rows = await one.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM uns_meta.metrics WHERE metadata IS NOT NULL OR alias > 5000`,
    );
    expect(rows.rows[0]?.n).toBe(15);
    await appOne.end();
    await appTwo.end();
  });

  it('an edit made outside the writer forgets the declarations: the next birth compares in full and repairs it', async () => {
    const topic = 'spBv1.0/G/DBIRTH/E/Edited';
    const base = Array.from({ length: 50 }, (_, i) => ({ ...tag(i), name: `Edited/Tag ${i}` }));
    const send = (metrics: MetricInput[], ts: bigint) =>
      applyIntake(
        appDeclared,
        intakeBirth(topic, encodePayload({ timestamp: ts, seq: 0n, metrics }), 'protobuf', LIMITS),
        opts,
      );
    await send(base, 1n);
    await declared.pool.query(
      `UPDATE uns_meta.metric_properties p SET value_string = 'edited' FROM uns_meta.metrics m
       WHERE m.metric_id = p.metric_id AND m.name = 'Edited/Tag 7' AND p.key = 'engUnit'`,
    );
    const changed = base.map((m, i) =>
      i === 1 ? { ...m, properties: { ...m.properties, engUnit: { type: 'String' as const, value: 'psi' } } } : m,
    );
    const o = await send(changed, 2n);
    expect(o.declared).toBeUndefined();
    expect(o.metrics.updated).toBe(2);
    const unit = await declared.pool.query(
      `SELECT p.value_string FROM uns_meta.metric_properties p JOIN uns_meta.metrics m USING (metric_id) WHERE m.name = 'Edited/Tag 7' AND p.key = 'engUnit'`,
    );
    expect(unit.rows[0].value_string).toBe('bar');
    // Declarations are kept again by that birth: the next one takes the shortcut.
    expect((await send(base, 3n)).declared).toBe(49);
  });
});
