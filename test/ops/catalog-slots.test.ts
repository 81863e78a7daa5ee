// cdc.slot_lag and slots.orphaned on a real PostgreSQL 16 (wal_level=logical) with real logical slots:
// an inactive slot holding the WAL of generated writes fires both (thresholds lowered through
// OPS_<ID>_WARN/_CRIT), "inactive since" is kept from history until it passes 1 h, a missing slot is
// CRIT only while CDC is enabled, and a slot with a consumer streaming from it is OK. Slot names are
// unique per file (the server is shared) and every slot is dropped by the test that made it.

import { LogicalReplicationService, TestDecodingPlugin } from 'pg-logical-replication';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { eventually } from '../support/live-service.js';
import { checkRunner, type RunCheck } from '../support/ops-check.js';
import { dropSlotWhenReleased } from '../support/slots.js';

let db: TestDatabase;
let pool: Pool;
let check: RunCheck;
const slotName = (tag: string) => `ops_catalog_${tag}_${process.pid}`;

beforeAll(async () => {
  db = await cloneDatabase('ops_catalog_slots');
  pool = createPool(db.superUrl, { max: 2 });
  check = checkRunner(pool);
});

afterAll(async () => {
  await pool?.end();
});

/** Real writes: devices and metrics rows, so the slot has WAL to hold back. */
async function generateWrites(n: number): Promise<void> {
  const d = await db.pool.query<{ device_id: bigint }>(
    `INSERT INTO uns_meta.devices (group_id, edge, device, uns_path) VALUES ('G', 'E', $1, $1) RETURNING device_id`,
    [`dev-${Date.now()}-${Math.random()}`],
  );
  await db.pool.query(
    `INSERT INTO uns_meta.metrics (device_id, name, uns_path, datatype) SELECT $1, 'm' || i, $2 || '/m' || i, 'Float' FROM generate_series(1, $3) i`,
    [d.rows[0]?.device_id, `path-${d.rows[0]?.device_id}`, n],
  );
}

async function withSlot(name: string, fn: () => Promise<void>): Promise<void> {
  await db.pool.query(`SELECT pg_create_logical_replication_slot($1, 'test_decoding')`, [name]);
  try {
    await fn();
  } finally {
    await dropSlotWhenReleased(db, name);
  }
}

describe('cdc.slot_lag', () => {
  it('an inactive slot holding WAL: WARN over the lowered threshold, CRIT over the lowered crit, CRIT once inactive > 1 h (kept from history)', async () => {
    const slot = slotName('lag');
    await withSlot(slot, async () => {
      await generateWrites(2000);
      const env = { CDC_SLOT: slot, OPS_CDC_SLOT_LAG_WARN: '1000' };
      const first = await check('cdc.slot_lag', env);
      expect(first).toMatchObject({ status: 'WARN', unit: 'bytes', warn: 1000, evidence: { slot, active: false } });
      expect(first.value).toBeGreaterThan(100_000);
      expect(first.evidence.findings).toEqual([
        expect.stringMatching(/GiB of WAL retained/),
        expect.stringMatching(/first seen inactive by this run/),
      ]);
      const since = first.evidence.inactiveSince as string;

      // The next run keeps the time it was first seen inactive; under 1 h that alone is not a finding.
      const second = await check('cdc.slot_lag', { CDC_SLOT: slot });
      expect(second).toMatchObject({ status: 'OK', evidence: { inactiveSince: since, findings: [] } });

      const crit = await check('cdc.slot_lag', {
        ...env,
        OPS_CDC_SLOT_LAG_CRIT: String(Math.floor((first.value as number) / 2)),
      });
      expect(crit.status).toBe('CRIT');

      const later = await check('cdc.slot_lag', { CDC_SLOT: slot }, () => new Date(Date.parse(since) + 2 * 3_600_000));
      expect(later).toMatchObject({
        status: 'CRIT',
        evidence: { inactiveSince: since, findings: [expect.stringMatching(/more than 1 h/)] },
      });
    });
  });

  it('a missing slot is CRIT while CDC is enabled and SKIP when it is not', async () => {
    const missing = slotName('missing');
    expect(await check('cdc.slot_lag', { CDC_SLOT: missing })).toMatchObject({
      status: 'CRIT',
      evidence: { walLevel: 'logical', findings: [expect.stringContaining('does not exist')] },
    });
    expect((await check('cdc.slot_lag', { CDC_SLOT: missing, CDC_ENABLED: 'false' })).status).toBe('SKIP');
  });

  it('a slot with a consumer streaming from it is OK', async () => {
    const slot = slotName('active');
    await withSlot(slot, async () => {
      await generateWrites(10);
      const service = new LogicalReplicationService(
        { connectionString: db.superUrl },
        { acknowledge: { auto: true, timeoutSeconds: 1 } },
      );
      service.on('error', () => undefined);
      const streaming = service.subscribe(new TestDecodingPlugin({}), slot).catch(() => undefined);
      try {
        await eventually(
          async () =>
            (await db.pool.query('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [slot])).rows[0]
              ?.active,
          (a) => a === true,
          10_000,
          'the slot to be active',
        );
        const r = await check('cdc.slot_lag', { CDC_SLOT: slot });
        expect(r).toMatchObject({
          status: 'OK',
          evidence: { active: true, inactiveSince: null, walStatus: 'reserved', findings: [] },
        });
        // The same slot is the service's, so slots.orphaned does not count it as an orphan.
        expect((await check('slots.orphaned', { CDC_SLOT: slot })).evidence.inactive).toEqual([]);
      } finally {
        await service.stop();
        await streaming;
      }
    });
  });
});

describe('slots.orphaned', () => {
  it('no slot in this database: OK', async () => {
    const r = await check('slots.orphaned');
    expect(r).toMatchObject({ status: 'OK', evidence: { inactive: [] } });
  });

  it("an inactive slot other than the service's is WARN and listed; WAL retained over the lowered crit is CRIT", async () => {
    const slot = slotName('orphan');
    await withSlot(slot, async () => {
      await generateWrites(2000);
      const r = await check('slots.orphaned');
      expect(r.status).toBe('WARN');
      expect(r.evidence.inactive).toEqual([
        expect.objectContaining({ slot, type: 'logical', database: db.name, active: false }),
      ]);
      expect(r.value).toBeGreaterThan(100_000);
      expect((await check('slots.orphaned', { OPS_SLOTS_ORPHANED_CRIT: '1000' })).status).toBe('CRIT');
      // Named as the service's slot it is cdc.slot_lag's business, not an orphan.
      expect((await check('slots.orphaned', { CDC_SLOT: slot })).status).toBe('OK');
    });
  });
});
