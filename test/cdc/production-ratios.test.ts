// CDC at its production RATIO to the server: the debounce is longer than the server's
// wal_sender_timeout (production: 180 s against 60 s; here 20 s against 10 s, set on the replication
// connection). The server must never hang up on a consumer that waits in its debounce window, and the
// change must reach Canary once the window closes. Ends with a read-back parity check.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBirth } from '../../src/store/birth-writer.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { birth, d, metric, s } from '../support/births.js';
import { dropSlotWhenReleased } from '../support/slots.js';
import { startCanaryPath, type CanaryPath } from '../support/canary-path.js';
import { eventually } from '../support/live-service.js';

const slot = `t_ratio_${process.pid}`;
const TOPIC = 'spBv1.0/Secil/DBIRTH/Portugal/Cement';
const opts = { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 1024 };
const SENDER_TIMEOUT_S = 10;
const DEBOUNCE_MS = 20_000;
let db: TestDatabase;
let path: CanaryPath;

beforeAll(async () => {
  db = await cloneDatabase('cdc_ratio');
  path = await startCanaryPath(db, {
    slot,
    replOptions: `-c wal_sender_timeout=${SENDER_TIMEOUT_S}s`,
    cdc: { debounceQuietMs: DEBOUNCE_MS, debounceMaxMs: 3 * DEBOUNCE_MS },
  });
  await path.startCdc();
});

afterAll(async () => {
  await path?.stop();
  if (db) await dropSlotWhenReleased(db, slot);
});

const walsender = async () =>
  (
    await db.pool.query<{ pid: number | null; sender_timeout: string | null }>(
      `SELECT s.active_pid AS pid, (SELECT setting FROM pg_settings WHERE name = 'wal_sender_timeout') AS sender_timeout FROM pg_replication_slots s WHERE slot_name = $1`,
      [slot],
    )
  ).rows[0];

describe('a debounce longer than wal_sender_timeout', () => {
  it('keeps one replication connection through the window and delivers when it closes', async () => {
    // 'streaming' is set when the stream is requested; the slot shows its walsender a moment later.
    const pid = (await eventually(walsender, (w) => Boolean(w?.pid), 10_000, 'the walsender of the slot'))?.pid;
    const started = Date.now();
    await applyBirth(
      path.app,
      birth(
        TOPIC,
        [
          metric('Kiln/Temp', 'Float', { engUnit: s('°C'), engHigh: d(1450) }),
          metric('Kiln/Speed', 'Double', { engUnit: s('rpm') }),
        ],
        { timestamp: 1000n },
      ),
      opts,
    );

    // Twice the server's timeout inside the window: still nothing sent, still the same connection.
    await new Promise((r) => setTimeout(r, 2 * SENDER_TIMEOUT_S * 1000 - 3_000));
    expect((await path.parity()).missingTags).toHaveLength(2);
    expect((await walsender())?.pid).toBe(pid);
    expect(path.cdc?.status().lastError).toBeNull();

    const report = await path.untilParity(DEBOUNCE_MS + 15_000, 2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(DEBOUNCE_MS);
    expect(report).toMatchObject({ tags: 2, inParity: 2 });
    expect((await walsender())?.pid).toBe(pid);
    expect(path.cdc?.status().lastError).toBeNull();
  }, 90_000);

  it('acknowledges the slot past the delivered change while idle (WAL is not retained)', async () => {
    // Other test files write WAL on the same server meanwhile, so a fixed lag says little: the slot must
    // come past where the WAL is now, from the server's keepalives alone (nothing of it is ours).
    const now = (await db.pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]?.lsn;
    await eventually(
      async () =>
        (
          await db.pool.query<{ past: boolean }>(
            'SELECT confirmed_flush_lsn >= $1::pg_lsn AS past FROM pg_replication_slots WHERE slot_name = $2',
            [now, slot],
          )
        ).rows[0]?.past,
      (past) => past === true,
      30_000,
      'the slot acknowledged past the current WAL position',
    );
    expect((await path.parity()).inParity).toBe(2);
  });
});
