// `ops dr-rehearsal` end to end with the real pgBackRest and PostgreSQL 16: births A (in the full backup),
// B (archived WAL) and C (not archived yet) on the live database; the rehearsal restores into a scratch
// server, migrates, smoke-tests and reports RTO/RPO — and the scratch server is gone afterwards. The
// numbers are checked against what the source holds: the newest restore has A and B (RPO = C − B), a
// PITR between A and B has only A, the logical copy has everything, a failed recovery still tears down.

import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionLogSettings, rehearsalSettings } from '../../src/cli/settings.js';
import type { Config } from '../../src/config.js';
import { createPool, type Pool } from '../../src/db.js';
import { createLogger } from '../../src/log.js';
import { pgBackRestBackup } from '../../src/ops/backup/pgbackrest.js';
import { drRehearsal, type RehearsalReport } from '../../src/ops/dr/rehearsal.js';
import { applyBirth } from '../../src/store/birth-writer.js';
import { startBackedUpPostgres, type BackedUpPostgres } from '../support/backed-up-postgres.js';
import { birth, metric, s } from '../support/births.js';
import { runCli } from '../support/cli.js';

let pg: BackedUpPostgres;
let pool: Pool;
let target: Date;
const applied: Record<string, Date> = {};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = createLogger({ level: 'silent' });
const rehearsalDeps = (c: Config) => ({ actionLog: actionLogSettings(c), rehearsal: rehearsalSettings(c) });

async function ingest(device: string): Promise<void> {
  const b = birth(`spBv1.0/Plant/DBIRTH/Edge/${device}`, [metric('Temperature', 'Float', { engUnit: s('°C') })]);
  expect(
    (await applyBirth(pool, b, { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 1024 }))
      .status,
  ).toBe('applied');
  const r = await pool.query<{ applied_at: Date }>('SELECT applied_at FROM uns_meta_sync.births WHERE device = $1', [
    device,
  ]);
  applied[device] = r.rows[0]?.applied_at as Date;
}

async function archived(): Promise<void> {
  const wal = (await pool.query<{ f: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS f')).rows[0]?.f;
  for (
    let i = 0;
    i < 150 && (await pool.query('SELECT last_archived_wal FROM pg_stat_archiver')).rows[0]?.last_archived_wal !== wal;
    i++
  )
    await sleep(200);
}

/** Neither the scratch directory nor a server process on it survives the rehearsal. */
function expectTornDown(r: Pick<RehearsalReport, 'scratch'>): void {
  expect(r.scratch.removed).toBe(true);
  expect(existsSync(r.scratch.dir)).toBe(false);
  expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })).not.toContain(r.scratch.dir);
}

beforeAll(async () => {
  pg = await startBackedUpPostgres('uns-meta-dr');
  pool = createPool(pg.dbUrl, { max: 2 });
  await ingest('A');
  await pgBackRestBackup(pg.pgbackrest, 'full');
  await sleep(1100);
  target = new Date();
  await sleep(1100);
  await ingest('B');
  await archived();
  await sleep(1100);
  await ingest('C'); // stays in the current WAL segment: no restore can have it yet
});

afterAll(async () => {
  await pool?.end();
  await pg?.stop();
});

describe('uns-meta ops dr-rehearsal', () => {
  it('restores the newest backup plus archived WAL, migrates, smoke-tests, reports RTO/RPO, tears down (CLI --json)', async () => {
    const out = await runCli(['ops', 'dr-rehearsal', '--json'], { DATABASE_URL: pg.dbUrl, ...pg.env });
    expect(out.code, out.stderr).toBe(0);
    const r = JSON.parse(out.stdout) as RehearsalReport;
    expect(r).toMatchObject({
      status: 'OK',
      method: 'pgbackrest',
      pitr: null,
      database: 'uns_metadata',
      migrations: { applied: [] },
      smoke: { ok: true },
    });
    expect(r.smoke.steps.map((x) => [x.name, x.ok])).toEqual([
      ['ingest', true],
      ['counts', true],
      ['versions', true],
      ['constraints', true],
      ['idempotent', true],
    ]);
    expect(r.restoredRows).toMatchObject({ devices: 2, births: 2 }); // A and B, not C
    expect(r.restore.seconds).toBeGreaterThan(0);
    expect(r.restore.startSeconds).toBeGreaterThan(0);
    expect(r.rto).toMatchObject({ target: 1800, met: true });
    // No slot survives a restore: CDC started on it sends every metric by its initial snapshot, and Canary
    // (a simulator) must then equal the restored database — A's and B's metrics and the smoke test's.
    expect(r.canary).toMatchObject({ ok: true, error: null, missingTags: 0, differing: 0 });
    expect(r.canary?.tags).toBeGreaterThanOrEqual(3);
    expect(r.canary?.inParity).toBe(r.canary?.tags);
    expect(r.canary?.snapshotMetrics).toBeGreaterThanOrEqual(r.canary?.tags as number);
    expect(r.canary?.seconds).toBeGreaterThan(0);
    expect(r.rto.seconds).toBeCloseTo(r.restore.seconds + r.restore.startSeconds + (r.canary?.seconds ?? 0), 2);
    expect(r.rto.seconds).toBeLessThan(120);
    // What is lost is exactly C's write after B's.
    expect(r.rpo).toMatchObject({
      target: 900,
      met: true,
      sourceNewest: applied.C?.toISOString(),
      restoreNewest: applied.B?.toISOString(),
    });
    expect(r.rpo.seconds).toBeCloseTo(((applied.C?.getTime() ?? 0) - (applied.B?.getTime() ?? 0)) / 1000, 2);
    expect(r.rpo.seconds).toBeGreaterThan(1);
    expectTornDown(r);
    const logged = await pool.query(
      `SELECT status, evidence->>'outcome' AS outcome FROM uns_meta_sync.check_runs WHERE check_id = 'action.dr-rehearsal'`,
    );
    expect(logged.rows).toEqual([{ status: 'OK', outcome: 'succeeded' }]);
  });

  it('--pitr recovers to the target time: only A, and nothing of what the source held then is missing', async () => {
    const r = await drRehearsal(
      { db: pool, ...rehearsalDeps(pg.config()), log, sourceUrl: pg.dbUrl },
      { pitr: target.toISOString() },
    );
    expect(r).toMatchObject({
      status: 'OK',
      method: 'pgbackrest',
      restoredRows: { devices: 1, births: 1 },
      smoke: { ok: true },
    });
    expect(r.pitr).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\+00$/);
    expect(r.rpo).toMatchObject({
      seconds: 0,
      sourceNewest: applied.A?.toISOString(),
      restoreNewest: applied.A?.toISOString(),
    });
    expectTornDown(r);
  });

  it('without a stanza: a logical copy of the live database, every row of it', async () => {
    const r = await drRehearsal({
      db: pool,
      ...rehearsalDeps(pg.config({ OPS_PGBACKREST_STANZA: undefined })),
      log,
      sourceUrl: pg.dbUrl,
    });
    expect(r).toMatchObject({
      status: 'OK',
      method: 'logical',
      restoredRows: { devices: 3, births: 3 },
      smoke: { ok: true },
      canary: { ok: true, error: null },
      rpo: { seconds: 0, restoreNewest: applied.C?.toISOString() },
    });
    const live = (await pool.query<{ n: string }>('SELECT count(*) AS n FROM uns_meta.metric_versions')).rows[0]?.n;
    expect(r.restoredRows.metric_versions).toBe(Number(live));
    expectTornDown(r);
  });

  it('a restore or recovery that cannot reach its target fails the action, and the scratch is still torn down', async () => {
    const scratchBase = mkdtempSync(join(tmpdir(), 'dr-base-'));
    chmodSync(scratchBase, 0o755); // the server user (postgres, as root) must reach its scratch below
    const rehearse = (pitr: Date) =>
      drRehearsal(
        { db: pool, ...rehearsalDeps(pg.config({ OPS_DR_SCRATCH_DIR: scratchBase })), log, sourceUrl: pg.dbUrl },
        { pitr: pitr.toISOString() },
      );
    try {
      // Before every backup: pgBackRest finds no backup set to start from.
      await expect(rehearse(new Date(Date.now() - 3_600_000))).rejects.toThrow(
        /unable to find backup set with stop time less than/,
      );
      expect(readdirSync(scratchBase)).toEqual([]);
      // Past the archived WAL: the restore succeeds, PostgreSQL's recovery stops short and the server exits.
      await expect(rehearse(new Date(Date.now() + 3_600_000))).rejects.toThrow(
        /did not start[^]*recovery ended before configured recovery target was reached/,
      );
      expect(readdirSync(scratchBase)).toEqual([]);
      expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })).not.toContain(scratchBase);
    } finally {
      rmSync(scratchBase, { recursive: true, force: true });
    }
    const failed = await pool.query(
      `SELECT evidence->>'outcome' AS outcome FROM uns_meta_sync.check_runs WHERE check_id = 'action.dr-rehearsal' AND status = 'CRIT'`,
    );
    expect(failed.rows).toEqual([{ outcome: 'failed' }, { outcome: 'failed' }]);
  });
});
