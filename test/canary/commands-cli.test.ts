// `uns-meta canary …` as a user runs it (the built CLI): backfill --dry-run writes nothing, dlq list/retry/
// drop with their exit codes, verify against the simulator (exit 1 on a difference, 0 in parity) and
// verify with no Canary configured (a usage error that says what to set). Needs `npm run build` first.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCanarySimulator, type CanarySimulator } from '../../src/canary/simulator/server.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { runCli } from '../support/cli.js';

let db: TestDatabase;
let sim: CanarySimulator;
let env: Record<string, string>;

beforeAll(async () => {
  db = await cloneDatabase('canary_commands_cli');
  sim = await startCanarySimulator({ port: 0, datasets: ['Secil'] });
  env = { DATABASE_URL: db.appUrl };
  const dev = await db.pool.query<{ device_id: bigint }>(
    `INSERT INTO uns_meta.devices (group_id, edge, device, uns_path) VALUES ('Secil','Portugal','Kiln','Secil/Portugal/Kiln') RETURNING device_id`,
  );
  const m = await db.pool.query<{ metric_id: bigint }>(
    `INSERT INTO uns_meta.metrics (device_id, name, uns_path, datatype) VALUES ($1, 'Temp', 'Secil/Portugal/Kiln/Temp', 'Float') RETURNING metric_id`,
    [dev.rows[0]?.device_id],
  );
  await db.pool.query(
    `INSERT INTO uns_meta.metric_properties (metric_id, key, type, value_string) VALUES ($1, 'engUnit', 'string', '°C')`,
    [m.rows[0]?.metric_id],
  );
  await db.pool.query(
    `INSERT INTO uns_meta_sync.canary_dead_letters (metric_id, canary_id, payload, reason, status_code, attempts) VALUES ($1, 'Secil.Portugal.Kiln.Temp', '{"engUnit":"°C"}', 'invalid_tag: test', '400', 1), ($1, 'Secil.Portugal.Kiln.Temp', '{"engUnit":"F"}', 'invalid_tag: test', '400', 1)`,
    [m.rows[0]?.metric_id],
  );
});

afterAll(async () => {
  await sim?.stop();
});

const depth = async () =>
  Number(
    (await db.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM uns_meta_sync.canary_outbox')).rows[0]?.n,
  );

describe('uns-meta canary (CLI)', () => {
  it('backfill --dry-run prints what would be enqueued and writes nothing; backfill --json enqueues', async () => {
    const dry = await runCli(['canary', 'backfill', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would enqueue 1 metric(s), 1 propert(ies)');
    expect(dry.stdout).toContain('Secil.Portugal.Kiln.Temp {"engUnit":"°C"}');
    expect(await depth()).toBe(0);
    const run = await runCli(['canary', 'backfill', '--json'], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: false, metrics: 1, properties: 1, enqueued: 1 });
    expect(await depth()).toBe(1);
  });

  it('dlq list --json, retry of an unknown id exits 1, drop without --yes is a usage error', async () => {
    const list = await runCli(['canary', 'dlq', 'list', '--json'], env);
    expect(list.code).toBe(0);
    const { total, rows } = JSON.parse(list.stdout) as {
      total: number;
      rows: Array<{ deadLetterId: string; reason: string }>;
    };
    expect(total).toBe(2);
    const [a, b] = rows.map((r) => r.deadLetterId);
    expect(rows[0]?.reason).toBe('invalid_tag: test');

    const retry = await runCli(['canary', 'dlq', 'retry', String(a), '424242'], env);
    expect(retry.code).toBe(1);
    expect(retry.stdout).toContain(`1 dead letter(s) moved back into the outbox: ${a}`);
    expect(retry.stdout).toContain('424242');

    const noYes = await runCli(['canary', 'dlq', 'drop', String(b)], env);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('--yes');
    expect((await runCli(['canary', 'dlq', 'drop', String(b), '--yes'], env)).code).toBe(0);
    expect((await runCli(['canary', 'dlq', 'list'], env)).stdout).toContain('no open dead letters');
  });

  it('verify: exit 2 with no Canary configured, exit 1 with a missing tag, 0 in parity', async () => {
    const none = await runCli(['canary', 'verify'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('CANARY_VIEWS_URL');

    const missing = await runCli(['canary', 'verify'], { ...env, CANARY_VIEWS_URL: sim.viewsUrl });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('missing tag   Secil.Portugal.Kiln.Temp');

    const session = await fetch(`${sim.safUrl}/getSessionToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ historians: ['localhost'], clientId: 't' }),
    });
    const { sessionToken } = (await session.json()) as { sessionToken: string };
    await fetch(`${sim.safUrl}/storeData`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        sessionToken,
        properties: { 'Secil.Portugal.Kiln.Temp': [['engUnit', '2026-11-24T12:00:00.0000000Z', '°C', 192]] },
      }),
    });
    const ok = await runCli(['canary', 'verify', '--json'], { ...env, CANARY_VIEWS_URL: sim.viewsUrl });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ tags: 1, inParity: 1 });
  });
});
