// An independent oracle for the ops checks: Debian's check_postgres runs beside `ops check` on the same
// PostgreSQL 16 with the same thresholds, on conditions induced for real, and both must give the same
// status — so a query or a threshold of ours that drifts shows. Pairs: xid.wraparound/txn_wraparound,
// xmin.horizon/txn_idle and prepared_txns, archive.ready/archive_ready, sequences.exhaustion/sequence,
// vacuum.recent/last_vacuum and last_analyze, cdc.slot_lag/replication_slots. (check_postgres 2.25 has
// no pending-restart action, and its bloat is an estimate where ours measures dead tuples: no pair.)

import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worst, type Status } from '../../src/ops/check.js';
import { sleep, startOpsServer, type OpsServer } from '../support/ops-server.js';

const DB = 'ops_oracle';
const NAGIOS: Status[] = ['OK', 'WARN', 'CRIT', 'UNKNOWN'];
let ops: OpsServer;

/** check_postgres's verdict: its exit code, Nagios style (it runs psql against the same server). */
function checkPostgres(action: string, args: string[]): { status: Status; output: string } {
  const port = new URL(ops.server.superUrl).port;
  const r = spawnSync(
    'check_postgres',
    [`--action=${action}`, '--host=127.0.0.1', `--port=${port}`, '--dbuser=postgres', `--dbname=${DB}`, ...args],
    { encoding: 'utf8', env: { ...process.env, PGPASSWORD: 'postgres' } },
  );
  return { status: NAGIOS[r.status ?? 3] ?? 'UNKNOWN', output: `${r.stdout}${r.stderr}`.trim() };
}

type Case = readonly [warn: number, crit: number, expected: Status];

/** For each case, our check and check_postgres's action with the same warn and crit both give `expected`. */
async function agree(
  id: string,
  action: string,
  cases: readonly Case[],
  o: { env?: Record<string, string>; args?: string[] } = {},
): Promise<void> {
  const name = `OPS_${id.toUpperCase().replaceAll('.', '_')}`;
  for (const [warn, crit, expected] of cases) {
    const ours = await ops.check(id, { ...o.env, [`${name}_WARN`]: String(warn), [`${name}_CRIT`]: String(crit) });
    const theirs = checkPostgres(action, [`--warning=${warn}`, `--critical=${crit}`, ...(o.args ?? [])]);
    expect({ ours: ours.status, theirs: theirs.status, expected }, theirs.output).toMatchObject({
      ours: expected,
      theirs: expected,
    });
  }
}

/** Seconds: under the defaults, over a lowered warn, over a lowered crit (the condition is 3 s old). */
const AGE_CASES: readonly Case[] = [
  [3600, 21600, 'OK'],
  [1, 21600, 'WARN'],
  [1, 2, 'CRIT'],
];

beforeAll(async () => {
  ops = await startOpsServer(DB);
}, 180_000);

afterAll(async () => {
  await ops?.stop();
});

describe('the same status as check_postgres on the same conditions', () => {
  it('is installed', () => {
    const r = spawnSync('check_postgres', ['--version'], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/check_postgres version 2\.\d+/);
  });

  it('transaction id age: xid.wraparound and txn_wraparound', async () => {
    const age = Number(
      (
        await ops.pool.query<{ a: string }>(
          'SELECT age(datfrozenxid)::bigint AS a FROM pg_database WHERE datname = $1',
          [DB],
        )
      ).rows[0]?.a,
    );
    expect(age).toBeGreaterThan(10);
    // 2.25 fails with --include on this action: it judges every database, all as young as this one.
    await agree('xid.wraparound', 'txn_wraparound', [
      [1_200_000_000, 1_500_000_000, 'OK'],
      [5, 1_500_000_000, 'WARN'],
      [5, 8, 'CRIT'],
    ]);
  });

  it('a session idle in transaction: xmin.horizon and txn_idle', async () => {
    const idle = new pg.Client({ connectionString: ops.url, application_name: 'oracle-idle' });
    await idle.connect();
    try {
      await idle.query('BEGIN');
      await idle.query('SELECT txid_current()');
      await sleep(3100);
      await agree('xmin.horizon', 'txn_idle', AGE_CASES);
    } finally {
      await idle.end();
    }
  });

  it('a prepared transaction: xmin.horizon and prepared_txns', async () => {
    const c = new pg.Client(ops.url);
    await c.connect();
    await c.query('BEGIN');
    await c.query("INSERT INTO public.probe VALUES (1, 'oracle')");
    await c.query("PREPARE TRANSACTION 'oracle_gid'");
    await c.end();
    try {
      await sleep(3100);
      await agree('xmin.horizon', 'prepared_txns', AGE_CASES);
    } finally {
      await ops.pool.query("ROLLBACK PREPARED 'oracle_gid'");
    }
  });

  it('segments waiting for a failing archive_command: archive.ready and archive_ready', async () => {
    // check_postgres 2.25 counts .ready names in pg_ls_waldir() (pg_wal, not its archive_status) on
    // PostgreSQL 10 and later, so it always finds 0; it is run with its documented --lsfunc wrapper.
    await ops.pool.query(
      "CREATE FUNCTION public.ls_archive_status_dir() RETURNS SETOF text LANGUAGE sql AS $$ SELECT pg_ls_dir('pg_wal/archive_status') $$",
    );
    for (let i = 0; i < 3; i++) {
      await ops.pool.query("INSERT INTO public.probe SELECT g, 'a' FROM generate_series(1, 100) g");
      await ops.pool.query('SELECT pg_switch_wal()');
    }
    const cases: Case[] = [
      [100, 500, 'OK'],
      [1, 500, 'WARN'],
      [1, 2, 'CRIT'],
    ];
    await agree('archive.ready', 'archive_ready', cases, { args: ['--lsfunc=ls_archive_status_dir'] });
  });

  it('a sequence at 80 % and 95 % of its range: sequences.exhaustion and sequence', async () => {
    for (const [value, expected] of [
      ['1', 'OK'],
      ['7378697629483820646', 'WARN'], // 80 % of 2^63-1
      ['8762203435012037017', 'CRIT'], // 95 %
    ] as const) {
      await ops.pool.query("SELECT setval('uns_meta.metrics_metric_id_seq', $1::bigint)", [value]);
      const ours = await ops.check('sequences.exhaustion');
      const theirs = checkPostgres('sequence', ['--warning=75%', '--critical=90%']);
      expect({ ours: ours.status, theirs: theirs.status }, theirs.output).toEqual({ ours: expected, theirs: expected });
    }
    await ops.pool.query("SELECT setval('uns_meta.metrics_metric_id_seq', 1)");
  });

  it('the weekly tables vacuumed and analyzed, then older than a lowered threshold: vacuum.recent and last_vacuum + last_analyze', async () => {
    // vacuum.recent: the vacuum age of metric_properties and metric_versions, the analyze age of all four.
    await ops.pool.query('VACUUM (ANALYZE) uns_meta.metric_properties, uns_meta.metric_versions');
    await ops.pool.query('ANALYZE uns_meta.devices, uns_meta.metrics');
    await sleep(3100);
    const day = 86_400;
    for (const [warn, crit, expected] of [[8 * day, 30 * day, 'OK'], ...AGE_CASES.slice(1)] as const) {
      const ours = await ops.check('vacuum.recent', {
        OPS_VACUUM_RECENT_WARN: String(warn / day),
        OPS_VACUUM_RECENT_CRIT: String(crit / day),
      });
      const range = [`--warning=${warn}s`, `--critical=${crit}s`];
      const vacuumed = checkPostgres('last_vacuum', [...range, '--include=metric_properties,metric_versions']);
      const analyzed = checkPostgres('last_analyze', [
        ...range,
        '--include=devices,metrics,metric_properties,metric_versions',
      ]);
      const theirs = worst([vacuumed.status, analyzed.status]);
      expect({ ours: ours.status, theirs }, `${vacuumed.output}\n${analyzed.output}`).toEqual({
        ours: expected,
        theirs: expected,
      });
    }
  });

  it('an inactive slot holding WAL: cdc.slot_lag and replication_slots', async () => {
    const slot = 'oracle_slot';
    await ops.pool.query(`SELECT pg_create_logical_replication_slot($1, 'test_decoding')`, [slot]);
    try {
      await ops.pool.query("INSERT INTO public.probe SELECT g, repeat('s', 200) FROM generate_series(1, 20000) g");
      const retained = Number(
        (
          await ops.pool.query<{ b: string }>(
            'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS b FROM pg_replication_slots WHERE slot_name = $1',
            [slot],
          )
        ).rows[0]?.b,
      );
      expect(retained).toBeGreaterThan(1_000_000);
      // cdc.slot_lag also flags a CDC slot first seen without a consumer; seen once, only the WAL it
      // retains decides until it has been inactive for an hour — the measure check_postgres has.
      await ops.check('cdc.slot_lag', { CDC_SLOT: slot });
      const quarter = Math.floor(retained / 4);
      const cases: Case[] = [
        [retained * 10, retained * 20, 'OK'],
        [quarter, retained * 20, 'WARN'],
        [quarter, Math.floor(retained / 2), 'CRIT'],
      ];
      await agree('cdc.slot_lag', 'replication_slots', cases, { env: { CDC_SLOT: slot }, args: [`--include=${slot}`] });
    } finally {
      await ops.pool.query('SELECT pg_drop_replication_slot($1)', [slot]);
    }
  });
});
