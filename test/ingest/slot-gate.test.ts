// The live ingest's wait for the replication slot: open at once when the slot exists, and bounded when
// it does not (CDC cannot start, or no instance runs it): births then go on, the snapshot covers them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { SlotGate } from '../../src/ingest/slot-gate.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { dropSlotWhenReleased } from '../support/slots.js';

const slot = `t_gate_${process.pid}`;
const log = createLogger({ level: 'silent' });
let db: TestDatabase;

beforeAll(async () => {
  db = await cloneDatabase('slot_gate');
});
afterAll(async () => {
  if (db) await dropSlotWhenReleased(db, slot);
});

describe('SlotGate', () => {
  it('waits while the slot is missing, and opens when it appears', async () => {
    const gate = new SlotGate(db.pool, slot, log, 10_000, 50);
    let opened = false;
    const waiting = gate.wait().then(() => (opened = true));
    await new Promise((r) => setTimeout(r, 400));
    expect(opened).toBe(false);
    await db.pool.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [slot]);
    await waiting;
    expect(opened).toBe(true);
  });

  it('gives up after its bounded wait, once: a CDC problem never stops ingest', async () => {
    const gate = new SlotGate(db.pool, `${slot}_never`, log, 500, 50);
    const t0 = Date.now();
    await gate.wait();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
    const t1 = Date.now();
    await gate.wait();
    expect(Date.now() - t1).toBeLessThan(100);
  });
});
