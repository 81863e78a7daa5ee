// Preconditions of CDC, checked against real servers: the slot is created once (pgoutput, this
// database), and a wrong wal_level, a role without REPLICATION or an incomplete publication each stop
// it with a message that says what to change.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSlot } from '../../src/cdc/slot-setup.js';
import { startThrowawayPostgres } from '../../src/embedded/throwaway.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';

let db: TestDatabase;
const slot = `t_setup_${process.pid}`;

async function as<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  db = await cloneDatabase('cdc_slot_setup');
});
afterAll(async () => {
  await db.pool.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [
    slot,
  ]);
});

describe('ensureSlot', () => {
  it('creates a pgoutput slot for this database as uns_meta_cdc, once', async () => {
    const first = await as(db.urlAs('uns_meta_cdc'), (c) => ensureSlot(c, slot, 'uns_meta_pub'));
    expect(first).toEqual({ created: true, slot, publication: 'uns_meta_pub' });
    const again = await as(db.urlAs('uns_meta_cdc'), (c) => ensureSlot(c, slot, 'uns_meta_pub'));
    expect(again.created).toBe(false);
    const r = await db.pool.query('SELECT plugin, database, slot_type FROM pg_replication_slots WHERE slot_name = $1', [
      slot,
    ]);
    expect(r.rows).toEqual([{ plugin: 'pgoutput', database: db.name, slot_type: 'logical' }]);
  });

  it('refuses a role without REPLICATION and names the fix', async () => {
    await expect(as(db.urlAs('uns_meta_ro'), (c) => ensureSlot(c, `${slot}_ro`, 'uns_meta_pub'))).rejects.toThrow(
      /role uns_meta_ro lacks the REPLICATION attribute \(ALTER ROLE uns_meta_ro REPLICATION\)/,
    );
  });

  it('refuses a publication that does not cover both tables', async () => {
    await db.pool.query('CREATE PUBLICATION t_partial_pub FOR TABLE uns_meta.metric_properties');
    await expect(as(db.urlAs('uns_meta_cdc'), (c) => ensureSlot(c, `${slot}_p`, 't_partial_pub'))).rejects.toThrow(
      /does not publish uns_meta\.metrics; run `uns-meta migrate up`/,
    );
    await expect(as(db.urlAs('uns_meta_cdc'), (c) => ensureSlot(c, `${slot}_p`, 'no_such_pub'))).rejects.toThrow(
      /does not publish uns_meta\.metric_properties, uns_meta\.metrics/,
    );
  });

  it('refuses a server whose wal_level is not logical', async () => {
    const server = await startThrowawayPostgres({ extraFlags: ['-c', 'wal_level=replica'] });
    try {
      await expect(as(server.superUrl, (c) => ensureSlot(c, 'x', 'uns_meta_pub'))).rejects.toThrow(
        /wal_level is 'replica'; logical replication needs wal_level = logical/,
      );
    } finally {
      await server.stop();
    }
  });
});
