// vacuum.deadtuples and vacuum.recent on a real PostgreSQL 16: dead tuples from a bulk update with
// autovacuum off are WARN above OPS_VACUUM_DEADTUPLES_WARN, `uns-meta ops vacuum` clears them (logged as
// action.vacuum with operator, outcome and webhook posts), autovacuum standing still for 24 h while dead
// tuples grow is WARN, and a role that may not vacuum makes the action fail, recorded as failed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPool, type Pool } from '../../src/db.js';
import { runCheckCadence } from '../../src/ops/check-run.js';
import { opsContext } from '../../src/ops/context.js';
import { runCli } from '../support/cli.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { startWebhook, type Webhook } from './action-webhook.js';
import { seedProperties, waitForDead, writeAndFlush } from './vacuum-load.js';
import { opsSettings } from '../../src/cli/settings.js';

const N = 20_000;
const DAY = 86_400_000;
let db: TestDatabase;
let pool: Pool;
let hook: Webhook;
const config = (env: Record<string, string> = {}) =>
  loadConfig({ DATABASE_URL: 'postgres://unused/x', ...env }, { envFile: '/nonexistent' });
const check = async (id: string, env: Record<string, string> = {}, now?: () => Date) => {
  const run = await runCheckCadence(opsContext(pool, opsSettings(config(env)), now), { cadence: 'all', only: [id] });
  return run.results[0] as NonNullable<(typeof run.results)[0]>;
};
const props = (r: { evidence: Record<string, unknown> }) =>
  (r.evidence.tables as Array<{ table: string; deadTuples: number; autovacuumEnabled: boolean }>).find(
    (t) => t.table === 'uns_meta.metric_properties',
  );

beforeAll(async () => {
  db = await cloneDatabase('ops_vacuum_dead');
  pool = createPool(db.superUrl, { max: 3 });
  hook = await startWebhook();
  await seedProperties(pool, N);
  await writeAndFlush(pool, (c) => c.query(`UPDATE uns_meta.metric_properties SET value_string = repeat('y', 100)`));
  await waitForDead(pool, (n) => n >= N);
});

afterAll(async () => {
  await pool?.end();
  await hook?.close();
});

describe('vacuum checks and ops vacuum', () => {
  it('a bulk update with autovacuum off is WARN above the configured count; the default 5,000,000 is not reached', async () => {
    const warn = await check('vacuum.deadtuples', { OPS_VACUUM_DEADTUPLES_WARN: '10000' });
    expect(warn).toMatchObject({ status: 'WARN', warn: 10_000 });
    expect(warn.value).toBeGreaterThanOrEqual(N);
    expect(props(warn)).toMatchObject({ autovacuumEnabled: false });
    expect(props(warn)?.deadTuples).toBeGreaterThanOrEqual(N);
    expect((await check('vacuum.deadtuples')).status).toBe('OK');
  });

  it('vacuum.recent: a table never vacuumed is WARN', async () => {
    const r = await check('vacuum.recent');
    expect(r).toMatchObject({ status: 'WARN', value: null });
    expect(r.evidence.stale).toEqual(
      expect.arrayContaining(['uns_meta.metric_properties', 'uns_meta.metric_versions']),
    );
  });

  it('ops vacuum runs the weekly statements with their VERBOSE output, is logged and posted; then both checks are OK', async () => {
    const out = await runCli(['ops', 'vacuum', '--json'], {
      DATABASE_URL: db.superUrl,
      OPS_OPERATOR: 'alice',
      OPS_NOTIFY_WEBHOOK: hook.url,
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const steps = JSON.parse(out.stdout) as Array<{ statement: string; durationMs: number; output: string[] }>;
    expect(steps.map((s) => s.statement)).toEqual([
      'VACUUM (VERBOSE, ANALYZE) uns_meta.metric_properties',
      'VACUUM (VERBOSE, ANALYZE) uns_meta.metric_versions',
      'ANALYZE VERBOSE uns_meta.devices',
      'ANALYZE VERBOSE uns_meta.metrics',
    ]);
    expect(steps[0]?.output.join('\n')).toMatch(
      /INFO: {2}vacuuming "[^"]*metric_properties"[\s\S]*tuples: \d+ removed/,
    );
    expect(steps[2]?.output.join('\n')).toMatch(/INFO: {2}analyzing "uns_meta.devices"/);
    const rows = (
      await pool.query(`SELECT status, evidence FROM uns_meta_sync.check_runs WHERE check_id = 'action.vacuum'`)
    ).rows;
    expect(rows).toEqual([
      {
        status: 'OK',
        evidence: expect.objectContaining({
          operator: 'alice',
          outcome: 'succeeded',
          full: false,
          params: { full: false },
        }),
      },
    ]);
    expect(
      (rows[0]?.evidence.output as Record<string, string[]>)[
        'VACUUM (VERBOSE, ANALYZE) uns_meta.metric_versions'
      ]?.join('\n'),
    ).toMatch(/INFO: {2}vacuuming "[^"]*metric_versions"/);
    expect(hook.texts).toEqual([
      expect.stringMatching(/uns-meta vacuum started by alice/),
      expect.stringMatching(/uns-meta vacuum succeeded \(.* s, operator alice\)/),
    ]);
    await waitForDead(pool, (n) => n === 0);
    const after = await check('vacuum.deadtuples', { OPS_VACUUM_DEADTUPLES_WARN: '10000' });
    expect(after).toMatchObject({ status: 'OK', value: 0 });
    const recent = await check('vacuum.recent');
    expect(recent.status).toBe('OK');
    expect(recent.value).toBeLessThan(0.01);
    // Nine days on, the weekly routine is overdue.
    expect(await check('vacuum.recent', {}, () => new Date(Date.now() + 9 * DAY))).toMatchObject({ status: 'WARN' });
  });

  it('autovacuum_count unchanged for 24 h while dead tuples grow is WARN, under the count threshold', async () => {
    await writeAndFlush(pool, (c) => c.query(`UPDATE uns_meta.metric_properties SET value_string = repeat('z', 100)`));
    const baseline = await waitForDead(pool, (n) => n >= N);
    expect(await check('vacuum.deadtuples')).toMatchObject({
      status: 'OK',
      evidence: expect.objectContaining({ stalled: [] }),
    });
    // Two updates in one transaction: more dead versions than page pruning can take back.
    await writeAndFlush(pool, async (c) => {
      await c.query(`UPDATE uns_meta.metric_properties SET value_string = repeat('a', 100)`);
      await c.query(`UPDATE uns_meta.metric_properties SET value_string = repeat('b', 100)`);
    });
    await waitForDead(pool, (n) => n > baseline);
    // 23 h later there is no baseline a day old yet.
    const soon = await check('vacuum.deadtuples', {}, () => new Date(Date.now() + 23 * 3_600_000));
    expect(soon).toMatchObject({
      status: 'OK',
      evidence: expect.objectContaining({ stalled: [], comparedWith: null }),
    });
    const dayLater = await check('vacuum.deadtuples', {}, () => new Date(Date.now() + 25 * 3_600_000));
    expect(dayLater).toMatchObject({
      status: 'WARN',
      evidence: expect.objectContaining({ stalled: ['uns_meta.metric_properties'] }),
    });
    expect(dayLater.evidence.comparedWith).toEqual(expect.any(String));
    // Another day with no write: dead tuples did not grow, so nothing stalls.
    const quiet = await check('vacuum.deadtuples', {}, () => new Date(Date.now() + 50 * 3_600_000));
    expect(quiet).toMatchObject({ status: 'OK', evidence: expect.objectContaining({ stalled: [] }) });
  });

  it('a role that may not vacuum: the action fails, says why, and is recorded as failed', async () => {
    const out = await runCli(['ops', 'vacuum'], { DATABASE_URL: db.appUrl, OPS_OPERATOR: 'bob' });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /permission denied to vacuum "metric_properties", skipping it; run ops vacuum as the tables' owner/,
    );
    const rows = (
      await pool.query(
        `SELECT status, evidence FROM uns_meta_sync.check_runs WHERE check_id = 'action.vacuum' AND evidence->>'operator' = 'bob'`,
      )
    ).rows;
    expect(rows).toEqual([
      {
        status: 'CRIT',
        evidence: expect.objectContaining({
          outcome: 'failed',
          error: expect.stringMatching(/permission denied to vacuum/),
        }),
      },
    ]);
  });
});
