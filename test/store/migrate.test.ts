import { cpSync, mkdtempSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import { connect } from '../../src/db.js';
import { migrateDown, migrateUp, migrationStatus, migrationsDir, loadMigrations } from '../../src/store/migrate.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await cloneDatabase('migrate');
});

async function tables(): Promise<string[]> {
  const r = await db.pool.query(
    `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema IN ('uns_meta','uns_meta_sync') ORDER BY 1`,
  );
  return r.rows.map((x) => x.t as string);
}

describe('migrate', () => {
  it('the template is fully migrated and every migration is recorded with its checksum', async () => {
    const client = await connect(db.superUrl);
    const status = await migrationStatus(client);
    await client.end();
    expect(status.map((s) => s.state)).toEqual(loadMigrations().map(() => 'applied'));
    expect(await tables()).toContain('uns_meta.metric_versions');
  });

  it('down to 0 and up again round-trips to the same schema', async () => {
    const before = await tables();
    const client = await connect(db.superUrl);
    const down = await migrateDown(client, { to: 0 });
    expect(down.steps.map((s) => s.version)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(await tables()).toEqual(['uns_meta_sync.schema_migrations']);
    const up = await migrateUp(client);
    expect(up.steps.map((s) => s.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    await client.end();
    expect(await tables()).toEqual(before);
    const pub = await db.pool.query(
      `SELECT tablename FROM pg_publication_tables WHERE pubname = 'uns_meta_pub' ORDER BY 1`,
    );
    expect(pub.rows.map((r) => r.tablename)).toEqual(['metric_properties', 'metrics']);
  });

  it('--dry-run and --to plan without changing anything', async () => {
    const client = await connect(db.superUrl);
    const plan = await migrateDown(client, { to: 1, dryRun: true });
    expect(plan.steps.map((s) => s.version)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    expect((await migrationStatus(client)).every((s) => s.state === 'applied')).toBe(true);
    await client.end();
  });

  it('refuses to run when an applied migration file was changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-'));
    cpSync(migrationsDir(), dir, { recursive: true });
    appendFileSync(join(dir, '0001_uns_meta.up.sql'), '\n-- edited after release\n');
    const client = await connect(db.superUrl);
    await expect(migrateUp(client, { dir })).rejects.toMatchObject({ code: 'migration_checksum_mismatch' });
    const status = await migrationStatus(client, dir);
    expect(status.find((s) => s.version === 1)?.state).toBe('changed');
    await client.end();
  });

  it('two concurrent runners apply each migration exactly once', async () => {
    const client = await connect(db.superUrl);
    await migrateDown(client, { to: 0 });
    await client.end();
    const [a, b] = await Promise.all([connect(db.superUrl), connect(db.superUrl)]);
    const [ra, rb] = await Promise.all([migrateUp(a), migrateUp(b)]);
    await Promise.all([a.end(), b.end()]);
    const applied = [...ra.steps, ...rb.steps].map((s) => s.version).sort((x, y) => x - y);
    expect(applied).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const ledger = await db.pool.query('SELECT count(*)::int AS n FROM uns_meta_sync.schema_migrations');
    expect(ledger.rows[0].n).toBe(12);
  });
});
