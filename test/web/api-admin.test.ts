// The API's actions on a real PostgreSQL 16: quarantine and Canary lists with paging, retry/drop of a
// quarantined birth (a truncated one is refused with 409) and of dead letters, and the auth rule on
// every POST: no token 401, wrong token 401, ADMIN_TOKEN unset 403, the right token does the action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFixture,
  canaryRows,
  quarantineBirths,
  seed,
  TOKEN,
  walk,
  type ApiFixture,
  type Json,
} from '../support/api-fixture.js';

let f: ApiFixture;
let closed: ApiFixture;
beforeAll(async () => {
  [f, closed] = await Promise.all([apiFixture('api_admin'), apiFixture('api_admin_closed', {})]);
  for (const x of [f, closed]) {
    await seed(x.pool);
    await quarantineBirths(x.pool);
    await canaryRows(x.db);
  }
});
afterAll(async () => {
  await f.stop();
  await closed.stop();
});

const POSTS = [
  '/api/quarantine/1/retry',
  '/api/quarantine/1/drop',
  '/api/canary/dead-letters/1/retry',
  '/api/canary/dead-letters/1/drop',
];

describe('auth rule on every POST', () => {
  it.each(POSTS)(
    '%s: 401 without or with a wrong token, 403 when ADMIN_TOKEN is unset; nothing changes',
    async (url) => {
      for (const token of [undefined, 'wrong']) {
        const r = await f.post(url, token);
        expect(r.status).toBe(401);
        expect(JSON.stringify(r.body)).not.toContain(TOKEN);
      }
      expect((await closed.post(url, TOKEN)).status).toBe(403);
      expect(
        (await f.db.pool.query(`SELECT count(*)::int AS n FROM uns_meta_sync.quarantine WHERE status <> 'open'`))
          .rows[0].n,
      ).toBe(0);
      expect(
        (
          await f.db.pool.query(
            `SELECT count(*)::int AS n FROM uns_meta_sync.canary_dead_letters WHERE status <> 'open'`,
          )
        ).rows[0].n,
      ).toBe(0);
    },
  );

  it('every GET is open and no response carries the token', async () => {
    const r = await f.get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).not.toContain(TOKEN);
  });
});

describe('quarantine', () => {
  it('lists entries newest first, paged', async () => {
    const all = await walk(f, '/api/quarantine?limit=1');
    expect(all).toEqual([
      {
        id: 2,
        topic: 'spBv1.0/Secil/DBIRTH/Portugal/Outao',
        receivedAt: expect.any(String),
        code: 'payload_too_large',
        message: expect.stringMatching(/exceeds/),
        status: 'open',
      },
      expect.objectContaining({ id: 1, code: 'payload_too_large', status: 'open' }),
    ]);
  });

  it('retry with the token re-applies a complete payload once; a truncated one is refused with 409', async () => {
    const r = await f.post('/api/quarantine/1/retry', TOKEN);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: 1, status: 'retried', outcome: 'applied', metrics: { created: 1 } });
    const m = await f.get('/api/metrics?prefix=Secil/Portugal/Outao/');
    expect(m.body.items.map((x: Json) => x.unsPath)).toEqual(['Secil/Portugal/Outao/Press/Force']);
    const again = await f.post('/api/quarantine/1/retry', TOKEN);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already retried/);
    const truncated = await f.post('/api/quarantine/2/retry', TOKEN);
    expect(truncated.status).toBe(409);
    expect(truncated.body.message).toMatch(/truncated/);
    expect((await f.post('/api/quarantine/99/retry', TOKEN)).status).toBe(404);
    expect((await f.post('/api/quarantine/x/retry', TOKEN)).status).toBe(400);
  });

  it('drop marks an open entry dropped, once', async () => {
    expect((await f.post('/api/quarantine/2/drop', TOKEN)).body).toEqual({ id: 2, status: 'dropped' });
    expect((await f.get('/api/quarantine')).body.items.map((x: Json) => x.status)).toEqual(['dropped', 'retried']);
    expect((await f.post('/api/quarantine/2/drop', TOKEN)).status).toBe(409);
  });
});

describe('canary outbox and dead letters', () => {
  it('pages the outbox oldest first with its depth, and shows pending on the metric', async () => {
    const first = await f.get('/api/canary/outbox?limit=5');
    expect(first.body.depth).toBe(12);
    expect(first.body.items[0]).toEqual({
      outboxId: expect.any(Number),
      canaryId: expect.stringMatching(/^Secil\.Portugal\.Maceira\.Line\./),
      properties: { engUnit: 'bar' },
      enqueuedAt: expect.any(String),
      attempts: 0,
      nextAttemptAt: expect.any(String),
    });
    const all = await walk(f, '/api/canary/outbox?limit=5');
    expect(new Set(all.map((x: Json) => x.outboxId)).size).toBe(12);
    const metric = (await f.get(`/api/metrics?q=${encodeURIComponent(all[0].canaryId.split('.').slice(-2).join('/'))}`))
      .body.items[0].metricId;
    expect((await f.get(`/api/metrics/${metric}`)).body.canary).toMatchObject({
      status: 'pending',
      pending: 1,
      enqueuedAt: expect.any(String),
      deadLetters: 0,
      deadLetter: null,
    });
  });

  it('lists dead letters, retries one into the outbox and drops the other', async () => {
    const all = await walk(f, '/api/canary/dead-letters?limit=1');
    expect(all.map((x: Json) => [x.canaryId, x.reason, x.statusCode, x.attempts, x.status])).toEqual([
      ['Secil.Spain.Alcala.Packer.Count', 'rejected', 'BadTagId', 5, 'open'],
      ['Secil.Portugal.Maceira.Kiln.Temp', 'rejected', 'BadTagId', 5, 'open'],
    ]);
    const temp = (await f.get('/api/metrics?q=Kiln/Temp')).body.items[0].metricId;
    expect((await f.get(`/api/metrics/${temp}`)).body.canary).toMatchObject({
      status: 'dead_lettered',
      deadLetters: 1,
      deadLetter: { reason: 'rejected', failedAt: expect.any(String) },
    });
    const [b, a] = all.map((x: Json) => x.id);
    expect((await f.post(`/api/canary/dead-letters/${a}/retry`, TOKEN)).body).toEqual({ done: [a], skipped: [] });
    expect((await f.get('/api/canary/outbox')).body.depth).toBe(13);
    expect((await f.get(`/api/metrics/${temp}`)).body.canary).toMatchObject({
      status: 'pending',
      pending: 1,
      deadLetters: 0,
    });
    expect((await f.post(`/api/canary/dead-letters/${b}/drop`, TOKEN)).body).toEqual({ done: [b], skipped: [] });
    expect((await f.post(`/api/canary/dead-letters/${b}/drop`, TOKEN)).body).toEqual({ done: [], skipped: [b] });
    expect((await f.get('/api/canary/dead-letters')).body.items.map((x: Json) => x.status)).toEqual([
      'dropped',
      'retried',
    ]);
  });
});
