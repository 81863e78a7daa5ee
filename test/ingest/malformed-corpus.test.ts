// Every entry of the malformed corpus goes through intake and the store as the service does it: nothing
// throws, the specific quarantine code is recorded, and exactly the good metrics of the birth are stored.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { intakeBirth } from '../../src/ingest/intake.js';
import { applyIntake } from '../../src/ingest/apply.js';
import { encodePayload } from '../../src/sparkplug/payload.js';
import { storableText } from '../../src/store/quarantine.js';
import type { WriterOptions } from '../../src/store/birth-writer.js';
import { MAX_PROPERTY_KEY_BYTES, MAX_UNS_PATH_BYTES } from '../../src/store/metric-validity.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { CORPUS_LIMITS, malformedCorpus } from '../support/malformed-corpus.js';

const GROUP = 'Corpus';
const opts: WriterOptions = { changedBy: 'corpus', renameByFingerprint: true, quarantinePayloadMaxBytes: 4096 };
const corpus = malformedCorpus(GROUP);

let db: TestDatabase;
let app: Pool;
beforeAll(async () => {
  db = await cloneDatabase('malformed_corpus');
  app = createPool(db.appUrl, { max: 4 });
});
afterAll(() => app.end());

async function storedNames(topic: string): Promise<string[]> {
  const [, group, , edge = '', device = ''] = topic.split('/');
  const r = await db.pool.query<{ name: string }>(
    `SELECT m.name FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id)
     WHERE d.group_id = $1 AND d.edge = $2 AND d.device = $3 ORDER BY m.name`,
    [group, edge, storableText(device, Infinity)],
  );
  return r.rows.map((x) => x.name);
}

describe('malformed corpus', () => {
  it('has at least 200 entries, one topic each, covering every input-related quarantine code', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((e) => e.topic)).size).toBe(corpus.length);
    expect(new Set(corpus.map((e) => e.expect.code))).toEqual(
      new Set([
        'topic_invalid',
        'payload_too_large',
        'payload_undecodable',
        'device_path_invalid',
        'metric_undecodable',
        'metric_name_invalid',
        'metric_unnamed',
        'alias_invalid',
        'property_invalid',
        'duplicate_name',
        'uns_path_collision',
        'birth_failed',
        'datatype_invalid',
        'property_duplicate',
        'alias_duplicate',
      ]),
    );
  });

  it.for(corpus)('$name', async (entry) => {
    const intake = intakeBirth(entry.topic, entry.payload, 'protobuf', CORPUS_LIMITS);
    const outcome = await applyIntake(app, intake, opts);
    expect(outcome.status).toBe(entry.expect.whole ? 'quarantined' : 'applied');
    const q = await db.pool.query<{ error_code: string; message_chars: number; details_bytes: number }>(
      `SELECT error_code, length(message) AS message_chars, octet_length(details::text) AS details_bytes
       FROM uns_meta_sync.quarantine WHERE topic = $1`,
      [storableText(entry.topic, Infinity)],
    );
    expect(q.rows.length).toBeGreaterThan(0);
    expect(q.rows.map((r) => r.error_code)).toEqual(q.rows.map(() => entry.expect.code));
    // A multi-megabyte name is not copied whole into the message or the details.
    for (const r of q.rows) {
      expect(r.message_chars).toBeLessThan(4200);
      expect(r.details_bytes).toBeLessThan(16_384);
    }
    expect(await storedNames(entry.topic)).toEqual([...entry.expect.stored].sort());
  });
});

describe('limits are not too tight', () => {
  const topic = (device: string) => `spBv1.0/${GROUP}/DBIRTH/limits/${device}`;

  it('a payload of exactly maxPayloadBytes with a 3 MB property value is stored intact', async () => {
    const value = 'v'.repeat(3 * 1024 * 1024);
    const docs = { name: 'Docs', datatype: 'String', properties: { documentation: { type: 'String', value } } };
    let pad = 0;
    let payload: Buffer = Buffer.alloc(0);
    // The padding's length prefix grows with it: step until the size is exact.
    while (payload.length !== CORPUS_LIMITS.maxPayloadBytes) {
      payload = encodePayload({
        timestamp: 1n,
        metrics: [docs, { name: 'Pad', datatype: 'String', value: 'p'.repeat(pad) }],
      });
      pad += CORPUS_LIMITS.maxPayloadBytes - payload.length;
    }
    const out = await applyIntake(app, intakeBirth(topic('big-value'), payload, 'protobuf', CORPUS_LIMITS), opts);
    expect(out).toMatchObject({ status: 'applied', quarantined: 0, metrics: { created: 2 } });
    const r = await db.pool.query(
      `SELECT length(p.value_string) AS n FROM uns_meta.metric_properties p JOIN uns_meta.metrics m USING (metric_id)
       WHERE m.uns_path = $1 AND p.key = 'documentation'`,
      [`${GROUP}/limits/big-value/Docs`],
    );
    expect(r.rows).toEqual([{ n: value.length }]);
  });

  it(`a UNS path of exactly ${MAX_UNS_PATH_BYTES} bytes and a property key of ${MAX_PROPERTY_KEY_BYTES} bytes are stored`, async () => {
    const device = 'edge-of-limits';
    const prefix = `${GROUP}/limits/${device}/`;
    const name = `Area/${'é'.repeat((MAX_UNS_PATH_BYTES - prefix.length - 5) / 2)}`;
    expect(Buffer.byteLength(prefix + name)).toBe(MAX_UNS_PATH_BYTES);
    const key = 'k'.repeat(MAX_PROPERTY_KEY_BYTES);
    const payload = encodePayload({
      timestamp: 1n,
      metrics: [{ name, datatype: 'Int32', properties: { [key]: { type: 'Int32', value: 1 } } }],
    });
    const out = await applyIntake(app, intakeBirth(topic(device), payload, 'protobuf', CORPUS_LIMITS), opts);
    expect(out).toMatchObject({ status: 'applied', quarantined: 0, metrics: { created: 1 } });
    expect(await storedNames(topic(device))).toEqual([name]);
  });
});

describe('Sparkplug JSON input (captures)', () => {
  const topic = (device: string) => `spBv1.0/${GROUP}/DBIRTH/json/${device}`;
  const json = (doc: unknown) => Buffer.from(JSON.stringify(doc));
  const good = {
    name: 'Good',
    datatype: 3,
    properties: { keys: ['engUnit'], values: [{ type: 12, stringValue: 'bar' }] },
  };

  it.for([
    ['a lone surrogate in a name', 'metric_name_invalid', { name: 'Bad\ud800', datatype: 3 }],
    [
      'a lone surrogate in a property key',
      'property_invalid',
      { name: 'Bad', datatype: 3, properties: { keys: ['k\udc00'], values: [{ type: 3, intValue: 1 }] } },
    ],
    [
      'a lone surrogate in a property value',
      'property_invalid',
      { name: 'Bad', datatype: 3, properties: { keys: ['k'], values: [{ type: 12, stringValue: '\ud800x' }] } },
    ],
  ] as const)('%s is quarantined, the rest applies', async ([label, code, bad]) => {
    const device = label.replaceAll(' ', '-');
    const out = await applyIntake(
      app,
      intakeBirth(topic(device), json({ timestamp: 1, metrics: [good, bad] }), 'sparkplug-json', CORPUS_LIMITS),
      opts,
    );
    expect(out).toMatchObject({ status: 'applied', quarantined: 1 });
    const q = await db.pool.query('SELECT error_code FROM uns_meta_sync.quarantine WHERE topic = $1', [topic(device)]);
    expect(q.rows).toEqual([{ error_code: code }]);
    expect(await storedNames(topic(device))).toEqual(['Good']);
  });

  it('a negative (as uint64: beyond 2^63-1) timestamp is refused whole', async () => {
    const out = await applyIntake(
      app,
      intakeBirth(topic('negative-ts'), json({ timestamp: -1, metrics: [good] }), 'sparkplug-json', CORPUS_LIMITS),
      opts,
    );
    expect(out.status).toBe('quarantined');
    const q = await db.pool.query('SELECT error_code FROM uns_meta_sync.quarantine WHERE topic = $1', [
      topic('negative-ts'),
    ]);
    expect(q.rows).toEqual([{ error_code: 'payload_undecodable' }]);
  });
});
