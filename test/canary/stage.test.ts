// The Canary stage as the service builds it from the config: without CANARY_SAF_URL it runs the bundled
// simulator and delivers the outbox to it; CANARY_DRY_RUN=on leaves every row in the outbox and sends
// nothing; readiness says which.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPool, type Pool } from '../../src/db.js';
import { createLogger } from '../../src/log.js';
import { startCanaryStage } from '../../src/canary/stage.js';
import { canaryStageSettings } from '../../src/cli/settings.js';
import { enqueue, outboxDepth } from '../../src/cdc/outbox.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { eventually } from '../support/live-service.js';

let db: TestDatabase;
let app: Pool;
const log = createLogger({ level: 'silent' });
const config = (env: Record<string, string>) =>
  loadConfig({ DATABASE_URL: 'postgres://unused/x', ...env }, { envFile: '/nonexistent' });
let n = 0;
const row = (tag: string) => ({
  metric_id: BigInt(++n),
  canary_id: tag,
  properties: { engUnit: 'bar' },
  first_lsn: '0/10',
  idempotency_key: `stage-${n}`,
});

beforeAll(async () => {
  db = await cloneDatabase('canary_stage');
  app = createPool(db.appUrl, { max: 4 });
});

afterAll(async () => {
  await app?.end();
});

beforeEach(async () => {
  await db.pool.query('TRUNCATE uns_meta_sync.canary_outbox');
});

describe('canary stage from the config', () => {
  it('runs the simulator when no CANARY_SAF_URL is set and delivers the outbox to it', async () => {
    const stage = await startCanaryStage(canaryStageSettings(config({})), app, log, () => true);
    try {
      expect(stage.simulator).not.toBeNull();
      expect(stage.readiness()).toEqual({
        ok: true,
        detail: expect.stringMatching(
          /^circuit closed; Canary simulator \(test double\) at http:\/\/127\.0\.0\.1:\d+\/api\/v1$/,
        ),
      });
      await enqueue(app, [row('Site.Area.Stage.T1')]);
      await eventually(
        () => outboxDepth(app),
        (d) => d === 0,
        10_000,
        'the outbox delivered',
      );
      expect(stage.simulator?.latest('Site.Area.Stage.T1')).toEqual({ engUnit: 'bar' });
    } finally {
      await stage.stop();
    }
  });

  it('CANARY_DRY_RUN=on sends nothing and keeps the rows', async () => {
    const stage = await startCanaryStage(canaryStageSettings(config({ CANARY_DRY_RUN: 'on' })), app, log, () => true);
    try {
      await enqueue(app, [row('Site.Area.Stage.T2')]);
      await new Promise((r) => setTimeout(r, 1_500)); // three writer idle periods
      expect(await outboxDepth(app)).toBe(1);
      expect(stage.simulator?.requests().filter((r) => r.path.endsWith('/storeData'))).toEqual([]);
      expect(stage.readiness().detail).toMatch(/^dry run, nothing sent;/);
    } finally {
      await stage.stop();
    }
  });
});
