// The whole CDC → Canary path in the test process against a test database: CDC (its own slot), a looping
// writer and the Canary simulator over HTTP, plus the read-back parity check every Canary-path test
// ends with (the same comparison as `uns-meta canary verify`).

import { createPool, type Pool } from '../../src/db.js';
import { createLogger } from '../../src/log.js';
import type { CanaryClient } from '../../src/canary/client.js';
import { startCanarySimulator, type CanarySimulator } from '../../src/canary/simulator/server.js';
import type { CanaryWriter } from '../../src/canary/writer.js';
import { verifyParity } from '../../src/canary/verify.js';
import { parityDiffers, type ParityReport } from '../../src/canary/parity.js';
import { startCdc, type CdcDeps, type CdcStage } from '../../src/cdc/stream.js';
import type { TestDatabase } from './database.js';
import { testCanaryClient, testCanaryWriter } from './canary.js';
import { eventually } from './live-service.js';

export interface CanaryPath {
  app: Pool;
  sim: CanarySimulator;
  cdc: CdcStage | null;
  startCdc(over?: Partial<CdcDeps>): Promise<CdcStage>;
  stopCdc(): Promise<void>;
  /** DB ↔ Canary through the Views API. */
  parity(): Promise<ParityReport>;
  /** Waits until Canary equals the database (and at least `minTags` tags were compared). */
  untilParity(timeoutMs: number, minTags?: number): Promise<ParityReport>;
  stop(): Promise<void>;
}

export async function startCanaryPath(
  db: TestDatabase,
  o: { slot: string; replOptions?: string; cdc?: Partial<CdcDeps>; datasets?: string[] },
): Promise<CanaryPath> {
  const app = createPool(db.appUrl, { max: 6 });
  const sim = await startCanarySimulator({ port: 0, datasets: o.datasets ?? ['Secil'] });
  const client: CanaryClient = testCanaryClient(sim.safUrl, { clientId: `path-${o.slot}` });
  const log = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const writer: CanaryWriter = testCanaryWriter(app, client, { idleMs: 100, retryLaterMs: 500 }, true);
  const replUrl = withOptions(db.urlAs('uns_meta_cdc'), o.replOptions);
  const path: CanaryPath = {
    app,
    sim,
    cdc: null,
    startCdc: async (over = {}) => {
      const c = startCdc({
        pool: app,
        leaderUrl: db.appUrl,
        replUrl,
        slot: o.slot,
        publication: 'uns_meta_pub',
        debounceQuietMs: 200,
        debounceMaxMs: 1000,
        leaderPollMs: 200,
        log,
        ...o.cdc,
        ...over,
      });
      path.cdc = c;
      await eventually(
        async () => c.status().streaming,
        (v) => v,
        30_000,
        'CDC streaming',
      );
      return c;
    },
    stopCdc: async () => {
      await path.cdc?.stop();
      path.cdc = null;
    },
    parity: () => verifyParity(app, { url: sim.viewsUrl }, { prefix: '', datasets: {} }),
    untilParity: (timeoutMs, minTags = 1) =>
      eventually(
        () => path.parity(),
        (r) => !parityDiffers(r) && r.tags >= minTags,
        timeoutMs,
        'Canary to equal the database',
      ),
    stop: async () => {
      await writer.stop();
      await client.close();
      await path.cdc?.stop();
      await sim.stop();
      await app.end();
    },
  };
  return path;
}

/** A libpq `options` (e.g. `-c wal_sender_timeout=10s`) on a URL: per-connection server settings. */
export function withOptions(url: string, options?: string): string {
  if (!options) return url;
  const u = new URL(url);
  u.searchParams.set('options', options);
  return u.toString();
}
