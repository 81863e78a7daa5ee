// backup.last and backup.archive against a real PostgreSQL 16 archived by the real pgBackRest: a fresh
// full backup is OK and ages into WARN/CRIT (injected clock, thresholds from config); a stanza that does
// not exist is CRIT; no stanza SKIPs; a missing binary is UNKNOWN; a broken archive_command is CRIT and
// its failures are counted on the next run; unarchived WAL older than 15 min is CRIT; and the CLI's
// `ops backup check` exits with the worst status.

import pgDriver from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { pgBackRestBackup } from '../../src/ops/backup/pgbackrest.js';
import { runCheckCadence } from '../../src/ops/check-run.js';
import { backupArchive } from '../../src/ops/checks/backup.js';
import { opsContext } from '../../src/ops/context.js';
import { runChecks } from '../../src/ops/runner.js';
import { startBackedUpPostgres, type BackedUpPostgres } from '../support/backed-up-postgres.js';
import { runCli } from '../support/cli.js';
import { opsSettings } from '../../src/cli/settings.js';

let pg: BackedUpPostgres;
let pool: Pool;
const HOUR = 3_600_000;

beforeAll(async () => {
  pg = await startBackedUpPostgres('uns-meta-checks');
  pool = createPool(pg.dbUrl, { max: 2 });
  await pgBackRestBackup(pg.pgbackrest, 'full');
});

afterAll(async () => {
  await pool?.end();
  await pg?.stop();
});

const one = async (env: Record<string, string | undefined>, id: string, now?: Date) =>
  (
    await runCheckCadence(opsContext(pool, opsSettings(pg.config(env)), now ? () => now : undefined), {
      cadence: 'daily',
      only: [id],
    })
  ).results[0];

/**
 * Switches to a new WAL segment and waits until the archiver archived it or failed on it. The archiver
 * reads a reloaded archive_command on its own time, so a segment archived while 'failed' is awaited
 * means the old command still ran: switch again.
 */
async function switchWal(until: 'archived' | 'failed'): Promise<string> {
  await pool.query('CREATE TABLE IF NOT EXISTS wal_maker (x int); INSERT INTO wal_maker VALUES (1)');
  const next = async () =>
    (await pool.query<{ f: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS f')).rows[0]?.f as string;
  let wal = await next();
  let r: Record<string, unknown> | undefined;
  for (let i = 0; i < 150; i++) {
    r = (await pool.query('SELECT * FROM pg_stat_archiver')).rows[0];
    if ((until === 'archived' ? r?.last_archived_wal : r?.last_failed_wal) === wal) return wal;
    if (until === 'failed' && r?.last_archived_wal === wal) {
      await pool.query('INSERT INTO wal_maker VALUES (1)');
      wal = await next();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `WAL ${wal} was not ${until} within 30 s: ${JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}`,
  );
}

describe('backup.last', () => {
  it('a fresh full backup is OK; it turns WARN after 26 h and CRIT after 50 h; thresholds come from config', async () => {
    const ok = await one({}, 'backup.last');
    expect(ok).toMatchObject({
      status: 'OK',
      unit: 'hours',
      warn: 26,
      crit: 50,
      evidence: { stanza: 'uns-meta-checks', statusCode: 0, backups: 1, newest: { type: 'full' }, pgVersion: '16' },
    });
    expect(ok?.value).toBeLessThan(0.1);
    const stop = new Date((ok?.evidence.newest as { stoppedAt: string }).stoppedAt).getTime();
    expect(await one({}, 'backup.last', new Date(stop + 30 * HOUR))).toMatchObject({ status: 'WARN', value: 30 });
    expect(await one({}, 'backup.last', new Date(stop + 60 * HOUR))).toMatchObject({ status: 'CRIT', value: 60 });
    const env = { OPS_BACKUP_LAST_WARN: '1', OPS_BACKUP_LAST_CRIT: '2' };
    expect(await one(env, 'backup.last', new Date(stop + 1.5 * HOUR))).toMatchObject({
      status: 'WARN',
      warn: 1,
      crit: 2,
    });
    expect(await one(env, 'backup.last', new Date(stop + 2.5 * HOUR))).toMatchObject({ status: 'CRIT' });
  });

  it('a stanza that does not exist is CRIT; no stanza SKIPs; a missing pgbackrest is UNKNOWN with the install step', async () => {
    const nope = await one({ OPS_PGBACKREST_STANZA: 'no-such-stanza' }, 'backup.last');
    expect(nope).toMatchObject({
      status: 'CRIT',
      evidence: { stanza: 'no-such-stanza', statusMessage: 'missing stanza path' },
    });
    expect(nope?.remedy).toMatch(/stanza-create/);
    expect(
      await one({ OPS_PGBACKREST_STANZA: undefined, OPS_PGBACKREST_CONFIG: undefined }, 'backup.last'),
    ).toMatchObject({ status: 'SKIP' });
    const missing = await one({ OPS_PGBACKREST_BIN: '/nonexistent/pgbackrest' }, 'backup.last');
    expect(missing).toMatchObject({ status: 'UNKNOWN' });
    expect(missing?.remedy).toMatch(/apt-get install pgbackrest/);
  });
});

describe('backup.archive', () => {
  it('a broken archive_command is CRIT; once repaired, the failures since the previous run are a WARN, then OK', async () => {
    await switchWal('archived');
    expect(await one({}, 'backup.archive')).toMatchObject({
      status: 'OK',
      unit: 'seconds',
      crit: 900,
      evidence: { archiveMode: 'on', lastFailedWal: null },
    });
    await pool.query(
      `ALTER SYSTEM SET archive_command = ${pgDriver.escapeLiteral(pg.archiveCommand('no-such-stanza'))}`,
    );
    await pool.query('SELECT pg_reload_conf()');
    try {
      const failing = await switchWal('failed');
      // Not recorded, so the next recorded run compares with the OK one above.
      const [crit] = await runChecks(opsContext(pool, opsSettings(pg.config())), [backupArchive], {
        overrides: new Map(),
        timeoutMs: 30_000,
      });
      expect(crit).toMatchObject({ status: 'CRIT', evidence: { lastFailedWal: failing } });
      expect(crit?.remedy).toMatch(/archiving fails/);
    } finally {
      await pool.query(`ALTER SYSTEM SET archive_command = ${pgDriver.escapeLiteral(pg.archiveCommand())}`);
      await pool.query('SELECT pg_reload_conf()');
    }
    await switchWal('archived');
    const recovered = await one({}, 'backup.archive');
    expect(recovered).toMatchObject({ status: 'WARN' });
    expect(recovered?.evidence.failedSincePrevious).toBeGreaterThan(0);
    expect(await one({}, 'backup.archive')).toMatchObject({ status: 'OK', evidence: { failedSincePrevious: 0 } });
  });

  it('WAL waiting longer than 15 min for the archiver is CRIT (RPO); archive_mode=off SKIPs without a stanza, CRIT with one', async () => {
    await pool.query('INSERT INTO wal_maker VALUES (2)');
    const [late] = await runChecks(
      opsContext(pool, opsSettings(pg.config()), () => new Date(Date.now() + 20 * 60_000)),
      [backupArchive],
      { overrides: new Map(), timeoutMs: 30_000 },
    );
    expect(late).toMatchObject({ status: 'CRIT' });
    expect(late?.value).toBeGreaterThan(900);
    expect(late?.evidence.walWaitingBytes).toBeGreaterThan(0);
    expect(late?.remedy).toMatch(/archive_timeout/);
    // The shared test cluster runs without archiving.
    const plain = createPool(inject('superUrl'), { max: 1 });
    try {
      const off = (env: Record<string, string | undefined>) =>
        runChecks(opsContext(plain, opsSettings(pg.config(env))), [backupArchive], {
          overrides: new Map(),
          timeoutMs: 30_000,
        });
      expect((await off({ OPS_PGBACKREST_STANZA: undefined }))[0]).toMatchObject({
        status: 'SKIP',
        evidence: { archiveMode: 'off' },
      });
      expect((await off({}))[0]?.status).toBe('CRIT');
    } finally {
      await plain.end();
    }
  });
});

describe('uns-meta ops backup check (CLI)', () => {
  it('runs pgbackrest check and info as checks; exit code = worst status', async () => {
    const env = { DATABASE_URL: pg.dbUrl, ...pg.env };
    const ok = await runCli(['ops', 'backup', 'check', '--format', 'json'], env);
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout).map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      ['backup.check', 'OK'],
      ['backup.last', 'OK'],
    ]);
    expect(ok.code).toBe(0);
    const bad = await runCli(['ops', 'backup', 'check', '--format', 'json'], {
      ...env,
      OPS_PGBACKREST_STANZA: 'no-such-stanza',
    });
    expect(JSON.parse(bad.stdout).map((r: { status: string }) => r.status)).toEqual(['CRIT', 'CRIT']);
    expect(bad.code).toBe(2);
  });
});
