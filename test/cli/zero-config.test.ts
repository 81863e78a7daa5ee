// A fresh machine: no DATABASE_URL, no PG* — commands bring up the embedded PostgreSQL 16 themselves.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import pg from 'pg';
import { runCli, fixture } from '../support/cli.js';
import { freePort } from '../../src/embedded/throwaway.js';
import { startEmbeddedPostgres } from '../../src/embedded/postgres.js';

let cwd: string;
let env: Record<string, string>;
beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'uns-meta-fresh-'));
  chmodSync(cwd, 0o755);
  env = { EMBEDDED_PG_PORT: String(await freePort()) };
});

describe('zero configuration', () => {
  it('ingest file works with nothing configured and db url points at a PostgreSQL 16 holding the rows', async () => {
    const r = await runCli(
      ['ingest', 'file', fixture('messages_spBv1.0_Secil_DBIRTH_Portugal_Cement.json'), '--json'],
      env,
      cwd,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ applied: 1, metrics: { created: 3 } });

    const url = await runCli(['db', 'url'], env, cwd);
    expect(url.code).toBe(0);
    expect(url.stdout.trim()).toBe(`postgres://uns_meta_app:****@127.0.0.1:${env.EMBEDDED_PG_PORT}/uns_metadata`);
    const full = (await runCli(['db', 'url', '--show-password'], env, cwd)).stdout.trim();
    expect(full).not.toContain('****');

    const status = await runCli(['migrate', 'status'], env, cwd);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/0001_uns_meta\tapplied/);

    const server = await startEmbeddedPostgres({
      dataDir: join(cwd, '.uns-meta', 'pg'),
      port: Number(env.EMBEDDED_PG_PORT),
    });
    try {
      const c = new pg.Client({ connectionString: full });
      await c.connect();
      const v = await c.query(
        `SELECT current_setting('server_version_num')::int AS v, current_setting('wal_level') AS w, (SELECT count(*)::int FROM uns_meta.metrics) AS n`,
      );
      await c.end();
      expect(v.rows[0]).toEqual({ v: expect.any(Number), w: 'logical', n: 3 });
      expect(v.rows[0].v).toBeGreaterThanOrEqual(160000);
      expect(v.rows[0].v).toBeLessThan(170000);
    } finally {
      await server.stop();
    }
  });
});
