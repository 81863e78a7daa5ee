// CDC leadership: of two instances exactly one leads; a leader whose connection breaks learns it at
// once (and may lead again when nobody else does); when the leader's process dies, the other instance
// takes over within a poll interval.

import { afterAll, describe, expect, it } from 'vitest';
import { startLeadership, type Leadership } from '../../src/cdc/leader.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { eventually } from '../support/live-service.js';

const running: Leadership[] = [];
afterAll(async () => {
  for (const l of running) await l.stop();
});

function start(db: TestDatabase, name: string, events: string[]): Leadership {
  const l = startLeadership({ url: db.superUrl, pollMs: 200, onAcquired: () => events.push(`${name} leads`), onLost: () => events.push(`${name} lost`) });
  running.push(l);
  return l;
}

/** Ends the lock holder's server session, as a network cut or a killed process would. */
async function cutLeader(db: TestDatabase): Promise<void> {
  const holder = await db.pool.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
    [db.name],
  );
  expect(holder.rows).toHaveLength(1);
  await db.pool.query('SELECT pg_terminate_backend($1)', [holder.rows[0]?.pid]);
}

describe('CDC leadership', () => {
  it('one leader at a time; when its process dies the other takes over within seconds', async () => {
    const db = await cloneDatabase('cdc_leader');
    const events: string[] = [];
    const a = start(db, 'a', events);
    await eventually(async () => a.isLeader(), (v) => v, 5_000, 'a leads');
    const b = start(db, 'b', events);
    await new Promise((r) => setTimeout(r, 700));
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);

    await cutLeader(db);
    await a.stop(); // the process is gone: it will not try again
    await eventually(async () => b.isLeader(), (v) => v, 5_000, 'b takes over');
    // 'a lost' may come first when a's connection ends before a.stop(): the dead process would not see it.
    expect(events.filter((e) => e !== 'a lost')).toEqual(['a leads', 'b leads']);
  });

  it('a leader whose connection breaks is told so, and leads again when nobody else does', async () => {
    const db = await cloneDatabase('cdc_leader_cut');
    const events: string[] = [];
    const a = start(db, 'a', events);
    await eventually(async () => a.isLeader(), (v) => v, 5_000, 'a leads');
    await cutLeader(db);
    await eventually(async () => events, (e) => e.length === 3, 5_000, 'lost and regained');
    expect(events).toEqual(['a leads', 'a lost', 'a leads']);
  });
});
