// Retention of the service's own records, through the CLI on a real database: old quarantine records
// (by their last occurrence), check runs and retried/dropped dead letters go; recent ones and open dead
// letters stay.
import { beforeAll, describe, expect, it } from 'vitest';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { runCli } from '../support/cli.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await cloneDatabase('ops_retention');
  await db.pool.query(`
    INSERT INTO uns_meta_sync.quarantine (topic, error_code, message, received_at, last_seen_at) VALUES
      ('old', 'topic_invalid', 'x', now() - interval '40 days', NULL),
      ('old but seen lately', 'topic_invalid', 'x', now() - interval '40 days', now() - interval '2 days'),
      ('recent', 'topic_invalid', 'x', now() - interval '2 days', NULL);
    INSERT INTO uns_meta_sync.check_runs (check_id, cadence, status, started_at) VALUES
      ('db.size', 'daily', 'OK', now() - interval '31 days'), ('db.size', 'daily', 'OK', now() - interval '1 day');
    INSERT INTO uns_meta_sync.canary_dead_letters (payload, reason, failed_at, status) VALUES
      ('{}', 'old open', now() - interval '90 days', 'open'),
      ('{}', 'old dropped', now() - interval '90 days', 'dropped'),
      ('{}', 'old retried', now() - interval '90 days', 'retried'),
      ('{}', 'recent dropped', now() - interval '1 day', 'dropped');`);
});

describe('uns-meta ops retention', () => {
  it('deletes what is older than the retention and keeps the rest', async () => {
    const r = await runCli(['ops', 'retention', '--days', '30', '--json'], { DATABASE_URL: db.appUrl });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ days: 30, quarantine: 1, checkRuns: 1, deadLetters: 2 });
    const q = await db.pool.query('SELECT topic FROM uns_meta_sync.quarantine ORDER BY topic');
    expect(q.rows.map((x) => x.topic)).toEqual(['old but seen lately', 'recent']);
    const d = await db.pool.query('SELECT reason FROM uns_meta_sync.canary_dead_letters ORDER BY reason');
    expect(d.rows.map((x) => x.reason)).toEqual(['old open', 'recent dropped']);
    const c = await db.pool.query(
      `SELECT check_id FROM uns_meta_sync.check_runs WHERE started_at < now() - interval '30 days'`,
    );
    expect(c.rows).toEqual([]);
    // The action itself is on record like every maintenance action.
    const action = await db.pool.query(
      `SELECT status FROM uns_meta_sync.check_runs WHERE check_id = 'action.retention'`,
    );
    expect(action.rows.length).toBe(1);
  });

  it('refuses a retention below one day (usage, exit 2)', async () => {
    const r = await runCli(['ops', 'retention', '--days', '0'], { DATABASE_URL: db.appUrl });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--days must be an integer ≥ 1');
  });
});
