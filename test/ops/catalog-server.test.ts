// xmin.horizon, wal.retention, archive.ready, settings.pending_restart and data.checksums on PostgreSQL 16
// servers of their own (they read or change server-wide state): one with archive_mode on and an
// archive_command that always fails and prepared transactions allowed, one initialised with checksums.
// Each condition is made for real — an idle transaction, a prepared one, a slot under an unlimited or
// nearly full max_slot_wal_keep_size, a .ready backlog, a setting that needs a restart — and the
// evidence must name it.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opsSettings } from '../../src/cli/settings.js';
import { createPool, type Pool } from '../../src/db.js';
import { startThrowawayPostgres } from '../../src/embedded/throwaway.js';
import { opsContext } from '../../src/ops/context.js';
import { ALL_CHECKS } from '../../src/ops/registry.js';
import { runChecks } from '../../src/ops/runner.js';
import { runDoctor } from '../../src/ops/doctor/flows.js';
import { bootstrap, withDatabase } from '../../src/store/bootstrap.js';
import { eventually } from '../support/live-service.js';
import { sleep, startOpsServer, type OpsServer } from '../support/ops-server.js';
import { checkRunner, opsConfig, type RunCheck } from '../support/ops-check.js';

const DB = 'ops_server';
const MiB = 1024 ** 2;
let ops: OpsServer;
let url: string;
let pool: Pool;
let check: RunCheck;

async function session(application: string, as = url): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: as, application_name: application });
  await c.connect();
  return c;
}

beforeAll(async () => {
  ops = await startOpsServer(DB);
  ({ url, pool, check } = ops);
}, 180_000);

afterAll(async () => {
  await ops?.stop();
});

describe('xmin.horizon', () => {
  it('names an idle-in-transaction session, then a prepared transaction, as the oldest xmin holder', async () => {
    expect((await check('xmin.horizon')).status).toBe('OK');

    const idle = await session('horizon-idle');
    const pid = (await idle.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    await idle.query('BEGIN');
    await idle.query('SELECT txid_current()');
    await sleep(2100);
    const warn = await check('xmin.horizon', { OPS_XMIN_HORIZON_WARN: '1' });
    expect(warn).toMatchObject({
      status: 'WARN',
      unit: 'seconds',
      evidence: {
        oldest: { kind: 'session', holder: String(pid), application: 'horizon-idle', state: 'idle in transaction' },
        findings: [expect.stringContaining(`session pid ${pid} (horizon-idle, idle in transaction`)],
      },
    });
    expect(warn.value).toBeGreaterThanOrEqual(2);
    const crit = await check('xmin.horizon', { OPS_XMIN_HORIZON_WARN: '1', OPS_XMIN_HORIZON_CRIT: '1' });
    expect(crit.status).toBe('CRIT');

    const preparer = await session('horizon-prepare');
    await preparer.query('BEGIN');
    await preparer.query("INSERT INTO public.probe VALUES (1, 'prepared')");
    await preparer.query("PREPARE TRANSACTION 'horizon_gid'");
    await preparer.end();
    await idle.query('ROLLBACK');
    await idle.end();
    await sleep(2100);
    try {
      const prepared = await check('xmin.horizon', { OPS_XMIN_HORIZON_WARN: '1' });
      expect(prepared).toMatchObject({
        status: 'WARN',
        evidence: { oldest: { kind: 'prepared', holder: 'horizon_gid', state: 'prepared' } },
      });
      expect(prepared.evidence.findings).toEqual([expect.stringContaining('prepared horizon_gid')]);
    } finally {
      await pool.query("ROLLBACK PREPARED 'horizon_gid'");
    }
    expect((await check('xmin.horizon', { OPS_XMIN_HORIZON_WARN: '1' })).status).toBe('OK');
  });

  it('doctor flow-c says why vacuum cannot clean: the session holding the horizon, and how to end it', async () => {
    const idle = await session('horizon-doctor');
    const pid = (await idle.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    await idle.query('BEGIN');
    await idle.query('SELECT txid_current()');
    await sleep(2100);
    try {
      const ctx = opsContext(pool, opsSettings(opsConfig({ OPS_XMIN_HORIZON_WARN: '1' })));
      const [report] = await runDoctor(ctx, 'flow-c');
      if (!report) throw new Error('flow-c did not run');
      const step = report.steps.find((st) => st.step === 'xmin horizon');
      expect(step).toMatchObject({ status: 'WARN' });
      expect(step?.detail).toContain(`session pid ${pid} (horizon-doctor, idle in transaction`);
      expect(report.remedies[0]).toMatch(
        new RegExp(
          `^Vacuum cannot clean past the xmin horizon: session pid ${pid} .*pg_terminate_backend\\(${pid}\\);$`,
        ),
      );
    } finally {
      await idle.end();
    }
  });

  it('is UNKNOWN with the exact grant for a role that cannot see other sessions, and sees them as uns_meta_app', async () => {
    await pool.query('CREATE ROLE horizon_blind LOGIN');
    await pool.query(`GRANT CONNECT ON DATABASE ${DB} TO horizon_blind`);
    const as = (role: string) => {
      const u = new URL(url);
      u.username = role;
      u.password = '';
      return u.toString();
    };
    const xmin = ALL_CHECKS.filter((c) => c.id === 'xmin.horizon');
    for (const [role, expected] of [
      ['horizon_blind', 'UNKNOWN'],
      ['uns_meta_app', 'OK'],
    ] as const) {
      const rolePool = createPool(as(role), { max: 1 });
      try {
        const [r] = await runChecks(opsContext(rolePool, opsSettings(opsConfig())), xmin, {
          overrides: new Map(),
          timeoutMs: 10_000,
        });
        expect(r?.status).toBe(expected);
        if (expected === 'UNKNOWN') expect(r?.remedy).toContain('GRANT pg_read_all_stats TO horizon_blind');
      } finally {
        await rolePool.end();
      }
    }
  });
});

describe('wal.retention', () => {
  it('WARN for a slot under max_slot_wal_keep_size = -1, CRIT once the slot holds over 90 % of a cap', async () => {
    const slot = 'wal_retention_probe';
    await pool.query(`SELECT pg_create_logical_replication_slot($1, 'test_decoding')`, [slot]);
    try {
      const unlimited = await check('wal.retention');
      expect(unlimited).toMatchObject({
        status: 'WARN',
        value: null,
        evidence: {
          maxSlotWalKeepSizeMb: -1,
          slots: [expect.objectContaining({ slot, active: false })],
          findings: [expect.stringMatching(new RegExp(`max_slot_wal_keep_size = -1 .*${slot}`))],
        },
      });

      await pool.query("ALTER SYSTEM SET max_slot_wal_keep_size = '64MB'");
      await pool.query('SELECT pg_reload_conf()');
      await eventually(
        async () =>
          (
            await pool.query<{ s: string }>(
              "SELECT setting AS s FROM pg_settings WHERE name = 'max_slot_wal_keep_size'",
            )
          ).rows[0]?.s,
        (s) => s === '64',
        10_000,
        'max_slot_wal_keep_size reloaded',
      );
      const capped = await check('wal.retention');
      expect(capped.status).toBe('OK');
      expect(capped.value).toBeLessThan(90);

      // Fill the slot to between 92 % and 100 % of the cap (at 100 % the server invalidates it).
      const retained = async () =>
        Number(
          (
            await pool.query<{ b: string }>(
              'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS b FROM pg_replication_slots WHERE slot_name = $1',
              [slot],
            )
          ).rows[0]?.b,
        );
      while ((await retained()) < 0.92 * 64 * MiB)
        await pool.query("INSERT INTO public.probe SELECT g, repeat('w', 200) FROM generate_series(1, 5000) g");
      const full = await check('wal.retention');
      expect(full).toMatchObject({
        status: 'CRIT',
        evidence: {
          findings: [
            expect.stringMatching(new RegExp(`slot ${slot} retains \\d+ MiB, 9\\d% of max_slot_wal_keep_size`)),
          ],
        },
      });
      expect(full.value).toBeGreaterThan(90);
    } finally {
      await pool.query('SELECT pg_drop_replication_slot($1)', [slot]);
      await pool.query('ALTER SYSTEM RESET max_slot_wal_keep_size');
      await pool.query('SELECT pg_reload_conf()');
    }
  });
});

describe('archive.ready', () => {
  it('counts the segments a failing archive_command leaves waiting', async () => {
    for (let i = 0; i < 3; i++) {
      await pool.query("INSERT INTO public.probe SELECT g, 'a' FROM generate_series(1, 100) g");
      await pool.query('SELECT pg_switch_wal()');
    }
    const warn = await check('archive.ready', { OPS_ARCHIVE_READY_WARN: '1' });
    expect(warn).toMatchObject({ status: 'WARN', unit: 'segments', evidence: { archiveMode: 'on' } });
    expect(warn.value).toBeGreaterThanOrEqual(3);
    expect(warn.evidence.oldestReady).not.toBeNull();
    expect((await check('archive.ready', { OPS_ARCHIVE_READY_CRIT: '2' })).status).toBe('CRIT');
    const failed = await eventually(
      () => check('archive.ready', { OPS_ARCHIVE_READY_WARN: '1' }),
      (r) => Number(r.evidence.failedCount) > 0,
      20_000,
      'a failed archive_command',
    );
    expect(failed.evidence.lastFailedWal).toMatch(/^[0-9A-F]{24}$/);
  });
});

describe('settings.pending_restart', () => {
  it('names a setting changed in postgresql.auto.conf that needs a restart', async () => {
    expect(await check('settings.pending_restart')).toMatchObject({ status: 'OK', value: 0 });
    await pool.query('ALTER SYSTEM SET max_locks_per_transaction = 128');
    await pool.query('SELECT pg_reload_conf()');
    try {
      const r = await eventually(
        () => check('settings.pending_restart'),
        (v) => v.status === 'WARN',
        10_000,
        'pending_restart after the reload',
      );
      expect(r).toMatchObject({
        value: 1,
        evidence: {
          settings: [
            {
              name: 'max_locks_per_transaction',
              runningValue: '64',
              configuredValue: '128',
              file: expect.stringMatching(/postgresql\.auto\.conf$/),
            },
          ],
        },
      });
    } finally {
      // PostgreSQL keeps the flag after a revert until the next restart; the check reports what it says.
      await pool.query('ALTER SYSTEM RESET max_locks_per_transaction');
      await pool.query('SELECT pg_reload_conf()');
    }
  });
});

describe('data.checksums', () => {
  it('WARN on a cluster without checksums, OK on one initialised with them (where archive.ready is SKIP)', async () => {
    expect(await check('data.checksums')).toMatchObject({
      status: 'WARN',
      evidence: { dataChecksums: 'off', failures: 0 },
    });
    const withChecksums = await startThrowawayPostgres({ initdbFlags: ['--encoding=UTF8', '--data-checksums'] });
    try {
      await bootstrap(withChecksums.superUrl, { database: DB });
      const other = createPool(withDatabase(withChecksums.superUrl, DB), { max: 1 });
      try {
        const run = checkRunner(other);
        expect(await run('data.checksums')).toMatchObject({ status: 'OK', evidence: { dataChecksums: 'on' } });
        expect(await run('archive.ready')).toMatchObject({ status: 'SKIP', evidence: { archiveMode: 'off' } });
      } finally {
        await other.end();
      }
    } finally {
      await withChecksums.stop();
    }
  }, 180_000);
});
