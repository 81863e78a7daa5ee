// A service's HTTP server with the /api routes over a cloned database, seeded through the birth writer:
// two devices, 30 line sensors (pagination), a property change, a rename, a retirement, two quarantined
// births (one complete, one truncated), outbox rows and dead letters. Requests go through app.inject.

import { Registry } from 'prom-client';
import { createPool, type Pool } from '../../src/db.js';
import { applyIntake } from '../../src/ingest/apply.js';
import { intakeBirth } from '../../src/ingest/intake.js';
import { encodePayload } from '../../src/sparkplug/encoder.js';
import { applyBirth, type WriterOptions } from '../../src/store/birth-writer.js';
import type { ApiDeps } from '../../src/web/api/routes.js';
import { startHttp, type HttpServer } from '../../src/web/server.js';
import { b, birth, d, metric, s } from './births.js';
import { cloneDatabase, type TestDatabase } from './database.js';

export const TOKEN = 'api-admin-token';
export const DEV_A = 'spBv1.0/Secil/DBIRTH/Portugal/Maceira';
export const DEV_B = 'spBv1.0/Secil/DBIRTH/Spain/Alcala';
export const LIMITS = { maxPayloadBytes: 1_000_000, maxInflatedBytes: 10_000_000 };
const opts: WriterOptions = { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 100_000 };

/** A parsed JSON body, as loose as JSON.parse returns it: the tests assert its shape. */
export type Json = ReturnType<typeof JSON.parse>;

export interface ApiFixture {
  db: TestDatabase;
  pool: Pool;
  http: HttpServer;
  get(url: string): Promise<{ status: number; body: Json }>;
  post(url: string, token?: string): Promise<{ status: number; body: Json }>;
  stop(): Promise<void>;
}

const sensors = (n: number) =>
  Array.from({ length: n }, (_, k) =>
    metric(`Line/Sensor ${String(k).padStart(2, '0')}`, 'Double', { engUnit: s('bar') }, BigInt(100 + k)),
  );

export async function seed(pool: Pool): Promise<void> {
  const temp = (unit: string) => metric('Kiln/Temp', 'Float', { engUnit: s(unit), displayHigh: d(1800) }, 1n);
  const fan = (name: string) => metric(name, 'Boolean', { documentation: s('Fan running') }, 2n);
  const speed = metric('Mill/Speed', 'Int32', { engUnit: s('rpm') }, 3n);
  await applyBirth(
    pool,
    birth(DEV_A, [temp('C'), fan('Kiln/Fan'), speed, ...sensors(30)], { timestamp: 1000n, seq: 1n }),
    opts,
  );
  // Second birth: Temp's unit changes, Fan is renamed, Mill/Speed is no longer declared (retired).
  await applyBirth(
    pool,
    birth(DEV_A, [temp('°C'), fan('Kiln/Fan Main'), ...sensors(30)], { timestamp: 2000n, seq: 2n }),
    opts,
  );
  await applyBirth(
    pool,
    birth(DEV_B, [metric('Packer/Count', 'Int64', { engUnit: s('bags'), retain: b(true) }, 1n)], {
      timestamp: 1000n,
      seq: 1n,
    }),
    opts,
  );
}

/** A real protobuf birth refused for its size (complete payload kept) and one whose kept payload is truncated. */
export async function quarantineBirths(pool: Pool): Promise<void> {
  const payload = encodePayload({
    timestamp: 5000n,
    seq: 1n,
    metrics: [
      { name: 'Press/Force', datatype: 'Double', value: 1.5, properties: { engUnit: { type: 'String', value: 'kN' } } },
    ],
  });
  const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Outao';
  await applyIntake(pool, intakeBirth(topic, payload, 'protobuf', { ...LIMITS, maxPayloadBytes: 8 }), opts);
  await applyIntake(pool, intakeBirth(topic, payload, 'protobuf', { ...LIMITS, maxPayloadBytes: 8 }), {
    ...opts,
    quarantinePayloadMaxBytes: 4,
  });
}

export async function canaryRows(db: TestDatabase): Promise<void> {
  await db.pool.query(
    `INSERT INTO uns_meta_sync.canary_outbox (metric_id, canary_id, properties, idempotency_key)
     SELECT metric_id, canary_id, jsonb_build_object('engUnit', 'bar'), 'test:' || metric_id FROM uns_meta.metrics WHERE name LIKE 'Line/%' ORDER BY metric_id LIMIT 12`,
  );
  await db.pool.query(
    `INSERT INTO uns_meta_sync.canary_dead_letters (metric_id, canary_id, payload, reason, status_code, attempts)
     SELECT metric_id, canary_id, jsonb_build_object('engUnit', '°C'), 'rejected', 'BadTagId', 5 FROM uns_meta.metrics WHERE name IN ('Kiln/Temp', 'Packer/Count')`,
  );
}

export async function apiFixture(
  label: string,
  o: { adminToken?: string; pipeline?: (pool: Pool) => ApiDeps['pipeline'] } = { adminToken: TOKEN },
): Promise<ApiFixture> {
  const db = await cloneDatabase(label);
  const pool = createPool(db.appUrl, { max: 4 });
  const http = await startHttp({
    host: '127.0.0.1',
    port: 0,
    registry: new Registry(),
    readiness: async () => ({
      database: { ok: true, detail: 'test' },
      broker: { ok: false, detail: 'no broker in this test' },
    }),
    adminToken: o.adminToken,
    dbMode: { get: () => 'local', set: async () => undefined },
    api: { pool, pipeline: o.pipeline?.(pool) ?? {}, quarantine: { limits: LIMITS, writer: opts } },
  });
  const send = async (method: 'GET' | 'POST', url: string, token?: string) => {
    const r = await http.app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: r.statusCode, body: r.headers['content-type']?.toString().includes('json') ? r.json() : r.body };
  };
  return {
    db,
    pool,
    http,
    get: (url) => send('GET', url),
    post: (url, token) => send('POST', url, token),
    stop: async () => {
      await http.stop();
      await pool.end();
    },
  };
}

/** Follows nextCursor until the end; fails loudly on a cursor loop. */
export async function walk(f: ApiFixture, url: string): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 1000; n++) {
    const sep = url.includes('?') ? '&' : '?';
    const r = await f.get(cursor ? `${url}${sep}cursor=${encodeURIComponent(cursor)}` : url);
    if (r.status !== 200) throw new Error(`${url}: ${r.status} ${JSON.stringify(r.body)}`);
    items.push(...r.body.items);
    cursor = r.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error(`${url}: more than 1000 pages`);
}
