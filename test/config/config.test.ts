import { readFileSync, writeFileSync, mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { configSchema, loadConfig, redactConfig, maskUrl } from '../../src/config.js';
import { AppError } from '../../src/errors.js';
import { packagePath } from '../../src/package-root.js';
import { runCli } from '../support/cli.js';

const noFile = { envFile: '/nonexistent/.env' };

describe('config', () => {
  it('defaults give a working zero-configuration setup', () => {
    const c = loadConfig({}, noFile);
    expect(c).toMatchObject({
      DB_MODE: 'local',
      PG_SCHEMA: 'uns_meta',
      CDC_DEBOUNCE_SECONDS: 180,
      CANARY_MAX_BATCH_TAGS: 100,
      HTTP_PORT: 8080,
    });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("PG_SCHEMA is checked, not used: any schema but the contract's is refused at start", () => {
    expect(loadConfig({ PG_SCHEMA: 'uns_meta' }, noFile).PG_SCHEMA).toBe('uns_meta');
    expect(() => loadConfig({ PG_SCHEMA: 'public' }, noFile)).toThrow(
      /PG_SCHEMA: the schema is fixed by the contract: uns_meta/,
    );
  });

  it('refuses a pool too small for the ingest concurrency, naming both settings', () => {
    expect(() => loadConfig({ DB_POOL_MAX: '5', INGEST_CONCURRENCY: '4' }, noFile)).toThrow(
      /DB_POOL_MAX: 5 is too small for INGEST_CONCURRENCY=4; it must be at least 6/,
    );
    expect(loadConfig({ DB_POOL_MAX: '6', INGEST_CONCURRENCY: '4' }, noFile).DB_POOL_MAX).toBe(6);
  });

  it('refuses a keepAlive not well inside the Canary session, and tag resolution without a Views URL', () => {
    expect(() =>
      loadConfig({ CANARY_KEEPALIVE_IDLE_SECONDS: '90', CANARY_SESSION_TIMEOUT_MS: '120000' }, noFile),
    ).toThrow(/CANARY_KEEPALIVE_IDLE_SECONDS: 90 s is not well inside CANARY_SESSION_TIMEOUT_MS=120000/);
    expect(loadConfig({ CANARY_KEEPALIVE_IDLE_SECONDS: '80' }, noFile).CANARY_KEEPALIVE_IDLE_SECONDS).toBe(80);
    expect(() =>
      loadConfig({ CANARY_RESOLVE_TAGS: 'on', CANARY_SAF_URL: 'https://canary:55293/api/v1' }, noFile),
    ).toThrow(/CANARY_RESOLVE_TAGS: .* set CANARY_VIEWS_URL too/);
    expect(loadConfig({ CANARY_RESOLVE_TAGS: 'on' }, noFile).CANARY_RESOLVE_TAGS).toBe(true); // the simulator has both APIs
  });

  it('reports every problem at once', () => {
    let err: AppError | undefined;
    try {
      loadConfig(
        { DB_MODE: 'remote', HTTP_PORT: 'eighty', MQTT_URL: 'http://broker', CANARY_MAX_BATCH_TAGS: '500' },
        noFile,
      );
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.code).toBe('config_invalid');
    const problems = err?.details.problems as string[];
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'CANARY_MAX_BATCH_TAGS',
      'DB_MODE',
      'HTTP_PORT',
      'MQTT_URL',
    ]);
  });

  it('never shows secrets', () => {
    const c = loadConfig(
      { DATABASE_URL: 'postgres://app:s3cret@db:5432/uns_metadata', PGPASSWORD: 'pw', CANARY_API_TOKEN: 'tok' },
      noFile,
    );
    const shown = JSON.stringify(redactConfig(c));
    expect(shown).not.toMatch(/s3cret|"pw"|tok"/);
    expect(maskUrl('postgres://app:s3cret@db/x')).toBe('postgres://app:****@db/x');
    // node-postgres takes the password from the query string as well.
    expect(maskUrl('postgres://app@db/uns?password=s3cret&sslmode=require')).toBe(
      'postgres://app@db/uns?password=****&sslmode=require',
    );
    expect(maskUrl('postgresql://app@db/uns?sslmode=verify-full&sslpassword=k3y')).toBe(
      'postgresql://app@db/uns?sslmode=verify-full&sslpassword=****',
    );
    expect(maskUrl('postgres://app@db/uns?options=-c%20statement_timeout%3D300')).toBe(
      'postgres://app@db/uns?options=-c%20statement_timeout%3D300',
    );
  });

  it('reads a .env file, lets the environment win, and warns when others can read it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'HTTP_PORT=9000\nLOG_LEVEL=debug\n');
    chmodSync(file, 0o644);
    const warnings: string[] = [];
    const c = loadConfig({ LOG_LEVEL: 'error' }, { envFile: file, warn: (m) => warnings.push(m) });
    expect(c.HTTP_PORT).toBe(9000);
    expect(c.LOG_LEVEL).toBe('error');
    expect(warnings[0]).toMatch(/chmod 600/);
  });

  it('.env.example lists exactly the variables of the schema', () => {
    const example = readFileSync(packagePath('.env.example'), 'utf8');
    const names = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();
    expect(names).toEqual(Object.keys(configSchema.shape).sort());
  });

  it('.env.example defaults are the schema defaults', () => {
    const example = readFileSync(packagePath('.env.example'), 'utf8');
    const values = Object.fromEntries([...example.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    const defaults = loadConfig({}, noFile) as Record<string, unknown>;
    for (const [k, v] of Object.entries(values)) {
      if (v === '' || k === 'MQTT_CLIENT_ID') continue;
      expect(String(defaults[k]), k).toBe(v);
    }
  });
});

describe('uns-meta db url', () => {
  it('masks a password given as a query parameter, as it masks one in the userinfo', async () => {
    const url = 'postgres://uns_meta_app@db.plant.local:5432/uns_metadata?password=s3cret&sslmode=verify-full';
    const masked = await runCli(['db', 'url'], { DATABASE_URL: url });
    expect(masked.code, masked.stderr).toBe(0);
    expect(masked.stdout.trim()).toBe(
      'postgres://uns_meta_app@db.plant.local:5432/uns_metadata?password=****&sslmode=verify-full',
    );
    expect((await runCli(['db', 'url', '--show-password'], { DATABASE_URL: url })).stdout.trim()).toBe(url);
  });
});
