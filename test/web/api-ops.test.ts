// Checks, pipeline and the OpenAPI document on a real PostgreSQL 16: check_runs written by the real
// runner (an induced CRIT), the latest verdict with thresholds/remedy lifted out of the evidence, the
// history oldest → newest; the pipeline's rates from the sampler; every registered /api route described.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { applyIntake } from '../../src/ingest/apply.js';
import { intakeBirth } from '../../src/ingest/intake.js';
import { runCheckCadence } from '../../src/ops/check-run.js';
import { opsContext } from '../../src/ops/context.js';
import { encodePayload } from '../../src/sparkplug/encoder.js';
import { openApiDocument } from '../../src/web/api/openapi.js';
import { startPipelineSampler, type PipelineSampler } from '../../src/web/pipeline-sampler.js';
import { apiFixture, LIMITS, TOKEN, type ApiFixture, type Json } from '../support/api-fixture.js';
import { opsSettings } from '../../src/cli/settings.js';

let f: ApiFixture;
let sampler: PipelineSampler;
let clock = Date.parse('2026-01-01T00:00:00Z');
beforeAll(async () => {
  f = await apiFixture('api_ops', {
    adminToken: TOKEN,
    pipeline: (pool) =>
      (sampler = startPipelineSampler({
        db: pool,
        cdcEnabled: false,
        now: () => clock,
        intervalMs: 3_600_000,
        sampleAtStart: false,
      })) && { sampler },
  });
});
afterAll(async () => {
  sampler.stop();
  await f.stop();
});

const config = loadConfig({ DATABASE_URL: 'postgres://unused/x' }, { envFile: '/nonexistent' });
const runValid = () =>
  runCheckCadence(opsContext(f.db.pool, opsSettings(config)), { cadence: 'weekly', only: ['constraints.valid'] });

describe('GET /api/checks', () => {
  it('shows the latest verdict (an induced CRIT) with title, thresholds and remedy, and its history', async () => {
    await runValid();
    await f.db.pool.query(
      `ALTER TABLE uns_meta.devices ADD CONSTRAINT chk_api_not_valid CHECK (device <> '') NOT VALID`,
    );
    await runValid();
    const r = await f.get('/api/checks');
    expect(r.body.items).toEqual([
      {
        id: 'constraints.valid',
        title: expect.any(String),
        cadence: 'weekly',
        status: 'CRIT',
        value: 1,
        unit: expect.anything(),
        warn: null,
        crit: expect.any(Number),
        remedy: expect.stringMatching(/\w/),
        startedAt: expect.any(String),
        evidence: expect.objectContaining({
          invalid: [{ table: 'uns_meta.devices', constraint: 'chk_api_not_valid', type: 'c' }],
        }),
      },
    ]);
    expect(Object.keys(r.body.items[0].evidence).filter((k) => k.startsWith('_'))).toEqual([]);
    const h = await f.get('/api/checks/constraints.valid/history');
    expect(h.body.items.map((x: Json) => [x.status, x.value])).toEqual([
      ['OK', 0],
      ['CRIT', 1],
    ]);
    expect(
      (await f.get('/api/checks/constraints.valid/history?limit=1')).body.items.map((x: Json) => x.status),
    ).toEqual(['CRIT']);
    expect((await f.get('/api/checks/no.such.check/history')).status).toBe(404);
    expect((await f.get('/api/checks/constraints.valid/history?limit=-1')).status).toBe(400);
  });
});

describe('GET /api/pipeline', () => {
  it('reports component states, nulls what is off, and rates from the sampled counters', async () => {
    await sampler.sample();
    const payload = encodePayload({
      timestamp: 1n,
      seq: 1n,
      metrics: [{ name: 'A/B', datatype: 'Double', value: 1, properties: { engUnit: { type: 'String', value: 'm' } } }],
    });
    await applyIntake(f.pool, intakeBirth('spBv1.0/G/DBIRTH/E/D', payload, 'protobuf', LIMITS), {
      changedBy: 't',
      renameByFingerprint: true,
      quarantinePayloadMaxBytes: 100,
    });
    clock += 60_000;
    await sampler.sample();
    const r = await f.get('/api/pipeline');
    expect(r.body).toMatchObject({
      broker: { ok: false, detail: 'no broker in this test' },
      database: { ok: true },
      cdc: { ok: null, leader: null, streaming: null, pending: null, lagBytes: null, lastSnapshot: null },
      canary: { ok: null, circuit: null, outboxDepth: 0, deadLetters: 0 },
      rates: { birthsPerMinute: 1 },
    });
    expect(r.body.rates.rowsWrittenPerMinute).toBeGreaterThan(0);
    expect(r.body.series).toEqual([
      {
        t: '2026-01-01T00:00:00.000Z',
        birthsPerMinute: null,
        rowsWrittenPerMinute: null,
        outboxDepth: 0,
        slotLagBytes: null,
      },
      {
        t: '2026-01-01T00:01:00.000Z',
        birthsPerMinute: 1,
        rowsWrittenPerMinute: expect.any(Number),
        outboxDepth: 0,
        slotLagBytes: null,
      },
    ]);
  });

  it('shows the latest initial snapshot CDC took: when, why, how many metrics', async () => {
    await f.db.pool.query(
      `INSERT INTO uns_meta_sync.cdc_snapshots (slot_name, reason, consistent_lsn, metrics, started_at, finished_at) VALUES
         ('uns_meta_slot', 'first start on a database with metrics', '0/1A2B3C', 34, '2026-01-01T00:00:00Z', '2026-01-01T00:00:02Z'),
         ('uns_meta_slot', 'slot invalidated (wal_status lost)', '0/5F00000', 1200, '2026-02-01T03:00:00Z', NULL)`,
    );
    expect((await f.get('/api/pipeline')).body.cdc.lastSnapshot).toEqual({
      slot: 'uns_meta_slot',
      reason: 'slot invalidated (wal_status lost)',
      metrics: 1200,
      consistentLsn: '0/5F00000',
      startedAt: '2026-02-01T03:00:00.000Z',
      finishedAt: null,
    });
  });
});

describe('GET /api/openapi.json', () => {
  it('describes exactly the /api routes the server registers', async () => {
    const doc = (await f.get('/api/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    const registered = routeList(f.http.app.printRoutes({ commonPrefix: false })).filter((r) => r.includes(' /api'));
    const described = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(registered.length).toBe(17);
    expect(described.sort()).toEqual(registered.sort());
    expect(Object.keys(openApiDocument.paths)).toContain('/api/quarantine/{id}/retry');
  });
});

/** Full "METHOD /path/{param}" lines from fastify's printed route tree (children indent by 4 columns). */
function routeList(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?/.exec(line);
    if (!m) continue;
    const depth = (m[1] as string).length / 4;
    stack.length = depth;
    stack.push(m[2] as string);
    const path = stack.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD')) out.push(`${method} ${path}`);
  }
  return out;
}
