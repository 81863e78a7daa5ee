// Removes a test's replication slot: the walsender lets go of it a moment after its connection closed,
// so wait for that, then drop it (slots are cluster-wide and would hold WAL for every other test).

import type { TestDatabase } from './database.js';
import { eventually } from './live-service.js';

export async function dropSlotWhenReleased(db: TestDatabase, slot: string): Promise<void> {
  const active = async () =>
    (await db.pool.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active', [slot])).rowCount;
  await eventually(active, (n) => n === 0, 10_000, `slot ${slot} to be released`);
  await db.pool.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [
    slot,
  ]);
}
