// The birth cache on disk: newest birth per scope, survives a new process (re-read from disk), and
// never leaves a half-written entry.

import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BirthCache, sha256 } from '../../src/ingest/birth-cache.js';

describe('birth cache', () => {
  it('keeps the newest birth of each scope across instances and removes leftover temp files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cache-'));
    const a = new BirthCache(dir);
    const key = BirthCache.keyOf('G', 'E', 'D');
    const meta = { topic: 'spBv1.0/G/DBIRTH/E/D', timestamp: '1', seq: '0', receivedAt: new Date().toISOString() };
    await a.put(key, meta, Buffer.from('first'));
    await a.put(key, { ...meta, timestamp: '2' }, Buffer.from('second\nline'));
    writeFileSync(join(dir, `${key}.999.tmp`), 'half');
    const b = new BirthCache(dir);
    expect(b.keys()).toEqual([key]);
    const got = b.read(key);
    expect(got?.payload.toString()).toBe('second\nline');
    expect(got?.meta).toMatchObject({ timestamp: '2', sha256: sha256(Buffer.from('second\nline')), bytes: 11 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(BirthCache.keyOf('G', 'E', '')).not.toBe(key);
    // A header longer than one read (a long topic) is read whole at start-up.
    const longTopic = `spBv1.0/G/DBIRTH/E/${'x'.repeat(9000)}`;
    const k2 = BirthCache.keyOf('G', 'E', 'x'.repeat(9000));
    await b.put(k2, { ...meta, topic: longTopic }, Buffer.alloc(100_000, 7));
    expect(new BirthCache(dir).meta(k2)).toMatchObject({ topic: longTopic, bytes: 100_000 });
  });
});
