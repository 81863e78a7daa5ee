// A rebirth reads the metrics it knows byte for byte (raw fingerprint, name, alias, datatype and path as
// stored) no further than their identity. Whatever the shortcut skips must still hold: duplicate names,
// path and alias collisions with staged metrics, property edits made outside the writer, and a birth in
// another format in between.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { applyIntake } from '../../src/ingest/apply.js';
import { intakeBirth } from '../../src/ingest/intake.js';
import { decodePayload, encodePayload, type MetricInput } from '../../src/sparkplug/payload.js';
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
  db = await cloneDatabase('light_rebirth');
  app = createPool(db.appUrl, { max: 2 });
});
afterAll(() => app.end());

const tag = (name: string, alias: bigint, unit = 'bar'): MetricInput => ({
  name,
  alias,
  datatype: 'Double',
  value: 1,
  properties: {
    engUnit: { type: 'String', value: unit },
    engHigh: { type: 'Double', value: 10 },
    Documentation: { type: 'String', value: `about ${name}` },
  },
});
const line = (unit = 'bar') =>
  Array.from({ length: 20 }, (_, i) => tag(`Line/Tag ${i}`, BigInt(i + 1), i === 3 ? unit : 'bar'));

let ts = 1000n;
async function apply(device: string, metrics: MetricInput[]) {
  ts += 1n;
  return applyIntake(
    app,
    intakeBirth(`spBv1.0/G/DBIRTH/E/${device}`, encodePayload({ timestamp: ts, seq: 1n, metrics }), 'protobuf', LIMITS),
    opts,
  );
}

const unitOf = async (device: string, name: string) =>
  (
    await db.pool.query<{ v: string; retired: boolean }>(
      `SELECT p.value_string AS v, m.retired_at IS NOT NULL AS retired FROM uns_meta.metric_properties p JOIN uns_meta.metrics m USING (metric_id)
       JOIN uns_meta.devices d USING (device_id) WHERE d.device = $1 AND m.name = $2 AND p.key = 'engUnit'`,
      [device, name],
    )
  ).rows[0];

const quarantined = async (device: string) =>
  (
    await db.pool.query<{ error_code: string }>(
      `SELECT error_code FROM uns_meta_sync.quarantine WHERE topic = $1 ORDER BY quarantine_id`,
      [`spBv1.0/G/DBIRTH/E/${device}`],
    )
  ).rows.map((r) => r.error_code);

describe('light rebirth', () => {
  it('the decoder hands out a light result exactly where the hook says so, with the raw fingerprint', () => {
    const p = decodePayload(encodePayload({ timestamp: 1n, metrics: line() }));
    if (!p.ok) throw new Error(p.reason);
    const results = [...p.metrics((m, position) => position % 2 === 0)];
    expect(results.filter((r) => r.ok && r.light)).toHaveLength(10);
    const full = results[1];
    expect(full?.ok && full.metric.properties.size).toBe(3);
    const light = results[0];
    expect(light?.ok && light.metric.properties.size).toBe(0);
    expect(light?.ok && light.metric.rawFp).toMatch(/^[0-9a-f]{32}$/);
    // The same bytes give the same raw fingerprint on the full path.
    const again = [...p.metrics()][0];
    expect(again?.ok && again.metric.rawFp).toBe(light?.ok && light.metric.rawFp);
  });

  it('an unchanged rebirth writes nothing; one changed property is one version', async () => {
    expect((await apply('A', line())).metrics.created).toBe(20);
    const before = await tableCounts(db.pool);
    expect(await apply('A', line())).toMatchObject({ versions: 0, metrics: { unchanged: 20 } });
    expect(rowsWritten(before, await tableCounts(db.pool))).toBe(0);
    expect(await apply('A', line('psi'))).toMatchObject({ versions: 1, metrics: { updated: 1, unchanged: 19 } });
    expect((await unitOf('A', 'Line/Tag 3'))?.v).toBe('psi');
  });

  it('a new metric on the path of a known one, or with its alias, withdraws both; a name twice withdraws both', async () => {
    await apply('B', line());
    // "Line/Tag 5 " normalises to the path of the unchanged "Line/Tag 5".
    const clash = await apply('B', [...line(), tag('Line/Tag 5 ', 99n), tag('Line/New', 7n)]);
    expect(clash).toMatchObject({ metrics: { created: 0, retired: 0 } });
    expect(await quarantined('B')).toEqual(['uns_path_collision', 'alias_duplicate', 'alias_duplicate']);
    expect(await unitOf('B', 'Line/Tag 5')).toEqual({ v: 'bar', retired: false });

    const twice = await apply('B', [...line(), tag('Line/Tag 9', 10n)]);
    expect(twice).toMatchObject({ metrics: { created: 0, retired: 0 } });
    expect((await quarantined('B')).at(-1)).toBe('duplicate_name');
    expect(await unitOf('B', 'Line/Tag 9')).toEqual({ v: 'bar', retired: false });
  });

  it('a property edited outside the writer, or a birth in another format in between, is compared in full again', async () => {
    await apply('C', line());
    await db.pool.query(
      `UPDATE uns_meta.metric_properties p SET value_string = 'edited' FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id)
       WHERE p.metric_id = m.metric_id AND d.device = 'C' AND m.name = 'Line/Tag 1' AND p.key = 'engUnit'`,
    );
    expect(await apply('C', line())).toMatchObject({ versions: 1, metrics: { updated: 1 } });
    expect((await unitOf('C', 'Line/Tag 1'))?.v).toBe('bar');

    // The same change as Sparkplug JSON (no raw bytes), then the protobuf birth of before.
    const prop = (type: number, v: string | number) =>
      type === 12 ? { type, stringValue: v } : { type, doubleValue: v };
    const json = {
      timestamp: String(++ts),
      metrics: line('kPa').map((m) => {
        const p = m.properties as Record<string, { type: string; value: string | number }>;
        return {
          name: m.name,
          alias: String(m.alias),
          datatype: 10,
          properties: {
            keys: Object.keys(p),
            values: Object.values(p).map((v) => prop(v.type === 'String' ? 12 : 10, v.value)),
          },
        };
      }),
    };
    const viaJson = await applyIntake(
      app,
      intakeBirth('spBv1.0/G/DBIRTH/E/C', Buffer.from(JSON.stringify(json)), 'sparkplug-json', LIMITS),
      opts,
    );
    expect(viaJson).toMatchObject({ versions: 1 });
    expect((await unitOf('C', 'Line/Tag 3'))?.v).toBe('kPa');
    expect(await apply('C', line())).toMatchObject({ versions: 1, metrics: { updated: 1 } });
    expect((await unitOf('C', 'Line/Tag 3'))?.v).toBe('bar');
  });
});
