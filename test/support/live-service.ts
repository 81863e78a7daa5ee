// Runs the live ingest stage in the test process against a test database and broker, with a config
// built from explicit overrides (never the developer's environment).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestSettings } from '../../src/cli/settings.js';
import { loadConfig } from '../../src/config.js';
import { createPool, type Pool } from '../../src/db.js';
import { createLogger } from '../../src/log.js';
import { startIngest, type IngestService } from '../../src/ingest/service.js';

export interface LiveService {
  ingest: IngestService;
  pool: Pool;
  cacheDir: string;
  stop(): Promise<void>;
}

export async function startLiveService(
  databaseUrl: string,
  mqttUrl: string,
  env: Record<string, string> = {},
): Promise<LiveService> {
  const cacheDir = env.BIRTH_CACHE_DIR ?? mkdtempSync(join(tmpdir(), 'uns-meta-births-'));
  const clientId = `test-${Math.random().toString(16).slice(2, 10)}`;
  const config = loadConfig(
    // Each test service is a host of its own: its STATE topic is not shared with the other test files.
    {
      DATABASE_URL: databaseUrl,
      MQTT_URL: mqttUrl,
      BIRTH_CACHE_DIR: cacheDir,
      MQTT_CLIENT_ID: clientId,
      MQTT_STATE_HOST_ID: clientId,
      ...env,
    },
    { envFile: '/nonexistent' },
  );
  const pool = createPool(databaseUrl, { max: config.DB_POOL_MAX });
  const ingest = await startIngest({
    settings: ingestSettings(config),
    pool,
    mqttUrl,
    log: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  return {
    ingest,
    pool,
    cacheDir,
    stop: async () => {
      await ingest.stop();
      await pool.end();
      if (!env.BIRTH_CACHE_DIR) rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns true (or throws with the last value after `ms`). */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (v: T) => boolean,
  ms = 20_000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + ms;
  let last: T = await read();
  while (!check(last)) {
    if (Date.now() > until)
      throw new Error(
        `timed out waiting for ${what}; last value: ${JSON.stringify(last, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
      );
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}
