// The Canary simulator over real HTTP on 127.0.0.1: session lifecycle, storeData and its validation,
// the Views reads (getTagProperties, browseTags paging, browseNodes), apiToken, /version, persistence.
// Fault switches and the request log are in simulator-faults.test.ts.

import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCanarySimulator, type CanarySimulator } from '../../src/canary/simulator/server.js';
import { AppError } from '../../src/errors.js';
import { get, openSession, post, sleep, TS, TS2 } from './sim-client.js';

describe('canary simulator: sessions', () => {
  let sim: CanarySimulator;
  beforeAll(async () => (sim = await startCanarySimulator({ port: 0, datasets: ['Test'] })));
  afterAll(() => sim.stop());

  it('getSessionToken answers a top-level token; missing historians and clientId are Errors naming both', async () => {
    const ok = await post(`${sim.safUrl}/getSessionToken`, { historians: ['localhost'], clientId: 'uns-meta' });
    expect(ok).toEqual({
      status: 200,
      body: { statusCode: 'Good', errors: [], sessionToken: expect.stringMatching(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/) },
    });
    const bad = await post(`${sim.safUrl}/getSessionToken`, { settings: { clientTimeout: 'soon' } });
    expect(bad.status).toBe(200);
    expect(bad.body.statusCode).toBe('Errors');
    expect(bad.body.errors).toEqual([
      expect.stringContaining('clientId'),
      expect.stringContaining('historians'),
      expect.stringContaining('clientTimeout'),
    ]);
    expect(bad.body).not.toHaveProperty('sessionToken');
  });

  it('a session expires after clientTimeout ms without a call; keepAlive and storeData restart the timer', async () => {
    const token = await openSession(sim.safUrl, { clientTimeout: 300 });
    for (let i = 0; i < 3; i++) {
      await sleep(150);
      expect((await post(`${sim.safUrl}/keepAlive`, { sessionToken: token })).body.statusCode).toBe('Good');
    }
    await sleep(150);
    const stored = await post(`${sim.safUrl}/storeData`, {
      sessionToken: token,
      properties: { 'Test.A.B': [['engUnit', TS, 'm', 192]] },
    });
    expect(stored.body).toEqual({ statusCode: 'Good', errors: [] });
    await sleep(500);
    const expired = await post(`${sim.safUrl}/keepAlive`, { sessionToken: token });
    expect(expired).toEqual({
      status: 200,
      body: { statusCode: 'BadSessionToken', errors: ['Session token is invalid or has expired'] },
    });
    // an expired session cannot be revived
    expect((await post(`${sim.safUrl}/keepAlive`, { sessionToken: token })).body.statusCode).toBe('BadSessionToken');
  });

  it('revokeSessionToken ends the session; unknown and missing tokens get BadSessionToken with HTTP 200', async () => {
    const token = await openSession(sim.safUrl);
    expect((await post(`${sim.safUrl}/revokeSessionToken`, { sessionToken: token })).body).toEqual({
      statusCode: 'Good',
      errors: [],
    });
    for (const [method, body] of [
      ['storeData', { sessionToken: token, properties: { 'Test.A.B': [['x', TS, 1]] } }],
      ['keepAlive', { sessionToken: token }],
      ['revokeSessionToken', { sessionToken: token }],
      ['storeData', { properties: {} }],
      ['keepAlive', { sessionToken: 'ABCD-ABCD-ABCD-ABCD' }],
    ] as const) {
      const r = await post(`${sim.safUrl}/${method}`, body);
      expect(r.status, method).toBe(200);
      expect(r.body.statusCode, method).toBe('BadSessionToken');
    }
    expect(sim.latest('Test.A.B')).not.toHaveProperty('x');
  });
});

describe('canary simulator: storeData and the Views reads', () => {
  let sim: CanarySimulator;
  let token: string;
  const store = (properties: unknown, sessionToken = token) =>
    post(`${sim.safUrl}/storeData`, { sessionToken, properties });
  beforeAll(async () => {
    sim = await startCanarySimulator({ port: 0, datasets: ['Secil', 'Test', 'Empty'] });
    token = await openSession(sim.safUrl);
  });
  afterAll(() => sim.stop());

  it('stores entries per tag and property; getTagProperties answers the latest value per name by timestamp', async () => {
    const tag = 'Secil.Portugal.Kiln.K1.Temperature';
    expect(
      (
        await store({
          [tag]: [
            ['engUnit', TS2, '°C', 192],
            ['engUnit', TS, 'K'],
            ['displayHigh', TS, 1800, 192],
            ['enabled', TS, true, 'Good'],
          ],
        })
      ).body,
    ).toEqual({
      statusCode: 'Good',
      errors: [],
    });
    const r = await post(`${sim.viewsUrl}/getTagProperties`, { tags: [tag, 'Secil.Nope'] });
    expect(r).toEqual({
      status: 200,
      body: {
        statusCode: 'Good',
        errors: [],
        properties: { [tag]: { engUnit: '°C', displayHigh: 1800, enabled: true }, 'Secil.Nope': {} },
      },
    });
    expect(sim.tags()[tag]?.engUnit).toEqual([
      ['engUnit', TS, 'K', 192],
      ['engUnit', TS2, '°C', 192],
    ]);
    // re-sending an entry (same name and timestamp) replaces it instead of adding one
    const before = sim.stats().entries;
    await store({ [tag]: [['engUnit', '2026-11-24T12:00:01.5000000Z', 'degC', 192]] });
    expect(sim.stats().entries).toBe(before);
    const viaGet = await get(`${sim.viewsUrl}/getTagProperties`, { tags: [tag] });
    expect(viaGet.body.properties).toEqual({ [tag]: { engUnit: 'degC', displayHigh: 1800, enabled: true } });
  });

  it('browseTags pages with continuation until null; path, deep and search filter', async () => {
    const properties = Object.fromEntries(
      Array.from({ length: 25 }, (_, i) => [
        `Test.Line${i % 2}.Pump${String(i).padStart(2, '0')}`,
        [['unit', TS, 'bar']],
      ]),
    );
    expect((await store({ ...properties, 'Test.Stray': [['unit', TS, 'bar']] })).body.statusCode).toBe('Good');
    const pages: string[][] = [];
    const cursors: unknown[] = [];
    let continuation: unknown = null;
    do {
      const r = await post(`${sim.viewsUrl}/browseTags`, { path: 'Test', deep: true, maxSize: 10, continuation });
      expect(r.body.statusCode).toBe('Good');
      pages.push(r.body.tags as string[]);
      cursors.push((continuation = r.body.continuation));
    } while (continuation !== null && pages.length < 10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 6]);
    expect(cursors.at(-1)).toBeNull();
    expect(pages.flat()).toEqual([...Object.keys(properties), 'Test.Stray'].sort());

    const shallow = await get(`${sim.viewsUrl}/browseTags`, { path: 'Test' });
    expect(shallow.body).toEqual({ statusCode: 'Good', errors: [], tags: ['Test.Stray'], continuation: null });
    const line1 = await get(`${sim.viewsUrl}/browseTags`, { path: 'Test.Line1', search: 'PUMP1' });
    expect(line1.body.tags).toEqual([
      'Test.Line1.Pump11',
      'Test.Line1.Pump13',
      'Test.Line1.Pump15',
      'Test.Line1.Pump17',
      'Test.Line1.Pump19',
    ]);
    // several words must all occur (case-insensitive)
    const words = await post(`${sim.viewsUrl}/browseTags`, { path: 'Test', deep: 'true', search: 'line0 pump2' });
    expect(words.body.tags).toEqual(['Test.Line0.Pump20', 'Test.Line0.Pump22', 'Test.Line0.Pump24']);
    for (const bad of ['not-a-cursor', cursors[0]]) {
      // a cursor of another browse (other path) is refused as well
      const r = await post(`${sim.viewsUrl}/browseTags`, { path: 'Secil', deep: true, continuation: bad });
      expect(r.body.statusCode).toBe('Errors');
      expect(r.body.errors).toEqual([expect.stringContaining('continuation')]);
    }
  });

  it('browseNodes lists the child nodes with fullPath, hasNodes and hasTags', async () => {
    const root = await get(`${sim.viewsUrl}/browseNodes`);
    expect(root.body.nodes).toEqual({
      Empty: { fullPath: 'Empty', hasNodes: false, hasTags: false },
      Secil: { fullPath: 'Secil', hasNodes: true, hasTags: false },
      Test: { fullPath: 'Test', hasNodes: true, hasTags: true },
    });
    const lines = await post(`${sim.viewsUrl}/browseNodes`, { path: 'Test' });
    expect(lines.body.nodes).toEqual({
      Line0: { fullPath: 'Test.Line0', hasNodes: false, hasTags: true },
      Line1: { fullPath: 'Test.Line1', hasNodes: false, hasTags: true },
    });
  });

  it('getDatasets lists the DataSets; /version says it is a simulator', async () => {
    expect((await post(`${sim.safUrl}/getDatasets`, { historian: 'localhost' })).body).toEqual({
      statusCode: 'Good',
      errors: [],
      datasets: ['Empty', 'Secil', 'Test'],
    });
    expect((await post(`${sim.safUrl}/getDatasets`, {})).body.statusCode).toBe('Errors');
    for (const r of [await post(`${sim.safUrl}/version`), await get(`${sim.viewsUrl}/version`)]) {
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        statusCode: 'Good',
        simulator: true,
        version: expect.stringMatching(/simulator.*test double.*not the Canary product/),
      });
    }
  });
});

describe('canary simulator: storeData validation and DataSets', () => {
  let sim: CanarySimulator;
  let token: string;
  const store = (properties: unknown, sessionToken = token) =>
    post(`${sim.safUrl}/storeData`, { sessionToken, properties });
  beforeAll(async () => {
    sim = await startCanarySimulator({ port: 0, datasets: ['Test'] });
    token = await openSession(sim.safUrl);
  });
  afterAll(() => sim.stop());

  const cases: Array<[string, string, unknown[], RegExp]> = [
    [
      'timestamp without zone',
      'Test.T1',
      ['engUnit', '2026-11-24T12:00:00', 'm'],
      /Test\.T1: entry 0: invalid timestamp/,
    ],
    [
      'timestamp with an offset',
      'Test.T2',
      ['engUnit', '2026-11-24T12:00:00+01:00', 'm'],
      /Test\.T2: entry 0: invalid timestamp/,
    ],
    ['impossible date', 'Test.T3', ['engUnit', '2026-02-30T12:00:00Z', 'm'], /Test\.T3: entry 0: invalid timestamp/],
    [
      '8 fractional digits',
      'Test.T4',
      ['engUnit', '2026-11-24T12:00:00.12345678Z', 'm'],
      /Test\.T4: entry 0: invalid timestamp/,
    ],
    ['old "key=value" entry', 'Test.T5', [TS, 'engUnit=m', 192], /Test\.T5: entry 0: invalid timestamp "engUnit=m"/],
    ['object value', 'Test.V1', ['engUnit', TS, { a: 1 }], /Test\.V1: entry 0: value must be a JSON scalar/],
    ['array value', 'Test.V2', ['engUnit', TS, [1, 2]], /Test\.V2: entry 0: value must be a JSON scalar/],
    ['null value', 'Test.V3', ['engUnit', TS, null], /Test\.V3: entry 0: value must be a JSON scalar/],
    ['bad quality', 'Test.Q1', ['engUnit', TS, 'm', 70000], /Test\.Q1: entry 0: quality must be/],
    ['empty property name', 'Test.N1', ['', TS, 'm'], /Test\.N1: entry 0: property name/],
    [
      'two-element entry',
      'Test.N2',
      ['engUnit', TS],
      /Test\.N2: entry 0: expected \[name, timestamp, value, quality\?\]/,
    ],
    ['tag without a dot', 'Test', ['engUnit', TS, 'm'], /^Test: invalid tag id/],
    ['empty segment', 'Test..A', ['engUnit', TS, 'm'], /^Test\.\.A: invalid tag id \(empty segment\)/],
    ...[':', '=', '/', '*', '\\', '%', '?', '<', '>'].map((c): [string, string, unknown[], RegExp] => [
      `DataSet with '${c}'`,
      `Te${c}st.A`,
      ['engUnit', TS, 'm'],
      new RegExp(`^Te\\${c}st\\.A: DataSet name 'Te\\${c}st' contains '\\${c}'`),
    ]),
  ];
  it.each(cases)(
    '%s is an Errors envelope (HTTP 200) naming the tag; nothing is stored',
    async (_name, tag, entry, message) => {
      const r = await store({ [tag]: [entry] });
      expect(r.status).toBe(200);
      expect(r.body.statusCode).toBe('Errors');
      expect(r.body.errors).toEqual([expect.stringMatching(message)]);
      expect(sim.tags()).not.toHaveProperty(tag);
    },
  );

  it('a request with one invalid tag stores nothing (all or nothing) and lists every problem', async () => {
    const r = await store({
      'Test.Good': [['engUnit', TS, 'm']],
      'Test.Bad': [
        ['engUnit', 'yesterday', 'm'],
        ['x', TS, {}],
      ],
    });
    expect(r.body.errors).toEqual([
      expect.stringMatching(/^Test\.Bad: entry 0: invalid timestamp/),
      expect.stringMatching(/^Test\.Bad: entry 1: value/),
    ]);
    expect(sim.latest('Test.Good')).toBeUndefined();
    expect((await store({ 'Test.Good': [['engUnit', TS, 'm']] })).body.statusCode).toBe('Good');
    expect(sim.latest('Test.Good')).toEqual({ engUnit: 'm' });
  });

  it('a write to a missing DataSet fails naming it unless the session sets autoCreateDatasets', async () => {
    const r = await store({ 'Secil.Plant.Tag': [['engUnit', TS, 'm']] });
    expect(r.body).toEqual({
      statusCode: 'Errors',
      errors: [expect.stringMatching(/^Secil\.Plant\.Tag: DataSet 'Secil' does not exist/)],
    });
    expect((await post(`${sim.safUrl}/getDatasets`, { historian: 'localhost' })).body.datasets).toEqual(['Test']);

    const creating = await openSession(sim.safUrl, { autoCreateDatasets: true });
    expect((await store({ 'Secil.Plant.Tag': [['engUnit', TS, 'm']] }, creating)).body.statusCode).toBe('Good');
    expect((await post(`${sim.safUrl}/getDatasets`, { historian: 'localhost' })).body.datasets).toEqual([
      'Secil',
      'Test',
    ]);
    // a DataSet name with a forbidden character is never created
    expect((await store({ 'Bad:Set.Tag': [['engUnit', TS, 'm']] }, creating)).body.statusCode).toBe('Errors');
    expect(sim.datasets()).toEqual(['Secil', 'Test']);
  });

  it('the server default autoCreateDatasets=true is overridden by a session that says false', async () => {
    const auto = await startCanarySimulator({ port: 0, autoCreateDatasets: true });
    try {
      const byDefault = await openSession(auto.safUrl);
      expect(
        (await post(`${auto.safUrl}/storeData`, { sessionToken: byDefault, properties: { 'New.A': [['u', TS, 1]] } }))
          .body.statusCode,
      ).toBe('Good');
      const strict = await openSession(auto.safUrl, { autoCreateDatasets: false });
      const r = await post(`${auto.safUrl}/storeData`, {
        sessionToken: strict,
        properties: { 'Other.A': [['u', TS, 1]] },
      });
      expect(r.body.errors).toEqual([expect.stringContaining("DataSet 'Other' does not exist")]);
      expect(auto.datasets()).toEqual(['New']);
    } finally {
      await auto.stop();
    }
  });

  it('malformed JSON is HTTP 400; a non-object body and a non-object properties block are Errors', async () => {
    expect((await post(`${sim.safUrl}/storeData`, '{"sessionToken":')).status).toBe(400);
    const arr = await post(`${sim.safUrl}/storeData`, [1, 2]);
    expect(arr.body).toEqual({ statusCode: 'Errors', errors: ['request body must be a JSON object'] });
    const props = await post(`${sim.safUrl}/storeData`, { sessionToken: token, properties: [] });
    expect(props.body.statusCode).toBe('Errors');
    expect((await post(`${sim.safUrl}/storeData`, { sessionToken: token })).body.statusCode).toBe('Good');
  });
});

describe('canary simulator: apiToken, routes and lifecycle', () => {
  it('requires the configured apiToken on getSessionToken, getDatasets and the Views calls', async () => {
    const sim = await startCanarySimulator({ port: 0, datasets: ['Test'], apiToken: 'k-123' });
    try {
      const denied = await post(`${sim.safUrl}/getSessionToken`, {
        historians: ['h'],
        clientId: 'c',
        apiToken: 'wrong',
      });
      expect(denied).toEqual({
        status: 200,
        body: { statusCode: 'Errors', errors: ['apiToken is missing or not valid'] },
      });
      expect((await post(`${sim.safUrl}/getSessionToken`, { historians: ['h'], clientId: 'c' })).body.statusCode).toBe(
        'Errors',
      );
      expect(await openSession(sim.safUrl, {}, { apiToken: 'k-123' })).toMatch(/-/);
      expect((await post(`${sim.safUrl}/getDatasets`, { historian: 'h' })).body.statusCode).toBe('Errors');
      expect((await post(`${sim.safUrl}/getDatasets`, { historian: 'h', apiToken: 'k-123' })).body.datasets).toEqual([
        'Test',
      ]);
      expect((await get(`${sim.viewsUrl}/browseNodes`)).body.statusCode).toBe('Errors');
      expect((await get(`${sim.viewsUrl}/browseNodes`, { apiToken: 'k-123' })).body.statusCode).toBe('Good');
      expect((await get(`${sim.viewsUrl}/browseNodes`, {}, { authorization: 'Bearer k-123' })).body.statusCode).toBe(
        'Good',
      );
      expect(
        (await post(`${sim.viewsUrl}/getTagProperties`, { tags: ['Test.A'], accessToken: 'k-123' })).body.statusCode,
      ).toBe('Good');
    } finally {
      await sim.stop();
    }
  });

  it('unknown methods and routes are 404 (method names are case-sensitive; the SAF API is POST only)', async () => {
    const sim = await startCanarySimulator({ port: 0 });
    try {
      expect((await post(`${sim.safUrl}/storeTagData`, {})).status).toBe(404);
      expect((await post(`${sim.safUrl}/storedata`, {})).status).toBe(404);
      expect((await post(`${sim.safUrl}/toString`, {})).status).toBe(404);
      expect((await get(`${sim.safUrl}/version`)).status).toBe(404);
      expect((await post(`${sim.url}/api/v3/version`, {})).status).toBe(404);
    } finally {
      await sim.stop();
    }
  });

  it('persists DataSets and properties to a JSON file across restarts, but not sessions', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'canary-sim-')), 'state.json');
    const first = await startCanarySimulator({ port: 0, datasets: ['Test'], persistFile: file });
    const token = await openSession(first.safUrl);
    await post(`${first.safUrl}/storeData`, {
      sessionToken: token,
      properties: {
        'Test.A.B': [
          ['engUnit', TS, 'm'],
          ['engUnit', TS2, 'cm'],
        ],
      },
    });
    await first.stop();

    const second = await startCanarySimulator({ port: 0, persistFile: file });
    try {
      expect(second.datasets()).toEqual(['Test']);
      expect((await post(`${second.viewsUrl}/getTagProperties`, { tags: ['Test.A.B'] })).body.properties).toEqual({
        'Test.A.B': { engUnit: 'cm' },
      });
      expect(second.tags()['Test.A.B']?.engUnit).toHaveLength(2);
      expect((await post(`${second.safUrl}/keepAlive`, { sessionToken: token })).body.statusCode).toBe(
        'BadSessionToken',
      );
    } finally {
      await second.stop();
    }
    writeFileSync(file, '{"version":1,"datasets":"Test"}');
    const err = await startCanarySimulator({ port: 0, persistFile: file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('canary_sim_state_invalid');
  });

  it('refuses a taken port with port_in_use and a DataSet name with a forbidden character with config_invalid', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const err = await startCanarySimulator({ port }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('port_in_use');
      expect((err as AppError).message).toContain(`port ${port} on 127.0.0.1 is already taken`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    const bad = await startCanarySimulator({ port: 0, datasets: ['a/b'] }).catch((e: unknown) => e);
    expect((bad as AppError).code).toBe('config_invalid');
  });

  it('stop() closes the listener and a second stop() is harmless', async () => {
    const sim = await startCanarySimulator({ port: 0 });
    await sim.stop();
    await sim.stop();
    await expect(fetch(`${sim.safUrl}/version`, { method: 'POST' })).rejects.toThrow();
  });
});
