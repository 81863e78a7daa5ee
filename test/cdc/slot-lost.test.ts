// A slot the server invalidated (wal_status = lost: it held more WAL than max_slot_wal_keep_size while
// its consumer was away) can never stream again. CDC drops it, creates it anew, takes an initial
// snapshot (reason slot_lost) and Canary ends equal to the database, changes made while it was away
// included. On its own throw-away server, since the setting is server-wide.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db.js';
import { bootstrap, withDatabase } from '../../src/store/bootstrap.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../src/embedded/throwaway.js';
import { applyBirth } from '../../src/store/birth-writer.js';
import { birth, d, metric, s } from '../support/births.js';
import { startCanaryPath, type CanaryPath } from '../support/canary-path.js';
import type { TestDatabase } from '../support/database.js';
import { eventually } from '../support/live-service.js';

const slot = 'uns_meta_slot';
const TOPIC = 'spBv1.0/Secil/DBIRTH/Portugal/Cement';
const opts = { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 1024 };
let server: ThrowawayPostgres;
let db: TestDatabase;
let path: CanaryPath;

beforeAll(async () => {
  server = await startThrowawayPostgres({ extraFlags: ['-c', 'fsync=off', '-c', 'max_slot_wal_keep_size=32MB'] });
  await bootstrap(server.superUrl, { database: 'uns_lost' });
  const superUrl = withDatabase(server.superUrl, 'uns_lost');
  const urlAs = (role: string) => {
    const u = new URL(superUrl);
    u.username = role;
    return u.toString();
  };
  db = { name: 'uns_lost', superUrl, appUrl: urlAs('uns_meta_app'), urlAs, pool: createPool(superUrl, { max: 2 }) };
  path = await startCanaryPath(db, { slot });
}, 180_000);

afterAll(async () => {
  await path?.stop();
  await db?.pool.end();
  await server?.stop();
});

const kiln = (high: number, unit: string) => [
  metric('Kiln/Temp', 'Double', { engUnit: s(unit), engHigh: d(high) }),
  metric('Kiln/Speed', 'Double', { engUnit: s('rpm') }),
];

describe('an invalidated slot', () => {
  it('is recreated with a snapshot and Canary catches up with what changed meanwhile', async () => {
    await applyBirth(path.app, birth(TOPIC, kiln(1450, '°C'), { timestamp: 1n }), opts);
    await path.startCdc();
    await path.untilParity(20_000, 2);
    await path.stopCdc();

    // While no consumer reads it, the slot falls more than max_slot_wal_keep_size behind.
    await applyBirth(path.app, birth(TOPIC, kiln(1500, 'K'), { timestamp: 2n }), opts);
    await db.pool.query('CREATE TABLE public.ballast (x text)');
    const status = async () =>
      (
        await db.pool.query<{ wal_status: string }>(
          'SELECT wal_status FROM pg_replication_slots WHERE slot_name = $1',
          [slot],
        )
      ).rows[0]?.wal_status;
    await eventually(
      async () => {
        await db.pool.query(`INSERT INTO public.ballast SELECT repeat('w', 1000) FROM generate_series(1, 20000)`);
        await db.pool.query('SELECT pg_switch_wal()');
        await db.pool.query('CHECKPOINT');
        return status();
      },
      (v) => v === 'lost',
      120_000,
      'the slot to be invalidated',
    );

    await path.startCdc();
    const report = await path.untilParity(30_000, 2);
    expect(report.inParity).toBe(2);
    const snapshots = await db.pool.query<{ reason: string }>(
      'SELECT reason FROM uns_meta_sync.cdc_snapshots WHERE finished_at IS NOT NULL ORDER BY snapshot_id',
    );
    expect(snapshots.rows.map((r) => r.reason)).toEqual(['slot_missing', 'slot_lost']);
    expect(await status()).not.toBe('lost');
    expect(path.cdc?.status().snapshot?.reason).toBe('slot_lost');
  }, 240_000);
});
