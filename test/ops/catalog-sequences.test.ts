// sequences.exhaustion and multixact.wraparound on a clone of the migrated database: a sequence moved
// near its maximum, an int column fed by a bigint sequence (the column's maximum is the limit), and
// multixacts made by two sessions sharing a row lock.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { checkRunner, type RunCheck } from '../support/ops-check.js';

let db: TestDatabase;
let pool: Pool;
let check: RunCheck;

beforeAll(async () => {
  db = await cloneDatabase('ops_catalog_sequences');
  pool = createPool(db.superUrl, { max: 2 });
  check = checkRunner(pool);
});

afterAll(async () => {
  await pool?.end();
});

describe('sequences.exhaustion', () => {
  it('OK on a fresh database, WARN at 80 % and CRIT at 95 % of a bigint sequence, naming it and its column', async () => {
    const fresh = await check('sequences.exhaustion');
    expect(fresh).toMatchObject({ status: 'OK', unit: 'percent' });
    expect(fresh.value).toBeLessThan(1);

    await pool.query("SELECT setval('uns_meta.metrics_metric_id_seq', 7378697629483820646)"); // 80 % of 2^63-1
    const warn = await check('sequences.exhaustion');
    expect(warn).toMatchObject({
      status: 'WARN',
      evidence: {
        fullest: {
          sequence: 'uns_meta.metrics_metric_id_seq',
          column: 'uns_meta.metrics.metric_id (bigint)',
          usedPercent: 80,
        },
      },
    });
    await pool.query("SELECT setval('uns_meta.metrics_metric_id_seq', 8762203435012037017)"); // 95 %
    expect((await check('sequences.exhaustion')).status).toBe('CRIT');
    await pool.query("SELECT setval('uns_meta.metrics_metric_id_seq', 1)");
  });

  it("measures an int column fed by a bigint sequence against the column's maximum", async () => {
    await pool.query('CREATE TABLE uns_meta_sync.narrow (id integer NOT NULL)');
    await pool.query('CREATE SEQUENCE uns_meta_sync.narrow_id_seq AS bigint OWNED BY uns_meta_sync.narrow.id');
    await pool.query("SELECT setval('uns_meta_sync.narrow_id_seq', 2000000000)"); // 93 % of 2^31-1
    try {
      expect(await check('sequences.exhaustion')).toMatchObject({
        status: 'CRIT',
        evidence: {
          fullest: {
            sequence: 'uns_meta_sync.narrow_id_seq',
            column: 'uns_meta_sync.narrow.id (integer)',
            maxValue: '2147483647',
          },
        },
      });
    } finally {
      await pool.query('DROP TABLE uns_meta_sync.narrow');
    }
  });
});

describe('multixact.wraparound', () => {
  it('grows with the multixacts two sessions sharing row locks create, and WARNs over a lowered threshold', async () => {
    const before = await check('multixact.wraparound');
    expect(before).toMatchObject({ status: 'OK', unit: 'multixacts' });
    await pool.query('CREATE TABLE public.shared_lock (id int PRIMARY KEY)');
    await pool.query('INSERT INTO public.shared_lock SELECT generate_series(1, 3)');
    const a = new pg.Client(db.superUrl);
    const b = new pg.Client(db.superUrl);
    await a.connect();
    await b.connect();
    try {
      for (const id of [1, 2, 3]) {
        await a.query('BEGIN');
        await b.query('BEGIN');
        await a.query('SELECT id FROM public.shared_lock WHERE id = $1 FOR SHARE', [id]);
        await b.query('SELECT id FROM public.shared_lock WHERE id = $1 FOR SHARE', [id]);
        await a.query('COMMIT');
        await b.query('COMMIT');
      }
    } finally {
      await a.end();
      await b.end();
    }
    const after = await check('multixact.wraparound', {
      OPS_MULTIXACT_WRAPAROUND_WARN: String(before.value),
    });
    expect(after.value).toBeGreaterThanOrEqual((before.value as number) + 3);
    expect(after).toMatchObject({ status: 'WARN', evidence: { database: db.name } });
  });
});
