// storage.trend and connections.capacity on a real PostgreSQL 16: without history the storage check
// records sizes and is OK with a note; against a stored run of 30 days ago with half the sizes it is
// WARN (100 %/month), with equal sizes OK, and a run too young for the window is not used. Connections:
// OK at the defaults, WARN with a low threshold; a peak kept in history and the configured pool count.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { checkRunner, insertPastRun, type RunCheck } from '../support/ops-check.js';

let db: TestDatabase;
let pool: Pool;
let check: RunCheck;

beforeAll(async () => {
  db = await cloneDatabase('ops_catalog_capacity');
  pool = createPool(db.superUrl, { max: 2 });
  check = checkRunner(pool);
  const d = await db.pool.query<{ device_id: bigint }>(
    `INSERT INTO uns_meta.devices (group_id, edge, device, uns_path) VALUES ('G', 'E', 'D', 'G/E/D') RETURNING device_id`,
  );
  await db.pool.query(
    `INSERT INTO uns_meta.metrics (device_id, name, uns_path, datatype) SELECT $1, 'm' || i, 'G/E/D/m' || i, 'Float' FROM generate_series(1, 3000) i`,
    [d.rows[0]?.device_id],
  );
});

afterAll(async () => {
  await pool?.end();
});

const clearHistory = (id: string) => db.pool.query('DELETE FROM uns_meta_sync.check_runs WHERE check_id = $1', [id]);

describe('storage.trend', () => {
  it('no history: OK with a note, sizes recorded for the next run', async () => {
    await clearHistory('storage.trend');
    const r = await check('storage.trend');
    expect(r).toMatchObject({
      status: 'OK',
      value: null,
      unit: '%/month',
      evidence: { note: expect.stringMatching(/no earlier run/) },
    });
    expect((r.evidence.sizes as Record<string, number>)['uns_meta.metrics']).toBeGreaterThan(100_000);
  });

  it('half the size 30 days ago is WARN (100 %/month); equal sizes are OK; a 3-day-old run is not a reference', async () => {
    await clearHistory('storage.trend');
    const now = (await check('storage.trend')).evidence.sizes as Record<string, number>;
    await clearHistory('storage.trend');
    const half = Object.fromEntries(Object.entries(now).map(([t, b]) => [t, b / 2]));
    await insertPastRun(db.pool, 'storage.trend', 30, { sizes: half });
    // A younger run with equal sizes would say 0 %: it is too young for a 30-day window, so ignored.
    await insertPastRun(db.pool, 'storage.trend', 3, { sizes: now });
    const grown = await check('storage.trend');
    expect(grown).toMatchObject({ status: 'WARN', warn: 50, evidence: { totalGrowthPercentPerMonth: 100, days: 30 } });
    expect(grown.value).toBeCloseTo(100, 0);
    expect(grown.evidence.tables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'uns_meta.metrics', judged: true, growthPercentPerMonth: 100 }),
      ]),
    );

    await clearHistory('storage.trend');
    await insertPastRun(db.pool, 'storage.trend', 30, { sizes: now });
    expect(await check('storage.trend')).toMatchObject({ status: 'OK', value: 0 });
  });

  it('growth is normalised to 30 days and the window comes from OPS_STORAGE_GROWTH_WINDOW_DAYS', async () => {
    await clearHistory('storage.trend');
    const now = (await check('storage.trend')).evidence.sizes as Record<string, number>;
    await clearHistory('storage.trend');
    // +40 % in 7 days = 171 %/month: seen with a 7-day window, not with the default 30 (7 < 15 days).
    await insertPastRun(db.pool, 'storage.trend', 7, {
      sizes: Object.fromEntries(Object.entries(now).map(([t, b]) => [t, b / 1.4])),
    });
    expect((await check('storage.trend')).status).toBe('OK');
    const weekly = await check('storage.trend', { OPS_STORAGE_GROWTH_WINDOW_DAYS: '7' });
    expect(weekly.status).toBe('WARN');
    expect(weekly.value).toBeCloseTo(171.4, 0);
  });
});

describe('connections.capacity', () => {
  it('OK at the defaults; WARN with a low threshold', async () => {
    const r = await check('connections.capacity');
    expect(r).toMatchObject({
      status: 'OK',
      unit: '%',
      warn: 80,
      evidence: { maxConnections: expect.any(Number), poolMax: 10 },
    });
    expect(r.evidence.used as number).toBeGreaterThanOrEqual(1);
    expect(r.evidence.usable).toBe(200 - (r.evidence.reserved as number));
    const low = await check('connections.capacity', { OPS_CONNECTIONS_CAPACITY_WARN: '1' });
    expect(low.status).toBe('WARN');
  });

  it('a peak seen by an earlier run counts; a configured pool bigger than the server is WARN', async () => {
    await clearHistory('connections.capacity');
    await insertPastRun(db.pool, 'connections.capacity', 10, { used: 180 });
    const r = await check('connections.capacity');
    expect(r).toMatchObject({ status: 'WARN', evidence: { peak: 180 } });
    expect(r.value).toBeCloseTo((100 * 180) / (r.evidence.usable as number), 0);
    await clearHistory('connections.capacity');
    // A threshold just under what a pool of 50 takes of this server: 50 trips it, the default 10 does not.
    const limit = String((100 * 50) / (r.evidence.usable as number) - 0.5);
    expect((await check('connections.capacity', { OPS_CONNECTIONS_CAPACITY_WARN: limit })).status).toBe('OK');
    const pool = await check('connections.capacity', { DB_POOL_MAX: '50', OPS_CONNECTIONS_CAPACITY_WARN: limit });
    expect(pool).toMatchObject({ status: 'WARN', evidence: { poolMax: 50 } });
  });
});
