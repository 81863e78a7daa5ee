// The HTTP server over real sockets on 127.0.0.1: health, readiness, metrics, admin auth and DB_MODE.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import { Counter, Registry } from 'prom-client';
import { startHttp, type HttpServer } from '../../src/web/server.js';
import type { DbMode } from '../../src/web/admin-routes.js';
import type { ComponentStatus } from '../../src/web/health-routes.js';
import { AppError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';

const TOKEN = 's3cret-admin-token';

function fixture() {
  const registry = new Registry();
  new Counter({ name: 'uns_metadata_sync_test_total', help: 'test counter', registers: [registry] }).inc(3);
  let mode: DbMode = 'local';
  const sets: DbMode[] = [];
  let readiness: () => Promise<Record<string, ComponentStatus>> = async () => ({
    db: { ok: true },
    mqtt: { ok: true },
  });
  return {
    registry,
    sets,
    setReadiness: (fn: typeof readiness) => (readiness = fn),
    deps: {
      host: '127.0.0.1',
      port: 0,
      registry,
      readiness: () => readiness(),
      dbMode: { get: () => mode, set: async (m: DbMode) => void sets.push((mode = m)) },
    },
  };
}

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

describe('http server', () => {
  const f = fixture();
  let http: HttpServer;
  beforeAll(async () => {
    http = await startHttp({ ...f.deps, adminToken: TOKEN });
  });
  afterAll(() => http.stop());

  const admin = (method: 'GET' | 'POST', init: { token?: string; body?: string } = {}) =>
    fetch(`${http.url}/admin/db-mode`, {
      method,
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body,
    });

  it('binds 127.0.0.1 on an ephemeral port; /healthz answers ok', async () => {
    expect(http.port).toBeGreaterThan(0);
    expect(http.url).toBe(`http://127.0.0.1:${http.port}`);
    const res = await fetch(`${http.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is 200 when every component is ok and 503 when one is not', async () => {
    f.setReadiness(async () => ({ db: { ok: true }, mqtt: { ok: true } }));
    let res = await fetch(`${http.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true, components: { db: { ok: true }, mqtt: { ok: true } } });

    f.setReadiness(async () => ({ db: { ok: true }, mqtt: { ok: false, detail: 'not connected' } }));
    res = await fetch(`${http.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      ready: false,
      components: { db: { ok: true }, mqtt: { ok: false, detail: 'not connected' } },
    });
  });

  it('/readyz is 503 with the error when readiness throws', async () => {
    f.setReadiness(async () => {
      throw new Error('pool exhausted');
    });
    const res = await fetch(`${http.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      ready: false,
      components: { readiness: { ok: false, detail: 'pool exhausted' } },
    });
  });

  it('/readyz answers 503 within about 2 s when readiness hangs', async () => {
    f.setReadiness(() => new Promise(() => undefined));
    const started = Date.now();
    const res = await fetch(`${http.url}/readyz`);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    const body = await json(res);
    expect(body.ready).toBe(false);
    expect(JSON.stringify(body.components)).toMatch(/did not answer within 2000 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(4000);
  });

  it('/metrics serves the registry in the Prometheus text format', async () => {
    const res = await fetch(`${http.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(f.registry.contentType);
    expect(await res.text()).toContain('uns_metadata_sync_test_total 3');
  });

  it('admin endpoints answer 401 without or with a wrong token', async () => {
    for (const token of [undefined, 'wrong', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
      const res = await admin('GET', { token });
      expect(res.status, String(token)).toBe(401);
      expect(await json(res)).toMatchObject({
        error: 'unauthorized',
        message: expect.stringContaining('Authorization: Bearer'),
      });
    }
    const res = await admin('POST', { token: 'wrong', body: '{"mode":"mock"}' });
    expect(res.status).toBe(401);
    expect(f.sets).toEqual([]);
  });

  it('POST /admin/db-mode answers 400 with a specific message on a bad body', async () => {
    for (const body of ['{"mode":"readonly"}', '{}', '[]', '{"mode":1}']) {
      const res = await admin('POST', { token: TOKEN, body });
      expect(res.status, body).toBe(400);
      expect((await json(res)).message, body).toMatch(/expects the JSON body \{"mode":"local"\} or \{"mode":"mock"\}/);
    }
    const invalidJson = await admin('POST', { token: TOKEN, body: '{mode:' });
    expect(invalidJson.status).toBe(400);
    const noBody = await fetch(`${http.url}/admin/db-mode`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(noBody.status).toBe(400);
    expect((await json(noBody)).message).toContain('got no JSON body');
    expect(f.sets).toEqual([]);
  });

  it('with the right token GET reads and POST switches the DB mode', async () => {
    let res = await admin('GET', { token: TOKEN });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ mode: 'local' });

    res = await admin('POST', { token: TOKEN, body: '{"mode":"mock"}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ mode: 'mock' });
    expect(f.sets).toEqual(['mock']);

    res = await admin('GET', { token: TOKEN });
    expect(await res.json()).toEqual({ mode: 'mock' });
  });
});

describe('http server without ADMIN_TOKEN', () => {
  it('closes the admin endpoints with 403 naming ADMIN_TOKEN, even for a bearer token', async () => {
    const f = fixture();
    const http = await startHttp({ ...f.deps, adminToken: '' });
    try {
      for (const init of [
        {},
        {
          method: 'POST',
          body: '{"mode":"mock"}',
          headers: { authorization: 'Bearer ', 'content-type': 'application/json' },
        },
      ]) {
        const res = await fetch(`${http.url}/admin/db-mode`, init);
        expect(res.status).toBe(403);
        expect(await json(res)).toMatchObject({
          error: 'forbidden',
          message: expect.stringContaining('ADMIN_TOKEN is not configured'),
        });
      }
      expect(f.sets).toEqual([]);
    } finally {
      await http.stop();
    }
  });
});

describe('http server errors and logging', () => {
  it('maps an AppError from a route through the status table and hides other errors behind a 500', async () => {
    const f = fixture();
    let failure: Error = new AppError('db_unavailable', 'PostgreSQL is not reachable; check DATABASE_URL');
    const http = await startHttp({
      ...f.deps,
      adminToken: TOKEN,
      dbMode: {
        get: () => 'local',
        set: async () => {
          throw failure;
        },
      },
    });
    const post = () =>
      fetch(`${http.url}/admin/db-mode`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: '{"mode":"mock"}',
      });
    try {
      let res = await post();
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        error: 'db_unavailable',
        message: 'PostgreSQL is not reachable; check DATABASE_URL',
      });
      failure = new Error('secret internals');
      res = await post();
      expect(res.status).toBe(500);
      expect(JSON.stringify(await res.json())).not.toContain('secret internals');
    } finally {
      await http.stop();
    }
  });

  it('logs requests at debug level only, with the web stage', async () => {
    const linesAt = async (level: string) => {
      const lines: string[] = [];
      const log = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
      const http = await startHttp({ ...fixture().deps, log });
      await (await fetch(`${http.url}/healthz`)).text();
      await http.stop();
      return lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    };
    expect(await linesAt('info')).toEqual([]);
    expect(await linesAt('debug')).toEqual([
      expect.objectContaining({ stage: 'web', method: 'GET', path: '/healthz', status: 200 }),
    ]);
  });
});

describe('http server lifecycle', () => {
  it('refuses a taken port with a message naming HTTP_PORT', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const err = await startHttp({ ...fixture().deps, port }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('port_in_use');
      expect((err as AppError).message).toContain(`HTTP port ${port}`);
      expect((err as AppError).message).toContain('HTTP_PORT');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('stop() closes the listener, and a second stop() is harmless', async () => {
    const http = await startHttp(fixture().deps);
    expect((await fetch(`${http.url}/healthz`)).status).toBe(200);
    await http.stop();
    await http.stop();
    await expect(fetch(`${http.url}/healthz`)).rejects.toThrow();
  });
});
