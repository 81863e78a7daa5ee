// The Canary simulator's fault switches over real HTTP (latency, 5xx rate, queued failures, Errors texts,
// HTTP-error mode, a refusing proxy, throttling, body-size limit, forced expiry, unknown DataSets, poison
// tags), DataSet creation, and its request log with the busiest-second count the rate-limiter tests use.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TRANSIENT_ERROR_TEXT } from '../../src/canary/simulator/faults.js';
import { startCanarySimulator, type CanarySimulator } from '../../src/canary/simulator/server.js';
import { get, openSession, post, sleep, TS } from './sim-client.js';

let sim: CanarySimulator;
let token: string;
const store = (properties: unknown) => post(`${sim.safUrl}/storeData`, { sessionToken: token, properties });
const prop = (tag: string) => ({ [tag]: [['engUnit', TS, 'm', 192]] });

beforeAll(async () => {
  sim = await startCanarySimulator({ port: 0, datasets: ['Test', 'Secil'] });
});
afterAll(() => sim.stop());
afterEach(async () => {
  sim.faults.reset();
  token = await openSession(sim.safUrl);
});

describe('canary simulator faults', () => {
  it('latencyMs delays every answer', async () => {
    sim.faults.latencyMs = 150;
    const started = performance.now();
    expect((await post(`${sim.safUrl}/version`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    sim.faults.latencyMs = 0;
    const again = performance.now();
    await post(`${sim.safUrl}/version`);
    expect(performance.now() - again).toBeLessThan(100);
  });

  it('serverErrorRate answers that share with 5xx, reproducibly for the same seed', async () => {
    const run = async () => {
      sim.faults.reset();
      Object.assign(sim.faults, { serverErrorRate: 0.3, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) statuses.push((await post(`${sim.safUrl}/version`)).status);
      return statuses;
    };
    const first = await run();
    const failures = first.filter((s) => s === 503).length;
    expect(first.every((s) => s === 200 || s === 503)).toBe(true);
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
    expect(await run()).toEqual(first);
    Object.assign(sim.faults, { serverErrorRate: 1, serverErrorStatus: 502 });
    expect((await post(`${sim.safUrl}/version`)).status).toBe(502);
  });

  it('failNext fails the next requests of the chosen methods only, then they succeed', async () => {
    sim.faults.methods = ['storeData'];
    sim.faults.failNext(2, 'server_error');
    sim.faults.failNext(1, 'transient');
    expect((await post(`${sim.safUrl}/keepAlive`, { sessionToken: token })).body.statusCode).toBe('Good');
    expect((await store(prop('Test.F.A'))).status).toBe(503);
    expect((await store(prop('Test.F.A'))).status).toBe(503);
    expect(await store(prop('Test.F.A'))).toEqual({
      status: 200,
      body: { statusCode: 'Errors', errors: [TRANSIENT_ERROR_TEXT] },
    });
    expect(sim.latest('Test.F.A')).toBeUndefined();
    expect((await store(prop('Test.F.A'))).body.statusCode).toBe('Good');
    expect(sim.latest('Test.F.A')).toEqual({ engUnit: 'm' });
  });

  it('transientErrorRate answers HTTP 200 Errors with a transient text; HTTP-error mode makes it 503', async () => {
    sim.faults.transientErrorRate = 1;
    expect(await store(prop('Test.F.B'))).toEqual({
      status: 200,
      body: { statusCode: 'Errors', errors: [expect.stringMatching(/transient/)] },
    });
    sim.faults.httpErrorMode = true;
    expect((await store(prop('Test.F.B'))).status).toBe(503);
    expect(sim.latest('Test.F.B')).toBeUndefined();
  });

  it('HTTP-error mode answers 401 for a bad session, 400 for validation errors and 200 for Good', async () => {
    sim.faults.httpErrorMode = true;
    expect(await post(`${sim.safUrl}/keepAlive`, { sessionToken: 'nope' })).toEqual({
      status: 401,
      body: { statusCode: 'BadSessionToken', errors: [expect.any(String)] },
    });
    expect((await store({ 'Test.F.C': [['engUnit', 'now', 'm']] })).status).toBe(400);
    expect((await store(prop('Test.F.C'))).status).toBe(200);
    sim.faults.httpErrorMode = false;
    expect((await post(`${sim.safUrl}/keepAlive`, { sessionToken: 'nope' })).status).toBe(200);
  });

  it('throttleRps serves at most N requests in any second and refuses the rest with 429', async () => {
    await sleep(1000); // the requests of the tests before are out of the window
    sim.clearRequests();
    sim.faults.throttleRps = 5;
    const burst = await Promise.all(Array.from({ length: 12 }, () => post(`${sim.safUrl}/version`)));
    expect(burst.filter((r) => r.status === 200)).toHaveLength(5);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(7);
    expect(burst.find((r) => r.status === 429)?.body).toEqual({
      statusCode: 'Errors',
      errors: [expect.stringContaining('more than 5 requests per second')],
    });
    expect(sim.stats()).toMatchObject({
      requests: 12,
      throttled: 7,
      maxRequestsInAnySecond: 12,
      byHttpStatus: { 200: 5, 429: 7 },
    });
    await sleep(1050);
    expect((await post(`${sim.safUrl}/version`)).status).toBe(200);
  });

  it('maxBodyBytes refuses larger bodies with 413 and stores nothing', async () => {
    sim.faults.maxBodyBytes = 300;
    const big = { 'Test.F.D': [['description', TS, 'x'.repeat(400)]] };
    const r = await store(big);
    expect(r.status).toBe(413);
    expect(r.body.errors).toEqual([expect.stringContaining('over the limit of 300 bytes')]);
    expect(sim.latest('Test.F.D')).toBeUndefined();
    expect((await store(prop('Test.F.D'))).status).toBe(200);
  });

  it('expireSessions makes every token invalid at once', async () => {
    const other = await openSession(sim.safUrl);
    sim.faults.expireSessions();
    for (const t of [token, other])
      expect((await post(`${sim.safUrl}/keepAlive`, { sessionToken: t })).body.statusCode).toBe('BadSessionToken');
    expect(sim.stats().sessions).toBe(0);
  });

  it('unknownDatasets hides a DataSet from writers and getDatasets, even with autoCreateDatasets', async () => {
    sim.faults.unknownDatasets = ['Secil'];
    const creating = await openSession(sim.safUrl, { autoCreateDatasets: true });
    const r = await post(`${sim.safUrl}/storeData`, { sessionToken: creating, properties: prop('Secil.Plant.A') });
    expect(r.body.errors).toEqual([expect.stringContaining("DataSet 'Secil' does not exist")]);
    expect((await post(`${sim.safUrl}/getDatasets`, { historian: 'h' })).body.datasets).toEqual(['Test']);
    sim.faults.reset();
    expect(
      (await post(`${sim.safUrl}/storeData`, { sessionToken: creating, properties: prop('Secil.Plant.A') })).body
        .statusCode,
    ).toBe('Good');
  });

  it('proxyStatus answers requests (of `methods`) with that status and an HTML page, not an envelope', async () => {
    const raw = (path: string, body: unknown) =>
      fetch(`${sim.safUrl}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    sim.faults.proxyStatus = 403;
    const refused = await raw('storeData', { sessionToken: token, properties: prop('Test.F.Proxy') });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await refused.text()).toMatch(/^<html>.*403/);
    expect((await raw('getSessionToken', { historians: ['h'], clientId: 'c' })).status).toBe(403);
    expect(sim.latest('Test.F.Proxy')).toBeUndefined();
    Object.assign(sim.faults, { proxyStatus: 404, methods: ['storeData'] });
    expect((await raw('storeData', { sessionToken: token, properties: prop('Test.F.Proxy') })).status).toBe(404);
    expect((await post(`${sim.safUrl}/version`)).status).toBe(200);
    sim.faults.proxyStatus = null;
    expect((await store(prop('Test.F.Proxy'))).body.statusCode).toBe('Good');
    expect(
      sim
        .requests()
        .filter((r) => r.httpStatus === 403 || r.httpStatus === 404)
        .every((r) => r.statusCode === null),
    ).toBe(true);
  });

  it('transientErrorText may be words a writer does not know', async () => {
    Object.assign(sim.faults, { transientErrorRate: 1, transientErrorText: 'Historian CANARY01 is not responding' });
    expect(await store(prop('Test.F.Words'))).toEqual({
      status: 200,
      body: { statusCode: 'Errors', errors: ['Historian CANARY01 is not responding'] },
    });
    expect(sim.latest('Test.F.Words')).toBeUndefined();
  });

  it('createDataset makes a DataSet exist for sessions that do not auto-create', async () => {
    expect((await store(prop('Later.F.A'))).body.errors).toEqual([
      expect.stringContaining("DataSet 'Later' does not exist"),
    ]);
    sim.createDataset('Later');
    expect((await store(prop('Later.F.A'))).body.statusCode).toBe('Good');
    expect(() => sim.createDataset('Bad:Name')).toThrow(/contains ':'/);
  });

  it('poisonTags always yield a validation Errors naming the tag', async () => {
    sim.faults.poisonTags = ['Test.F.Poison'];
    const r = await store({ ...prop('Test.F.Poison'), ...prop('Test.F.Fine') });
    expect(r.body).toEqual({ statusCode: 'Errors', errors: [expect.stringMatching(/^Test\.F\.Poison: invalid tag/)] });
    expect(sim.latest('Test.F.Fine')).toBeUndefined();
    expect((await store(prop('Test.F.Fine'))).body.statusCode).toBe('Good');
  });
});

describe('canary simulator request log', () => {
  it('logs method, path, HTTP status, statusCode, tag count and body bytes of every request', async () => {
    sim.clearRequests();
    const body = { sessionToken: token, properties: { ...prop('Test.L.A'), ...prop('Test.L.B') } };
    await post(`${sim.safUrl}/storeData`, body);
    await post(`${sim.safUrl}/keepAlive`, { sessionToken: 'nope' });
    await get(`${sim.viewsUrl}/getTagProperties`, { tags: ['Test.L.A', 'Test.L.B', 'Test.L.C'] });
    await post(`${sim.url}/api/v2/storeTagData`, {});
    const log = sim.requests();
    expect(
      log.map(({ method, path, httpStatus, statusCode, tags }) => ({ method, path, httpStatus, statusCode, tags })),
    ).toEqual([
      { method: 'POST', path: '/api/v1/storeData', httpStatus: 200, statusCode: 'Good', tags: 2 },
      { method: 'POST', path: '/api/v1/keepAlive', httpStatus: 200, statusCode: 'BadSessionToken', tags: 0 },
      { method: 'GET', path: '/api/v2/getTagProperties', httpStatus: 200, statusCode: 'Good', tags: 3 },
      { method: 'POST', path: '/api/v2/storeTagData', httpStatus: 404, statusCode: 'Errors', tags: 0 },
    ]);
    expect(log[0]?.bytes).toBe(Buffer.byteLength(JSON.stringify(body)));
    expect(log[0]?.time).toBeGreaterThan(Date.now() - 10_000);
    expect(sim.stats()).toMatchObject({ requests: 4, byPath: { '/api/v1/storeData': 1, '/api/v2/storeTagData': 1 } });
  });

  it('maxRequestsInAnySecond is the busiest sliding 1000 ms window of arrivals', async () => {
    sim.clearRequests();
    const burst = (n: number) => Promise.all(Array.from({ length: n }, () => post(`${sim.safUrl}/version`)));
    await burst(6);
    await sleep(500);
    await burst(4); // within 1 s of the first six: 10 in one window
    await sleep(1100);
    await burst(7); // more than a second after the others: a window of its own
    expect(sim.stats()).toMatchObject({ requests: 17, maxRequestsInAnySecond: 10 });
    await sleep(300);
    await burst(4); // 7 + 4 within one second
    expect(sim.stats().maxRequestsInAnySecond).toBe(11);
  });
});
