// CDC leadership: of two instances exactly one leads; a leader whose connection breaks learns it at
// once (and may lead again when nobody else does); when the leader's process dies, the other instance
// takes over within a poll interval. Liveness: a leader whose event loop stalls past its lease is
// deposed the moment it runs again, one cut off from the server steps down before another takes over,
// and a stall within the lease costs nothing. Timings: production ÷ 5 (ratios kept).

import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LEADER_TIMINGS,
  leaderTimings,
  startLeadership,
  type Leadership,
  type LeaderTimings,
} from '../../src/cdc/leader.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { eventually } from '../support/live-service.js';
import { scaledLeaderTimings } from '../support/leader-timings.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

const running: Leadership[] = [];
afterAll(async () => {
  for (const l of running) await l.stop();
});

function start(db: TestDatabase, name: string, events: string[]): Leadership {
  const l = startLeadership({
    url: db.superUrl,
    pollMs: 200,
    onAcquired: () => events.push(`${name} leads`),
    onLost: () => events.push(`${name} lost`),
  });
  running.push(l);
  return l;
}

/** Ends the lock holder's server session, as a network cut or a killed process would. */
async function cutLeader(db: TestDatabase): Promise<void> {
  const holders = await lockHolders(db);
  expect(holders).toHaveLength(1);
  await db.pool.query('SELECT pg_terminate_backend($1)', [holders[0]]);
}

async function lockHolders(db: TestDatabase): Promise<number[]> {
  const r = await db.pool.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
    [db.name],
  );
  return r.rows.map((x) => x.pid);
}

const T = scaledLeaderTimings(5);

interface Timed {
  events: Array<{ what: string; at: number; reason?: string }>;
  start(name: string, url: string): Leadership;
}

/** Leaderships with the scaled timings whose events carry the monotonic time they happened at. */
function timed(): Timed {
  const events: Timed['events'] = [];
  return {
    events,
    start: (name, url) => {
      const l = startLeadership({
        url,
        ...T,
        onAcquired: () => events.push({ what: `${name} leads`, at: performance.now() }),
        onLost: (reason) => events.push({ what: `${name} lost`, at: performance.now(), reason }),
      });
      running.push(l);
      return l;
    },
  };
}

/** Blocks this process's event loop, as a long GC pause or a frozen VM does (timers and sockets wait). */
function stall(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('CDC leadership', () => {
  it('one leader at a time; when its process dies the other takes over within seconds', async () => {
    const db = await cloneDatabase('cdc_leader');
    const events: string[] = [];
    const a = start(db, 'a', events);
    await eventually(
      async () => a.isLeader(),
      (v) => v,
      5_000,
      'a leads',
    );
    const b = start(db, 'b', events);
    await new Promise((r) => setTimeout(r, 700));
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);

    await cutLeader(db);
    await a.stop(); // the process is gone: it will not try again
    await eventually(
      async () => b.isLeader(),
      (v) => v,
      5_000,
      'b takes over',
    );
    // 'a lost' may come first when a's connection ends before a.stop(): the dead process would not see it.
    expect(events.filter((e) => e !== 'a lost')).toEqual(['a leads', 'b leads']);
  });

  it('a leader whose connection breaks is told so, and leads again when nobody else does', async () => {
    const db = await cloneDatabase('cdc_leader_cut');
    const events: string[] = [];
    const a = start(db, 'a', events);
    await eventually(
      async () => a.isLeader(),
      (v) => v,
      5_000,
      'a leads',
    );
    await cutLeader(db);
    await eventually(
      async () => events,
      (e) => e.length === 3,
      5_000,
      'lost and regained',
    );
    expect(events).toEqual(['a leads', 'a lost', 'a leads']);
  });

  it('timings: production defaults, overridable, and refused when a frozen leader could outlive its lock', () => {
    expect(leaderTimings()).toEqual({
      pollMs: 2_000,
      heartbeatMs: 5_000,
      heartbeatTimeoutMs: 5_000,
      leaseMs: 15_000,
      sessionTimeoutMs: 20_000,
    });
    // Failover bound of the spec: the server ends a silent session, a follower polls, all within 30 s.
    expect(LEADER_TIMINGS.sessionTimeoutMs + LEADER_TIMINGS.pollMs).toBeLessThan(30_000);
    const bad: Array<[Partial<LeaderTimings>, RegExp]> = [
      [{ leaseMs: 20_000 }, /leaseMs \(20000\) must be shorter than sessionTimeoutMs \(20000\)/],
      [
        { heartbeatMs: 8_000, heartbeatTimeoutMs: 8_000 },
        /heartbeatMs \+ heartbeatTimeoutMs \(16000\) must not exceed leaseMs \(15000\)/,
      ],
      [{ pollMs: 0 }, /pollMs must be a positive number/],
    ];
    for (const [t, message] of bad) expect(() => leaderTimings(t), JSON.stringify(t)).toThrow(message);
    expect(() =>
      startLeadership({
        url: 'postgres://unused',
        leaseMs: 25_000,
        onAcquired: () => undefined,
        onLost: () => undefined,
      }),
    ).toThrow(/sessionTimeoutMs/);
  });

  it('a leader whose process stalls longer than its lease is deposed the moment it runs again; the other takes over', async () => {
    const db = await cloneDatabase('cdc_leader_stall');
    const t = timed();
    const a = t.start('a', db.appUrl);
    await eventually(
      async () => a.isLeader(),
      (v) => v,
      5_000,
      'a leads',
    );
    const b = t.start('b', db.appUrl);
    await new Promise((r) => setTimeout(r, 2 * T.heartbeatMs));
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);

    // Longer than the lease, shorter than the server's session timeout: only the local lease can tell.
    stall(T.leaseMs + 300);
    const woke = performance.now();
    expect(a.isLeader()).toBe(false); // synchronously: no timer, no socket event has run yet
    expect(t.events.map((e) => e.what)).toEqual(['a leads']);
    await eventually(
      async () => b.isLeader(),
      (v) => v,
      T.failoverMs,
      `b takes over (${JSON.stringify(t.events)}, holders ${JSON.stringify(await lockHolders(db))})`,
    );
    const lost = t.events.find((e) => e.what === 'a lost');
    const led = t.events.find((e) => e.what === 'b leads');
    expect(lost?.reason).toMatch(/^lease lapsed: no successful heartbeat for \d+ ms \(lease 3000 ms\)$/);
    expect(lost!.at - woke).toBeLessThan(50); // onLost came with the first turn of the event loop
    expect(lost!.at).toBeLessThan(led!.at);
    // a let go of its lock session at once, so b did not have to wait for the server's timeout.
    expect(led!.at - woke).toBeLessThan(T.sessionTimeoutMs - T.leaseMs + T.pollMs);
    await new Promise((r) => setTimeout(r, 2 * T.pollMs));
    expect([a.isLeader(), b.isLeader()]).toEqual([false, true]);
    expect(await lockHolders(db)).toHaveLength(1);
  });

  it('a stall shorter than the lease margin keeps the lead: no step-down, no flapping', async () => {
    const db = await cloneDatabase('cdc_leader_short_stall');
    const t = timed();
    const a = t.start('a', db.appUrl);
    await eventually(
      async () => a.isLeader(),
      (v) => v,
      5_000,
      'a leads',
    );
    // The last heartbeat was sent at most heartbeatMs (+ its round trip) ago; lease - heartbeat is left.
    stall(T.leaseMs - T.heartbeatMs - 500);
    expect(a.isLeader()).toBe(true);
    await new Promise((r) => setTimeout(r, T.leaseMs + T.heartbeatMs));
    expect(a.isLeader()).toBe(true);
    expect(t.events.map((e) => e.what)).toEqual(['a leads']);
  });

  it('a leader cut off from the server steps down before another instance can take over, which it does within the failover bound', async () => {
    const db = await cloneDatabase('cdc_leader_partition');
    const proxy = await startTcpProxy(db.appUrl);
    const t = timed();
    const a = t.start('a', proxy.url);
    await eventually(
      async () => a.isLeader(),
      (v) => v,
      5_000,
      'a leads',
    );
    t.start('b', db.appUrl);
    await new Promise((r) => setTimeout(r, T.heartbeatMs));

    proxy.cut();
    const cutAt = performance.now();
    await eventually(
      async () => t.events.some((e) => e.what === 'b leads'),
      (v) => v,
      T.failoverMs + 2_000,
      'b takes over',
    );
    const lost = t.events.find((e) => e.what === 'a lost');
    const led = t.events.find((e) => e.what === 'b leads');
    expect(lost?.reason).toMatch(/heartbeat failed: Query read timeout|lease lapsed/);
    // Never two leaders: a gave up on its own clock before the server freed the lock for b.
    expect(lost!.at).toBeLessThan(led!.at);
    expect(lost!.at - cutAt).toBeLessThanOrEqual(T.leaseMs + 100);
    expect(led!.at - cutAt).toBeLessThan(T.failoverMs);
    expect(a.isLeader()).toBe(false);
    await proxy.stop();
  });
});
