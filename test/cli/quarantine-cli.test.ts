// `uns-meta quarantine list|show|retry|drop` against real quarantined births, beside the dashboard's
// buttons (the admin API) on a twin database seeded the same way: the same refusals, the same applied
// birth, and the same quarantine table afterwards.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture, quarantineBirths, seed, TOKEN, type ApiFixture } from '../support/api-fixture.js';
import { runCli } from '../support/cli.js';

let cli: ApiFixture;
let web: ApiFixture;
beforeAll(async () => {
  [cli, web] = await Promise.all([apiFixture('quarantine_cli'), apiFixture('quarantine_web')]);
  for (const x of [cli, web]) {
    await seed(x.pool);
    await quarantineBirths(x.pool);
  }
});
afterAll(async () => {
  await cli.stop();
  await web.stop();
});

const run = (...args: string[]) => runCli(['quarantine', ...args], { DATABASE_URL: cli.db.appUrl });
const table = async (f: ApiFixture) =>
  (
    await f.db.pool.query(
      `SELECT quarantine_id::int AS id, error_code, status FROM uns_meta_sync.quarantine ORDER BY quarantine_id`,
    )
  ).rows;
const outao = async (f: ApiFixture) =>
  (
    await f.db.pool.query(
      `SELECT m.uns_path FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id) WHERE d.device = 'Outao' ORDER BY 1`,
    )
  ).rows;

describe('uns-meta quarantine', () => {
  it('list and show say what the dashboard lists', async () => {
    const list = await run('list', '--json');
    expect(list.code).toBe(0);
    const api = (await web.get('/api/quarantine')).body.items;
    expect(
      JSON.parse(list.stdout).map((e: { id: string; code: string; status: string; topic: string }) => [
        Number(e.id),
        e.code,
        e.status,
        e.topic,
      ]),
    ).toEqual(
      api.map((e: { id: number; code: string; status: string; topic: string }) => [e.id, e.code, e.status, e.topic]),
    );
    const show = await run('show', '2');
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/payload_too_large/);
    expect(show.stdout).toMatch(/truncated; cannot be retried/);
    expect((await run('show', '1')).stdout).toMatch(/retry applies it again/);
    expect((await run('show', '99')).code).toBe(1);
    expect((await run('show', 'x')).code).toBe(2);
  });

  it('retry and drop do what the buttons do, refusals included', async () => {
    const r = await run('retry', '1');
    const b = await web.post('/api/quarantine/1/retry', TOKEN);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/quarantine entry 1 retried: the birth was applied/);
    expect(b.body).toMatchObject({ status: 'retried', outcome: 'applied' });
    expect(await outao(cli)).toEqual(await outao(web));
    expect(await outao(cli)).toEqual([{ uns_path: 'Secil/Portugal/Outao/Press/Force' }]);

    const again = await run('retry', '1');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already retried/);
    expect((await web.post('/api/quarantine/1/retry', TOKEN)).body.message).toBe(
      again.stderr.replace(/^uns-meta: /, '').trim(),
    );
    const truncated = await run('retry', '2');
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/truncated/);

    expect((await run('drop', '2')).stdout).toMatch(/quarantine entry 2 dropped/);
    await web.post('/api/quarantine/2/drop', TOKEN);
    expect((await run('drop', '2')).code).toBe(1);
    expect(await table(cli)).toEqual(await table(web));
    expect((await table(cli)).map((x) => x.status)).toEqual(['retried', 'dropped']);
    const listed = await run('list', '--status', 'all');
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t').slice(0, 2).join(' ')),
    ).toEqual(['2 dropped', '1 retried']);
    expect((await run('list')).stdout).toMatch(/no open quarantine entries/);
  });
});
