// The read side of the API on a real PostgreSQL 16 seeded through the birth writer: search by a
// fragment in the middle of a path and by prefix, pagination walked to the end, the tree with counts,
// a metric with its properties, versions (diffs), lineage, devices, and the 400/404 answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture, seed, walk, type ApiFixture, type Json } from '../support/api-fixture.js';

let f: ApiFixture;
beforeAll(async () => {
  f = await apiFixture('api_metrics');
  await seed(f.pool);
});
afterAll(() => f.stop());

const A = 'Secil/Portugal/Maceira';
const idOf = async (path: string) =>
  (await f.get(`/api/metrics?prefix=${encodeURIComponent(path)}&limit=1`)).body.items[0].metricId as number;

describe('GET /api/metrics', () => {
  it('finds a metric by a fragment in the middle of its path, case-insensitively', async () => {
    const r = await f.get('/api/metrics?q=ILN/T');
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([
      {
        metricId: expect.any(Number),
        unsPath: `${A}/Kiln/Temp`,
        name: 'Kiln/Temp',
        datatype: 'Float',
        device: { group: 'Secil', edge: 'Portugal', device: 'Maceira' },
        retired: false,
      },
    ]);
    expect(r.body.nextCursor).toBeNull();
    expect((await f.get('/api/metrics?q=50%25')).body.items).toEqual([]); // % is literal, not a wildcard
  });

  it('filters by prefix and marks retired metrics', async () => {
    const r = await f.get(`/api/metrics?prefix=${encodeURIComponent(`${A}/Mill`)}`);
    expect(r.body.items.map((x: Json) => [x.unsPath, x.retired])).toEqual([[`${A}/Mill/Speed`, true]]);
    const both = await f.get(`/api/metrics?prefix=Secil/&q=count`);
    expect(both.body.items.map((x: Json) => x.unsPath)).toEqual(['Secil/Spain/Alcala/Packer/Count']);
  });

  it('walks every page without duplicates or misses, in path order', async () => {
    const all = await walk(f, '/api/metrics?limit=7');
    const paths = all.map((x: Json) => x.unsPath);
    const db = await f.db.pool.query(`SELECT uns_path FROM uns_meta.metrics ORDER BY uns_path COLLATE "C"`);
    expect(paths).toEqual(db.rows.map((x: Json) => x.uns_path));
    expect(new Set(paths).size).toBe(34);
    expect((await walk(f, '/api/metrics?q=sensor&limit=4')).length).toBe(30);
  });

  it('refuses bad parameters with 400 naming them', async () => {
    for (const url of [
      '/api/metrics?limit=0',
      '/api/metrics?limit=x',
      '/api/metrics?cursor=!!',
      '/api/metrics?bogus=1',
    ]) {
      const r = await f.get(url);
      expect(r.status, url).toBe(400);
      expect(r.body.error).toBe('bad_request');
    }
    expect((await f.get('/api/metrics?limit=0')).body.message).toMatch(/limit/);
    expect((await f.get('/api/metrics?cursor=!!')).body.message).toMatch(/cursor/);
  });
});

describe('GET /api/metrics/:id and its history', () => {
  it('shows the current properties and Canary state; 404 and 400 otherwise', async () => {
    const id = await idOf(`${A}/Kiln/Temp`);
    const r = await f.get(`/api/metrics/${id}`);
    expect(r.body).toMatchObject({
      metricId: id,
      canaryId: 'Secil.Portugal.Maceira.Kiln.Temp',
      datatype: 'Float',
      retiredAt: null,
      canary: { status: 'never_sent', pending: 0, deadLetters: 0, deliveredAt: null, conflict: null, drift: null },
    });
    expect(r.body.properties).toEqual([
      { key: 'displayHigh', type: 'double', value: 1800 },
      { key: 'engUnit', type: 'string', value: '°C' },
    ]);
    expect((await f.get('/api/metrics/999999')).status).toBe(404);
    expect((await f.get('/api/metrics/999999')).body.message).toMatch(/no metric with id 999999/);
    expect((await f.get('/api/metrics/abc')).status).toBe(400);
  });

  it('lists versions newest first with old → new diffs, paged', async () => {
    const id = await idOf(`${A}/Kiln/Temp`);
    const r = await f.get(`/api/metrics/${id}/versions?limit=1`);
    expect(r.body.items).toEqual([
      {
        versionId: expect.any(Number),
        op: 'updated',
        changedAt: expect.any(String),
        changedBy: 'test',
        diff: { engUnit: { old: 'C', new: '°C' } },
      },
    ]);
    const all = await walk(f, `/api/metrics/${id}/versions?limit=1`);
    expect(all.map((v) => v.op)).toEqual(['updated', 'created']);
    expect(all[1].diff).toEqual({
      datatype: { old: null, new: 'Float' },
      uns_path: { old: null, new: `${A}/Kiln/Temp` },
      engUnit: { old: null, new: 'C' },
      displayHigh: { old: null, new: 1800 },
    });
    expect((await f.get('/api/metrics/999999/versions')).status).toBe(404);
  });

  it('shows a rename in the lineage and in the versions, and a retirement', async () => {
    const fan = await idOf(`${A}/Kiln/Fan Main`);
    expect((await f.get(`/api/metrics/${fan}/lineage`)).body.items).toEqual([
      { oldPath: `${A}/Kiln/Fan`, newPath: `${A}/Kiln/Fan Main`, changedAt: expect.any(String) },
    ]);
    expect((await f.get(`/api/metrics/${fan}/versions`)).body.items[0]).toMatchObject({
      op: 'renamed',
      diff: { uns_path: { old: `${A}/Kiln/Fan`, new: `${A}/Kiln/Fan Main` } },
    });
    const speed = await idOf(`${A}/Mill/Speed`);
    expect((await f.get(`/api/metrics/${speed}`)).body.retiredAt).toEqual(expect.any(String));
    expect((await f.get(`/api/metrics/${speed}/versions`)).body.items[0].op).toBe('retired');
  });
});

describe('GET /api/tree and /api/devices', () => {
  it('goes group → edge → device → segments → metric with active counts', async () => {
    expect((await f.get('/api/tree')).body).toEqual({
      path: '',
      children: [{ name: 'Secil', path: 'Secil', kind: 'group', metricCount: 33, metricId: null, state: null }],
    });
    expect(
      (await f.get('/api/tree?path=Secil')).body.children.map((c: Json) => [c.name, c.kind, c.metricCount]),
    ).toEqual([
      ['Portugal', 'edge', 32],
      ['Spain', 'edge', 1],
    ]);
    expect((await f.get('/api/tree?path=Secil/Portugal')).body.children).toEqual([
      { name: 'Maceira', path: A, kind: 'device', metricCount: 32, metricId: null, state: 'unknown' },
    ]);
    const dev = (await f.get(`/api/tree?path=${encodeURIComponent(A)}`)).body.children;
    expect(dev.map((c: Json) => [c.name, c.kind, c.metricCount])).toEqual([
      ['Kiln', 'segment', 2],
      ['Line', 'segment', 30],
      ['Mill', 'segment', 0],
    ]);
    const kiln = (await f.get(`/api/tree?path=${encodeURIComponent(`${A}/Kiln`)}`)).body.children;
    expect(kiln).toEqual([
      {
        name: 'Fan Main',
        path: `${A}/Kiln/Fan Main`,
        kind: 'metric',
        metricCount: 1,
        metricId: await idOf(`${A}/Kiln/Fan Main`),
        state: null,
      },
      {
        name: 'Temp',
        path: `${A}/Kiln/Temp`,
        kind: 'metric',
        metricCount: 1,
        metricId: await idOf(`${A}/Kiln/Temp`),
        state: null,
      },
    ]);
  });

  it('lists devices with their active metric counts, paged', async () => {
    const all = await walk(f, '/api/devices?limit=1');
    expect(all).toEqual([
      {
        deviceId: expect.any(Number),
        group: 'Secil',
        edge: 'Portugal',
        device: 'Maceira',
        unsPath: A,
        metricCount: 32,
        state: 'unknown',
        bdSeq: null,
        lastBirthAt: null,
        lastDeathAt: null,
      },
      {
        deviceId: expect.any(Number),
        group: 'Secil',
        edge: 'Spain',
        device: 'Alcala',
        unsPath: 'Secil/Spain/Alcala',
        metricCount: 1,
        state: 'unknown',
        bdSeq: null,
        lastBirthAt: null,
        lastDeathAt: null,
      },
    ]);
    expect((await f.get('/api/devices?limit=501')).status).toBe(400);
    expect((await f.get('/api/devices?state=unknown')).body.items).toHaveLength(2);
    expect((await f.get('/api/devices?state=online')).body.items).toEqual([]);
    expect((await f.get('/api/devices?state=dead')).status).toBe(400);
  });
});
