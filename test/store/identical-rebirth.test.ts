// A rebirth whose identity fingerprint is the device's stored one is applied without decoding a metric.
// What must still hold: values and timestamps do not matter, anything changed outside the birth writer
// or a birth with problems sends the next one through the full compare, and losing the per-metric
// fingerprint cache loses this one too.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { applyIntake } from '../../src/ingest/apply.js';
import { intakeBirth } from '../../src/ingest/intake.js';
import { encodePayload, type MetricInput } from '../../src/sparkplug/payload.js';
import type { WriterOptions } from '../../src/store/birth-writer.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { rowsWritten, tableCounts } from '../support/stats.js';

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
  db = await cloneDatabase('identical_rebirth');
  app = createPool(db.appUrl, { max: 2 });
});
afterAll(() => app.end());

let ts = 1000n;
const tag = (i: number, unit = 'bar'): MetricInput => ({
  name: `Kiln/Tag ${i}`,
  alias: BigInt(i + 1),
  datatype: 'Double',
  timestamp: ts,
  value: Number(ts % 1000n) + i,
  properties: { engUnit: { type: 'String', value: unit }, engHigh: { type: 'Double', value: 10 } },
});
const line = (unit = 'bar') => Array.from({ length: 12 }, (_, i) => tag(i, i === 4 ? unit : 'bar'));

async function apply(device: string, metrics: () => MetricInput[], session?: bigint) {
  ts += 1n;
  const payload = encodePayload({ timestamp: ts, seq: 1n, metrics: metrics() });
  return applyIntake(app, intakeBirth(`spBv1.0/G/DBIRTH/E/${device}`, payload, 'protobuf', LIMITS), {
    ...opts,
    session: session ?? null,
  });
}

const unit = async (device: string, name = 'Kiln/Tag 4') =>
  (
    await db.pool.query<{ v: string }>(
      `SELECT p.value_string AS v FROM uns_meta.metric_properties p JOIN uns_meta.metrics m USING (metric_id)
       JOIN uns_meta.devices d USING (device_id) WHERE d.device = $1 AND m.name = $2 AND p.key = 'engUnit'`,
      [device, name],
    )
  ).rows[0]?.v;
const stored = async (device: string) =>
  (
    await db.pool.query(
      `SELECT f.metrics FROM uns_meta_sync.device_fingerprints f JOIN uns_meta.devices d USING (device_id) WHERE d.device = $1`,
      [device],
    )
  ).rows[0];

describe('identical rebirth', () => {
  it('new values and timestamps: identical, nothing written; one changed property: compared in full, one version', async () => {
    expect(await apply('A', line)).toMatchObject({ metrics: { created: 12 } });
    expect(await stored('A')).toEqual({ metrics: 12 });
    const before = await tableCounts(db.pool);
    expect(await apply('A', line)).toMatchObject({ identical: true, versions: 0, metrics: { unchanged: 12 } });
    expect(rowsWritten(before, await tableCounts(db.pool))).toBe(0);
    const changed = await apply('A', () => line('psi'));
    expect(changed).toMatchObject({ versions: 1, metrics: { updated: 1, unchanged: 11 } });
    expect(changed.identical).toBeUndefined();
    expect(await unit('A')).toBe('psi');
    expect(await apply('A', () => line('psi'))).toMatchObject({ identical: true, versions: 0 });
  });

  it('a property, a metric or the device changed outside the writer: the next birth restores what it declares', async () => {
    await apply('B', line);
    const edits = [
      `UPDATE uns_meta.metric_properties p SET value_string = 'edited' FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id)
       WHERE p.metric_id = m.metric_id AND d.device = 'B' AND m.name = 'Kiln/Tag 4' AND p.key = 'engUnit'`,
      `UPDATE uns_meta.metrics m SET datatype = 'Float' FROM uns_meta.devices d WHERE m.device_id = d.device_id AND d.device = 'B' AND m.name = 'Kiln/Tag 4'`,
      `UPDATE uns_meta.devices SET plant = 'Elsewhere' WHERE device = 'B'`,
    ];
    for (const edit of edits) {
      expect(await apply('B', line)).toMatchObject({ identical: true });
      await db.pool.query(edit);
      expect(await stored('B')).toBeUndefined();
      const out = await apply('B', line);
      expect(out.identical).toBeUndefined();
      expect(await unit('B')).toBe('bar');
    }
    const check = await db.pool.query(
      `SELECT m.datatype, d.plant FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id) WHERE d.device = 'B' AND m.name = 'Kiln/Tag 4'`,
    );
    expect(check.rows[0]).toEqual({ datatype: 'Double', plant: 'Kiln' });
  });

  it('a birth with a quarantined metric keeps no fingerprint: every rebirth quarantines it again', async () => {
    const withBad = () => [...line(), { name: 'Kiln/Bad\u0000', alias: 99n, datatype: 'Double' } as MetricInput];
    const quarantined = async () =>
      (
        await db.pool.query(
          `SELECT count(*)::int AS n FROM uns_meta_sync.quarantine WHERE topic = 'spBv1.0/G/DBIRTH/E/C'`,
        )
      ).rows[0].n;
    expect(await apply('C', withBad)).toMatchObject({ quarantined: 1, metrics: { created: 12 } });
    expect(await stored('C')).toBeUndefined();
    const again = await apply('C', withBad);
    expect(again).toMatchObject({ quarantined: 1, metrics: { unchanged: 12 } });
    expect(again.identical).toBeUndefined();
    expect(await quarantined()).toBe(2);
  });

  it('emptying the per-metric fingerprint cache (a crash empties unlogged tables) empties this one too', async () => {
    await apply('D', line);
    expect(await stored('D')).toEqual({ metrics: 12 });
    await db.pool.query('TRUNCATE uns_meta_sync.metric_fingerprints');
    expect(await stored('D')).toBeUndefined();
    const out = await apply('D', line);
    expect(out).toMatchObject({ versions: 0, metrics: { unchanged: 12 } });
    expect(out.identical).toBeUndefined();
    const fps = await db.pool.query(
      `SELECT count(*)::int AS n FROM uns_meta_sync.metric_fingerprints f JOIN uns_meta.metrics m USING (metric_id) JOIN uns_meta.devices d USING (device_id) WHERE d.device = 'D'`,
    );
    expect(fps.rows[0].n).toBe(12);
    expect(await apply('D', line)).toMatchObject({ identical: true });
  });

  it('an identical birth in a new session still checks its aliases against the other scopes of that session', async () => {
    await apply('E1', line, 5n);
    expect(await stored('E1')).toEqual({ metrics: 12 });
    // E2 claims alias 1 in session 6, before E1's birth of that session: no clash yet.
    expect(await apply('E2', () => [{ name: 'Other', alias: 1n, datatype: 'Double' }], 6n)).toMatchObject({
      quarantined: 0,
    });
    const e1 = await apply('E1', line, 6n);
    expect(e1).toMatchObject({ identical: true, quarantined: 2, aliasesDroppedFrom: ['E2'] });
    expect(await stored('E1')).toBeUndefined();
    const kept = await db.pool.query(
      `SELECT device FROM uns_meta_sync.aliases WHERE device IN ('E1', 'E2') AND alias = 1`,
    );
    expect(kept.rows).toEqual([]);
    // Without a stored fingerprint the next birth of the same session goes metric by metric.
    expect((await apply('E1', line, 6n)).identical).toBeUndefined();
  });

  it('a metric row changed by hand forgets its own fingerprint too; TRUNCATE (no row triggers) empties both caches', async () => {
    await apply('F', line);
    await db.pool.query(
      `UPDATE uns_meta.metrics m SET retired_at = now() FROM uns_meta.devices d WHERE m.device_id = d.device_id AND d.device = 'F' AND m.name = 'Kiln/Tag 2'`,
    );
    const fps = await db.pool.query(
      `SELECT m.name FROM uns_meta_sync.metric_fingerprints f JOIN uns_meta.metrics m USING (metric_id) JOIN uns_meta.devices d USING (device_id) WHERE d.device = 'F'`,
    );
    expect(fps.rows.map((r) => r.name)).not.toContain('Kiln/Tag 2');
    expect(fps.rows).toHaveLength(11);
    expect(await apply('F', line)).toMatchObject({ metrics: { restored: 1, unchanged: 11 } });

    expect(await apply('F', line)).toMatchObject({ identical: true });
    await db.pool.query('TRUNCATE uns_meta.metrics CASCADE');
    const left = await db.pool.query(
      'SELECT (SELECT count(*) FROM uns_meta_sync.device_fingerprints)::int AS d, (SELECT count(*) FROM uns_meta_sync.metric_fingerprints)::int AS m',
    );
    expect(left.rows[0]).toEqual({ d: 0, m: 0 });
    expect(await apply('F', line)).toMatchObject({ metrics: { created: 12 } });
  });
});
