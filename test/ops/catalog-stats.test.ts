// db.stats on a real PostgreSQL 16: the first run is a baseline (OK with a note), a quiet period is OK,
// a deadlock induced between two connections in the period is WARN with the count, and with
// track_io_timing off the check says it cannot judge I/O wait (UNKNOWN, naming the setting). The median
// rule for the time counters is checked table-driven on the pure rule with stored-history shapes.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import type { PastRun } from '../../src/ops/context.js';
import { evaluateDbStats, type Counters } from '../../src/ops/db-stats-rule.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { eventually } from '../support/live-service.js';
import { checkRunner, type RunCheck } from '../support/ops-check.js';

let db: TestDatabase;
let pool: Pool;
let check: RunCheck;

beforeAll(async () => {
  db = await cloneDatabase('ops_catalog_stats');
  // Sessions opened from now on time their I/O (the server default is off).
  await db.pool.query(`ALTER DATABASE ${db.name} SET track_io_timing = on`);
  pool = createPool(db.superUrl, { max: 2 });
  check = checkRunner(pool);
});

afterAll(async () => {
  await pool?.end();
});

const deadlocks = async () =>
  Number(
    (
      await db.pool.query<{ n: string }>(
        'SELECT deadlocks::text AS n FROM pg_stat_database WHERE datname = current_database()',
      )
    ).rows[0]?.n,
  );

/** Two sessions lock two rows in opposite order: the server's deadlock detector aborts one of them. */
async function induceDeadlock(): Promise<void> {
  await db.pool.query(
    `INSERT INTO uns_meta.devices (group_id, edge, device, uns_path) VALUES ('G', 'E', 'A', 'G/E/A'), ('G', 'E', 'B', 'G/E/B')`,
  );
  const [a, b] = [new pg.Client({ connectionString: db.superUrl }), new pg.Client({ connectionString: db.superUrl })];
  await a.connect();
  await b.connect();
  try {
    await a.query(
      `BEGIN; SET LOCAL deadlock_timeout = '100ms'; UPDATE uns_meta.devices SET plant = 'a' WHERE device = 'A'`,
    );
    await b.query(
      `BEGIN; SET LOCAL deadlock_timeout = '100ms'; UPDATE uns_meta.devices SET plant = 'b' WHERE device = 'B'`,
    );
    const first = a.query(`UPDATE uns_meta.devices SET plant = 'a' WHERE device = 'B'`).then(
      () => null,
      (e: { code?: string }) => e.code,
    );
    const second = b.query(`UPDATE uns_meta.devices SET plant = 'b' WHERE device = 'A'`).then(
      () => null,
      (e: { code?: string }) => e.code,
    );
    expect((await Promise.all([first, second])).filter((c) => c === '40P01')).toHaveLength(1);
  } finally {
    await a.query('ROLLBACK').catch(() => undefined);
    await b.query('ROLLBACK').catch(() => undefined);
    await a.end();
    await b.end();
  }
}

describe('db.stats', () => {
  it('first run: baseline, OK with a note; a quiet period: OK with 0 deadlocks and the deltas', async () => {
    const first = await check('db.stats');
    expect(first).toMatchObject({
      status: 'OK',
      value: null,
      evidence: { trackIoTiming: true, note: expect.stringMatching(/baseline/) },
    });
    const second = await check('db.stats');
    expect(second).toMatchObject({
      status: 'OK',
      value: 0,
      evidence: { deltas: expect.objectContaining({ deadlocks: 0 }), findings: [] },
    });
  });

  it('a deadlock between two connections in the period is WARN with the count', async () => {
    const before = await deadlocks();
    await check('db.stats');
    await induceDeadlock();
    // Backends publish their statistics a moment after the transaction ends.
    await eventually(deadlocks, (n) => n > before, 10_000, 'pg_stat_database.deadlocks to move');
    const r = await check('db.stats');
    expect(r).toMatchObject({
      status: 'WARN',
      value: 1,
      evidence: { findings: [expect.stringMatching(/^1 deadlock\(s\)/)] },
    });
    expect((await check('db.stats')).status).toBe('OK');
  });

  it('track_io_timing off: UNKNOWN, naming the setting to turn on', async () => {
    const u = new URL(db.superUrl);
    u.searchParams.set('options', '-c track_io_timing=off');
    const off = createPool(u.toString(), { max: 1 });
    try {
      const r = await checkRunner(off)('db.stats');
      expect(r).toMatchObject({ status: 'UNKNOWN', value: 0, evidence: { trackIoTiming: false } });
      expect(r.remedy).toMatch(/ALTER SYSTEM SET track_io_timing = on/);
    } finally {
      await off.end();
    }
  });
});

describe('db.stats rule (deltas against the median of earlier periods)', () => {
  const T0 = Date.parse('2026-01-10T02:00:00Z');
  const c = (p: Partial<Counters>): Counters => ({
    deadlocks: 0,
    blk_read_time: 0,
    blk_write_time: 0,
    conflicts: 0,
    temp_bytes: 0,
    ...p,
  });
  const past = (daysAgo: number, evidence: Record<string, unknown>): PastRun => ({
    status: 'OK',
    value: 0,
    evidence,
    startedAt: new Date(T0 - daysAgo * 86_400_000),
  });
  // Seven earlier daily periods of 10 s read time each; the newest stored counters are 70 000 ms.
  const history = [1, 2, 3, 4, 5, 6, 7].map((d) =>
    past(d, {
      counters: c({ blk_read_time: 80_000 - d * 10_000 }),
      statsReset: null,
      deltas: c({ blk_read_time: 10_000 }),
      periodHours: 24,
    }),
  );
  const t = { warn: 0, crit: null };
  const run = (counters: Counters, h = history, io = true) =>
    evaluateDbStats(new Date(T0), { counters, statsReset: null, trackIoTiming: io }, h, t);

  it.each([
    ['same rate as the median', c({ blk_read_time: 80_000 }), 'OK'],
    ['2.9 × the median', c({ blk_read_time: 99_000 }), 'OK'],
    ['3.5 × the median', c({ blk_read_time: 105_000 }), 'WARN'],
    ['write time jumps, read time steady', c({ blk_read_time: 80_000, blk_write_time: 5_000 }), 'OK'],
  ])('%s → %s', (_, counters, status) => {
    expect(run(counters).status).toBe(status);
  });

  it('rates are per hour: a 2-hour period at the usual rate is OK, the same volume in it is WARN', () => {
    const h = [past(2 / 24, { counters: c({ blk_read_time: 70_000 }), statsReset: null }), ...history.slice(1)];
    expect(run(c({ blk_read_time: 70_000 + 10_000 / 12 }), h).status).toBe('OK');
    expect(run(c({ blk_read_time: 80_000 }), h)).toMatchObject({
      status: 'WARN',
      evidence: { findings: [expect.stringMatching(/blk_read_time: 5000 ms\/h, 12\.0 ×/)] },
    });
  });

  it('fewer than 3 earlier periods, a median of 0, or less than 1 s in the period: not compared', () => {
    expect(run(c({ blk_read_time: 200_000 }), history.slice(0, 2))).toMatchObject({
      status: 'OK',
      evidence: { notes: [expect.stringMatching(/needs 3 earlier periods/)] },
    });
    const quiet = history.map((h) => ({ ...h, evidence: { ...h.evidence, deltas: c({}) } }));
    expect(run(c({ blk_read_time: 200_000 }), quiet).status).toBe('OK');
    const tiny = history.map((h) => ({ ...h, evidence: { ...h.evidence, deltas: c({ blk_read_time: 10 }) } }));
    expect(run(c({ blk_read_time: 70_900 }), tiny).status).toBe('OK');
  });

  it('a statistics reset starts a new baseline instead of a negative delta', () => {
    expect(run(c({ blk_read_time: 5 }))).toMatchObject({
      status: 'OK',
      value: null,
      evidence: { note: expect.stringMatching(/reset/) },
    });
  });

  it('deadlocks are WARN even with track_io_timing off; otherwise io off is UNKNOWN', () => {
    expect(run(c({ blk_read_time: 70_000, deadlocks: 2 }), history, false)).toMatchObject({ status: 'WARN', value: 2 });
    expect(run(c({ blk_read_time: 70_000 }), history, false).status).toBe('UNKNOWN');
  });
});
