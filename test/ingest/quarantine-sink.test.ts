// The quarantine sink against a real database: a flood on one topic is one row per window with its
// count, payloads only for births, a bounded number of topics tracked, and nothing lost while the
// database refuses writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { QuarantineSink, type QuarantineStore } from '../../src/ingest/quarantine-sink.js';
import { createLogger } from '../../src/log.js';
import { registry } from '../../src/metrics.js';
import { addOccurrences, recordQuarantine } from '../../src/store/quarantine.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';

let db: TestDatabase;
let app: Pool;
const log = createLogger({ level: 'silent' });
const store = (): QuarantineStore => ({
  insert: (e) => recordQuarantine(app, e, 1024),
  addOccurrences: (r) => addOccurrences(app, r),
});
const rows = async (topic: string) =>
  (
    await db.pool.query<{ occurrences: number; payload: Buffer | null; last_seen: boolean }>(
      'SELECT occurrences, payload, last_seen_at IS NOT NULL AS last_seen FROM uns_meta_sync.quarantine WHERE topic = $1 ORDER BY quarantine_id',
      [topic],
    )
  ).rows;

beforeAll(async () => {
  db = await cloneDatabase('quarantine_sink');
  app = createPool(db.appUrl, { max: 2 });
});
afterAll(() => app.end());

describe('quarantine sink', () => {
  it('folds a flood on one topic into one row per window with the count; only births keep a payload', async () => {
    let now = 1_000_000;
    const sink = new QuarantineSink({ store, windowMs: 60_000, flushMs: 3_600_000, log, now: () => now });
    const junk = 'spBv1.0/Q/DDATA/Edge/Flood';
    const birth = 'spBv1.0/Q/DBIRTH/Edge/Bad';
    for (let i = 0; i < 5000; i++)
      sink.add({ topic: junk, code: 'payload_undecodable', message: 'not protobuf', payload: Buffer.from('x') });
    sink.add({ topic: birth, code: 'payload_undecodable', message: 'not protobuf', payload: Buffer.from('keep me') });
    await sink.flush();
    for (let i = 0; i < 2500; i++)
      sink.add({ topic: junk, code: 'payload_undecodable', message: 'not protobuf', payload: Buffer.from('x') });
    await sink.flush();
    expect(await rows(junk)).toEqual([{ occurrences: 7500, payload: null, last_seen: true }]);
    expect(await rows(birth)).toEqual([{ occurrences: 1, payload: Buffer.from('keep me'), last_seen: false }]);

    // The next window opens a new row; the ended one is no longer tracked.
    now += 60_000;
    await sink.flush();
    expect(sink.size).toBe(0);
    sink.add({ topic: junk, code: 'payload_undecodable', message: 'not protobuf', payload: null });
    await sink.stop();
    expect((await rows(junk)).map((r) => r.occurrences)).toEqual([7500, 1]);
  });

  it('tracks at most maxOpen topics at once; beyond that a message is only counted', async () => {
    const sink = new QuarantineSink({ store, windowMs: 60_000, flushMs: 3_600_000, maxOpen: 2, log });
    for (const t of ['a', 'b', 'c', 'd'])
      sink.add({ topic: `spBv1.0/Cap/DBIRTH/${t}`, code: 'topic_invalid', message: 'x', payload: null });
    await sink.stop();
    const stored = await db.pool.query(
      `SELECT topic FROM uns_meta_sync.quarantine WHERE topic LIKE 'spBv1.0/Cap/%' ORDER BY topic`,
    );
    expect(stored.rows.map((r) => r.topic)).toEqual(['spBv1.0/Cap/DBIRTH/a', 'spBv1.0/Cap/DBIRTH/b']);
    expect(await registry.metrics()).toMatch(/uns_metadata_sync_quarantine_dropped_total\{reason="topic_invalid"\} 2/);
  });

  it('keeps what it could not store and stores it, with every occurrence, once the database takes writes again', async () => {
    let down = true;
    const flaky = (): QuarantineStore => ({
      insert: (e) => (down ? Promise.reject(new Error('connection refused')) : store().insert(e)),
      addOccurrences: (r) => (down ? Promise.reject(new Error('connection refused')) : store().addOccurrences(r)),
    });
    const sink = new QuarantineSink({ store: flaky, windowMs: 60_000, flushMs: 3_600_000, log });
    const topic = 'spBv1.0/Q/NBIRTH/Outage';
    for (let i = 0; i < 10; i++) sink.add({ topic, code: 'payload_undecodable', message: 'x', payload: null });
    await sink.flush();
    for (let i = 0; i < 5; i++) sink.add({ topic, code: 'payload_undecodable', message: 'x', payload: null });
    down = false;
    await sink.flush();
    down = true;
    for (let i = 0; i < 3; i++) sink.add({ topic, code: 'payload_undecodable', message: 'x', payload: null });
    await sink.flush();
    down = false;
    await sink.stop();
    expect((await rows(topic)).map((r) => r.occurrences)).toEqual([18]);
  });
});
