// Start-up orderings of CDC: metrics written before the slot existed, the slot dropped while data
// changes and the service restarted, a snapshot interrupted before it finished — each time Canary ends
// equal to the database (read back through the Views API). And two metrics on one Canary tag: the
// first keeps it, the other is a conflict and never written into it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBirth } from '../../src/store/birth-writer.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { birth, d, i, metric, s } from '../support/births.js';
import { dropSlotWhenReleased } from '../support/slots.js';
import { startCanaryPath, type CanaryPath } from '../support/canary-path.js';
import { recordSnapshotDue } from '../../src/cdc/snapshot.js';
import { checkRunner } from '../support/ops-check.js';

const slot = `t_snapshot_${process.pid}`;
const TOPIC = 'spBv1.0/Secil/DBIRTH/Portugal/Cement';
const opts = { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 1024 };
let db: TestDatabase;
let path: CanaryPath;

beforeAll(async () => {
  db = await cloneDatabase('cdc_snapshot');
  path = await startCanaryPath(db, { slot });
});

afterAll(async () => {
  await path?.stop();
  if (db) await dropSlotWhenReleased(db, slot);
});

const snapshots = async () =>
  (
    await db.pool.query<{ reason: string; metrics: number; finished: boolean }>(
      'SELECT reason, metrics, finished_at IS NOT NULL AS finished FROM uns_meta_sync.cdc_snapshots WHERE slot_name = $1 ORDER BY snapshot_id',
      [slot],
    )
  ).rows;

const kiln = (engHigh: number, extra: Record<string, ReturnType<typeof s>> = {}) =>
  metric('Kiln/Temp', 'Float', { engUnit: s('°C'), engHigh: d(engHigh), ...extra });

describe('initial snapshot', () => {
  it('sends what was written before the slot existed', async () => {
    await applyBirth(
      path.app,
      birth(
        TOPIC,
        [
          kiln(1450),
          metric('Kiln/Speed', 'Double', { engUnit: s('rpm'), decimals: i(1) }),
          metric('Fan/Power', 'Float', { engUnit: s('kW') }),
        ],
        { timestamp: 1000n },
      ),
      opts,
    );
    await path.startCdc();
    const report = await path.untilParity(20_000, 3);
    expect(report.inParity).toBe(3);
    expect(await snapshots()).toEqual([{ reason: 'slot_missing', metrics: 3, finished: true }]);
    expect(path.cdc?.status().snapshot).toMatchObject({ reason: 'slot_missing', metrics: 3 });
  });

  it('a slot dropped while data changes: the restart snapshots again and Canary catches up', async () => {
    await path.stopCdc();
    await applyBirth(
      path.app,
      birth(
        TOPIC,
        [
          kiln(1500, { description: s('inlet') }),
          metric('Kiln/Speed', 'Double', { engUnit: s('rpm') }),
          metric('Fan/Power', 'Float', { engUnit: s('kW') }),
        ],
        { timestamp: 2000n },
      ),
      opts,
    );
    await dropSlotWhenReleased(db, slot);
    await applyBirth(
      path.app,
      birth(
        TOPIC,
        [
          kiln(1550, { description: s('inlet') }),
          metric('Kiln/Speed', 'Double', { engUnit: s('rpm') }),
          metric('Fan/Power', 'Float', { engUnit: s('MW') }),
        ],
        { timestamp: 3000n },
      ),
      opts,
    );
    await path.startCdc();
    const report = await path.untilParity(20_000, 3);
    expect(report.inParity).toBe(3);
    expect((await snapshots()).map((x) => x.reason)).toEqual(['slot_missing', 'slot_missing']);
    // Streaming resumed after the snapshot: a later change arrives too.
    await applyBirth(
      path.app,
      birth(
        TOPIC,
        [
          kiln(1600, { description: s('inlet') }),
          metric('Kiln/Speed', 'Double', { engUnit: s('rpm') }),
          metric('Fan/Power', 'Float', { engUnit: s('MW') }),
        ],
        { timestamp: 4000n },
      ),
      opts,
    );
    await path.untilParity(20_000, 3).then((r) => expect(r.differing).toEqual([]));
    const temp = await path.parity();
    expect(temp.inParity).toBe(3);
  });

  it('a snapshot interrupted before it finished is taken at the next start', async () => {
    await path.stopCdc();
    // As if the process died after creating the slot: the record is there, unfinished.
    await recordSnapshotDue(db.pool, slot, 'slot_missing');
    const stores = () => path.sim.requests().filter((r) => r.path === '/api/v1/storeData').length;
    const before = stores();
    await path.startCdc();
    const { eventually } = await import('../support/live-service.js');
    await eventually(
      async () => stores(),
      (n) => n > before,
      20_000,
      'the snapshot to be sent',
    );
    await path.untilParity(20_000, 3);
    expect(await snapshots()).toHaveLength(3);
    expect((await snapshots()).every((x) => x.finished)).toBe(true);
  });
});

describe('Canary id collisions', () => {
  it('two paths on one tag: the first holder keeps it, the other is a conflict and never sent', async () => {
    const DEV = 'spBv1.0/Secil/DBIRTH/Portugal/Mill';
    await applyBirth(
      path.app,
      birth(DEV, [metric('Motor.Speed', 'Float', { engUnit: s('rpm'), decimals: i(1) })], { timestamp: 1000n }),
      opts,
    );
    const first = await path.untilParity(20_000, 4);
    expect(first.inParity).toBe(4);
    await applyBirth(
      path.app,
      birth(
        DEV,
        [
          metric('Motor.Speed', 'Float', { engUnit: s('rpm'), decimals: i(1) }),
          metric('Motor/Speed', 'Float', { engUnit: s('Hz'), engHigh: d(50) }),
        ],
        { timestamp: 2000n },
      ),
      opts,
    );
    const conflicts = async () =>
      (
        await db.pool.query<{ name: string; owner: string; canary_id: string }>(
          `SELECT m.name, o.name AS owner, c.canary_id FROM uns_meta_sync.canary_conflicts c
         JOIN uns_meta.metrics m ON m.metric_id = c.metric_id JOIN uns_meta.metrics o ON o.metric_id = c.owner_metric_id`,
        )
      ).rows;
    const { eventually } = await import('../support/live-service.js');
    expect(await eventually(conflicts, (r) => r.length === 1, 20_000, 'the conflict')).toEqual([
      { name: 'Motor/Speed', owner: 'Motor.Speed', canary_id: 'Secil.Portugal.Mill.Motor.Speed' },
    ]);
    // The tag carries exactly the first metric's properties.
    await new Promise((r) => setTimeout(r, 1_500));
    const tag = path.sim.latest('Secil.Portugal.Mill.Motor.Speed');
    expect(tag).toEqual({ engUnit: 'rpm', decimals: 1 });
    // Ops reports it until resolved.
    const check = await checkRunner(db.pool)('canary.conflicts');
    expect(check).toMatchObject({ status: 'WARN', value: 1 });
    expect(check.evidence).toMatchObject({
      conflicts: [
        {
          tag: 'Secil.Portugal.Mill.Motor.Speed',
          notSent: 'Secil/Portugal/Mill/Motor/Speed',
          owner: 'Secil/Portugal/Mill/Motor.Speed',
        },
      ],
    });
  });

  it('the owner retired: the other metric takes the tag over with its whole state, and the conflict ends', async () => {
    const DEV = 'spBv1.0/Secil/DBIRTH/Portugal/Mill';
    await applyBirth(
      path.app,
      birth(DEV, [metric('Motor/Speed', 'Float', { engUnit: s('Hz'), engHigh: d(50) })], { timestamp: 3000n }),
      opts,
    );
    const { eventually } = await import('../support/live-service.js');
    await eventually(
      async () => path.sim.latest('Secil.Portugal.Mill.Motor.Speed'),
      (t) => t?.engUnit === 'Hz' && t.engHigh === 50,
      20_000,
      'the new owner in Canary',
    );
    // The old owner's key the new one lacks is removed from the tag, not left behind.
    expect(path.sim.latest('Secil.Portugal.Mill.Motor.Speed')).toEqual({ engUnit: 'Hz', engHigh: 50, decimals: '' });
    expect((await checkRunner(db.pool)('canary.conflicts')).status).toBe('OK');
    expect((await path.untilParity(20_000)).missingTags).toEqual([]);
  });
});
