// An independent oracle for the ops checks: Debian's check_postgres runs beside `ops check` on the same
// PostgreSQL 16 with the same thresholds, on conditions induced for real, and both must give the same
// status — so a query or a threshold of ours that drifts shows. Pairs: xid.wraparound/txn_wraparound,
// xmin.horizon/txn_idle and prepared_txns, archive.ready/archive_ready, sequences.exhaustion/sequence,
// vacuum.recent/last_vacuum and last_analyze, cdc.slot_lag/replication_slots, storage.bloat/bloat. Where
// check_postgres 2.25 has no action (dead tuples counted, settings pending a restart), its custom_query
// runs a plain catalog query written apart from ours and gives the status from the result: an oracle of
// the reading and the thresholds, not a native action: vacuum.deadtuples, settings.pending_restart.

import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worst, type Status } from '../../src/ops/check.js';
import { sleep, startOpsServer, type OpsServer } from '../support/ops-server.js';
import { PROPS, seedProperties, writeAndFlush } from './vacuum-load.js';

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

/** The settings that give check `id` these thresholds. */
function thresholds(id: string, warn: number, crit: number): Record<string, string> {
  const name = `OPS_${id.toUpperCase().replaceAll('.', '_')}`;
  return { [`${name}_WARN`]: String(warn), [`${name}_CRIT`]: String(crit) };
}

/** For each case, our check and check_postgres's action with the same warn and crit both give `expected`. */
async function agree(
  id: string,
  action: string,
  cases: readonly Case[],
  o: { env?: Record<string, string>; args?: string[] } = {},
): Promise<void> {
  for (const [warn, crit, expected] of cases) {
    const ours = await ops.check(id, { ...o.env, ...thresholds(id, warn, crit) });
    const theirs = checkPostgres(action, [`--warning=${warn}`, `--critical=${crit}`, ...(o.args ?? [])]);
    expect({ ours: ours.status, theirs: theirs.status, expected }, theirs.output).toMatchObject({
      ours: expected,
      theirs: expected,
    });
  }
}

/** custom_query is WARN/CRIT at or above its thresholds, ours above them: for counts, "more than n" is n + 1 there. */
const atLeast = (n: number) => String(n + 1);

/** Our check and check_postgres's custom_query counting with `query` (see the header) both give `expected`. */
async function agreeOnCount(id: string, query: string, [warn, crit, expected]: Case): Promise<void> {
  const ours = await ops.check(id, thresholds(id, warn, crit));
  const theirs = checkPostgres('custom_query', [
    `--query=${query}`,
    `--warning=${atLeast(warn)}`,
    `--critical=${atLeast(crit)}`,
  ]);
  expect({ ours: ours.status, theirs: theirs.status }, `${ours.value}: ${theirs.output}`).toEqual({
    ours: expected,
    theirs: expected,
  });
}

/**
 * storage.bloat's threshold (dead + free space, % of the table) as check_postgres's bloat "%": its table
 * size over its estimate of the live rows' size, × 100 (100 % is no bloat; a wasted share w is 1/(1 - w)).
 */
const asBloatRatio = (pct: number) => `${Math.round(100 / (1 - pct / 100))}%`;

/** Seconds: under the defaults, over a lowered warn, over a lowered crit (the condition is 3 s old). */
const AGE_CASES: readonly Case[] = [
  [3600, 21600, 'OK'],
  [1, 21600, 'WARN'],
  [1, 2, 'CRIT'],
];

/** pg_reload_conf() only signals: waits until the backends have re-read the files and flag just `names`. */
async function reload(names: string[]): Promise<void> {
  await ops.pool.query('SELECT pg_reload_conf()');
  for (let i = 0; ; i++) {
    const flagged = (
      await ops.pool.query<{ name: string }>('SELECT name FROM pg_settings WHERE pending_restart ORDER BY name')
    ).rows.map((r) => r.name);
    if (flagged.join() === names.join()) return;
    if (i === 100)
      throw new Error(`pending a restart: ${flagged.join(', ') || 'none'}; expected ${names.join(', ') || 'none'}`);
    await sleep(100);
  }
}

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

  it('a third, then four fifths of a table deleted: storage.bloat and bloat, vacuum.deadtuples and custom_query', async () => {
    // 20 000 rows of ~270 bytes, 5 MB: over storage.bloat's 1 MB floor (the only uns_meta table it judges
    // here), and all of them in ANALYZE's sample, so the statistics check_postgres estimates from are exact.
    // Autovacuum is off for the table: the dead rows stay until measured.
    await seedProperties(ops.pool, 20_000, 200);
    const deadTuples = "SELECT n_dead_tup AS result FROM pg_stat_user_tables WHERE schemaname = 'uns_meta'";
    const [warn, crit] = [15, 50];
    // Ours measures the dead and free space (pgstattuple); check_postgres estimates the size the live rows
    // need from the statistics and rounds the ratio to 0.1X (seen: 1.6 %/1.0X, 35 %/1.5X, 79 %/4.8X), so
    // near a threshold the two may part: the deletes put each case far inside its band on both scales.
    for (const [twentieths, expected] of [
      [0, 'OK'],
      [7, 'WARN'], // 35 % of the rows
      [16, 'CRIT'], // 80 %
    ] as const) {
      // Spread over every page (keys k1..k20000 were inserted in order): no page empties, nothing is truncated.
      await writeAndFlush(ops.pool, (c) =>
        c.query(`DELETE FROM ${PROPS} WHERE substr(key, 2)::int % 20 < $1`, [twentieths]),
      );
      await ops.pool.query(`ANALYZE ${PROPS}`);

      await agreeOnCount('vacuum.deadtuples', deadTuples, [2000, 10_000, expected]);

      const ours = await ops.check('storage.bloat', thresholds('storage.bloat', warn, crit));
      // --include turns its minimum sizes off and judges the table's indexes too, from a rougher guess: the
      // verdict must be the table's (the output names the relations over a line, or else the most wasteful).
      const theirs = checkPostgres('bloat', [
        '--include=metric_properties',
        `--warning=${asBloatRatio(warn)}`,
        `--critical=${asBloatRatio(crit)}`,
      ]);
      const table = theirs.output.includes('table uns_meta.metric_properties ');
      expect({ ours: ours.status, theirs: theirs.status, table }, `${ours.value} %: ${theirs.output}`).toEqual({
        ours: expected,
        theirs: expected,
        table: true,
      });
    }
  });

  it('settings changed for the next start: settings.pending_restart and custom_query', async () => {
    // settings_checksum hashes the running values, which a setting waiting for a restart leaves as they were.
    const pending = 'SELECT count(*) AS result FROM pg_settings WHERE pending_restart';
    // The command line wins over the files at every start, yet after a reload PostgreSQL flags a
    // command-line setting that postgresql.conf contradicts (initdb's max_connections and shared_buffers
    // here), which a restart would not change: ours leaves those out, the plain count above would not.
    // So the files first say what the command line says, and every flag counted is a change to come.
    const pinRunning = async (where: string, params: unknown[] = []) => {
      const r = await ops.pool.query<{ sql: string }>(
        `SELECT format('ALTER SYSTEM SET %I = %L', name, setting) AS sql FROM pg_settings WHERE ${where}`,
        params,
      );
      for (const { sql } of r.rows) await ops.pool.query(sql); // one at a time: not in a transaction block
    };
    await pinRunning("source = 'command line' AND context = 'postmaster'");
    const induced = ['max_locks_per_transaction', 'max_pred_locks_per_transaction'];
    try {
      for (const [n, expected] of [
        [0, 'OK'],
        [1, 'WARN'],
        [2, 'CRIT'],
      ] as const) {
        if (n > 0) await ops.pool.query(`ALTER SYSTEM SET ${induced[n - 1]} = 128`);
        await reload(induced.slice(0, n));
        await agreeOnCount('settings.pending_restart', pending, [0, 1, expected]);
      }
    } finally {
      // PostgreSQL clears the flag only when a reload finds the running value in the files again
      // (ALTER SYSTEM RESET alone leaves it until a restart).
      await pinRunning('name = ANY($1)', [induced]);
      await reload([]);
    }
  });
});
