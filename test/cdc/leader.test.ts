// CDC leadership: of two instances exactly one leads; when the leader's connection dies (its process
// killed), it learns so, and the other takes over within a poll interval.

import { afterAll, describe, expect, it } from 'vitest';
import { startLeadership, type Leadership } from '../../src/cdc/leader.js';
import { cloneDatabase } from '../support/database.js';
import { eventually } from '../support/live-service.js';

const running: Leadership[] = [];
afterAll(async () => {
  for (const l of running) await l.stop();
});

describe('CDC leadership', () => {
  it('one leader at a time; a killed leader is replaced within seconds', async () => {
    const db = await cloneDatabase('cdc_leader');
    const events: string[] = [];
    const start = (name: string) => {
      const l = startLeadership({ url: db.superUrl, pollMs: 200, onAcquired: () => events.push(`${name} leads`), onLost: () => events.push(`${name} lost`) });
      running.push(l);
      return l;
    };
    const a = start('a');
    await eventually(async () => a.isLeader(), (v) => v, 5_000, 'a leads');
    const b = start('b');
    await new Promise((r) => setTimeout(r, 700));
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);

    // The leader's server session ends as if its process had been killed.
    const holder = await db.pool.query<{ pid: number }>(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = $1)`, [db.name]);
    expect(holder.rows).toHaveLength(1);
    await db.pool.query('SELECT pg_terminate_backend($1)', [holder.rows[0]?.pid]);
    await eventually(async () => b.isLeader(), (v) => v, 5_000, 'b takes over');
    await eventually(async () => events.length, (n) => n === 3, 5_000, 'a learns it lost');
    expect(a.isLeader()).toBe(false);
    expect(events[0]).toBe('a leads');
    expect(events.slice(1).sort()).toEqual(['a lost', 'b leads']);
  });
});
