// The API as the service wires it (runService with CDC and the bundled Canary simulator), over real
// HTTP: the pipeline shows live broker, database, CDC and Canary state and a sampled series; a birth
// published on the broker becomes findable; POSTs refuse without the token and never echo it.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runService, type RunningService } from '../../src/cli/service-runner.js';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/embedded/broker.js';
import { encodePayload } from '../../src/sparkplug/encoder.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { eventually } from '../support/live-service.js';
import { dropSlotWhenReleased } from '../support/slots.js';
import type { Json } from '../support/api-fixture.js';

const TOKEN = 'service-api-token';
let db: TestDatabase;
let broker: EmbeddedBroker;
let service: RunningService | null = null;
const slot = `t_api_service_${process.pid}`;
const logDir = mkdtempSync(join(tmpdir(), 'uns-meta-api-service-log-'));
const logFile = join(logDir, 'uns-meta');

beforeAll(async () => {
  db = await cloneDatabase('api_service');
  broker = await startEmbeddedBroker({ port: 0 });
  const config = loadConfig(
    {
      DATABASE_URL: db.appUrl,
      PG_REPL_URL: db.urlAs('uns_meta_cdc'),
      MQTT_URL: broker.url,
      MQTT_CLIENT_ID: `api-service-${process.pid}`,
      CDC_SLOT: slot,
      HTTP_PORT: '0',
      ADMIN_TOKEN: TOKEN,
      BIRTH_CACHE_DIR: mkdtempSync(join(tmpdir(), 'uns-meta-api-service-')),
      LOG_FILE: logFile,
    },
    { envFile: '/nonexistent' },
  );
  service = await runService(config, { logLevel: 'info', print: () => undefined });
});

afterAll(async () => {
  await service?.stop();
  await dropSlotWhenReleased(db, slot);
  await broker?.stop();
});

const get = async (path: string) => (await fetch(`${service?.httpUrl}${path}`)).json() as Promise<Json>;

describe('the API in the running service', () => {
  it('pipeline: live component states and a first sample', async () => {
    const p = await eventually(
      () => get('/api/pipeline'),
      (x: Json) => x.broker.ok && x.cdc.streaming,
      30_000,
      'broker connected and CDC streaming',
    );
    expect(p).toMatchObject({
      database: { ok: true },
      cdc: { leader: true, streaming: true },
      canary: { circuit: 'closed', outboxDepth: expect.any(Number), deadLetters: 0 },
    });
    expect(p.series).toEqual([expect.objectContaining({ birthsPerMinute: null, slotLagBytes: expect.any(Number) })]);
  });

  it('a birth published on the broker is found by a fragment of its path', async () => {
    const c = await connectAsync(broker.url, { clientId: `api-edge-${process.pid}`, reconnectPeriod: 0 });
    const payload = encodePayload({
      timestamp: 1n,
      seq: 0n,
      metrics: [
        {
          name: 'Kiln/Shell Temp',
          datatype: 'Float',
          value: 1,
          properties: { engUnit: { type: 'String', value: 'C' } },
        },
      ],
    });
    await c.publishAsync('spBv1.0/Secil/DBIRTH/Portugal/Outao', payload, { qos: 1 });
    await c.endAsync();
    const found = await eventually(
      () => get('/api/metrics?q=hell%20te'),
      (x: Json) => x.items.length === 1,
      30_000,
      'the metric in the search',
    );
    expect(found.items).toEqual([expect.objectContaining({ unsPath: 'Secil/Portugal/Outao/Kiln/Shell Temp' })]);
  });

  it('POST without the token is 401 and the token appears in no answer', async () => {
    const r = await fetch(`${service?.httpUrl}/api/canary/dead-letters/1/drop`, { method: 'POST' });
    expect(r.status).toBe(401);
    for (const path of ['/api/pipeline', '/api/openapi.json', '/api/checks'])
      expect(JSON.stringify(await get(path))).not.toContain(TOKEN);
  });
});

describe('LOG_FILE in the running service', () => {
  it('gets the service log as JSON lines, one file per day (uns-meta.YYYY-MM-DD.N.log)', async () => {
    const files = await eventually(
      async () => readdirSync(logDir),
      (f: string[]) => f.some((n) => readFileSync(join(logDir, n), 'utf8').includes('"stage":"ingest"')),
      10_000,
      'a service log line in the file',
    );
    expect(files).toEqual([expect.stringMatching(/^uns-meta\.\d{4}-\d{2}-\d{2}\.1\.log$/)]);
    const lines = readFileSync(join(logDir, files[0] as string), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; stage?: string });
    expect(lines.length).toBeGreaterThan(3);
    expect(new Set(lines.map((l) => l.stage))).toContain('ingest');
  });
});
