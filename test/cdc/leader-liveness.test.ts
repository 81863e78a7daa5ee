// Leadership follows liveness, with real processes frozen by SIGSTOP (their kernel still answers TCP, so
// only the server's session timeout and the leader's own lease can tell). A frozen leader loses the lock
// on the server within its session timeout and another instance takes over; woken, it is deposed before
// any of its timers can write. Then the same with two `uns-meta start` services, at production timings.

import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { startLeadership, type Leadership } from '../../src/cdc/leader.js';
import { startCanarySimulator } from '../../src/canary/simulator/server.js';
import { createPool } from '../../src/db.js';
import { applyBirth } from '../../src/store/birth-writer.js';
import { birth, metric, s } from '../support/births.js';
import { testBroker, uniqueGroup } from '../support/broker.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { scaledLeaderTimings } from '../support/leader-timings.js';
import { eventually } from '../support/live-service.js';
import { startServiceProcess } from '../support/service-process.js';
import { dropSlotWhenReleased } from '../support/slots.js';
import { startTsChild, type TsChild } from '../support/ts-child.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function lockHolders(db: TestDatabase): Promise<number[]> {
  const r = await db.pool.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
    [db.name],
  );
  return r.rows.map((x) => x.pid);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('CDC leadership follows liveness (SIGSTOP)', () => {
  // Production ÷ 5: heartbeat 1 s, lease 3 s, server session timeout 4 s, poll 0.4 s; failover bound 6 s.
  const T = scaledLeaderTimings(5);

  it('a frozen leader process loses the lock on the server within its session timeout, another takes over, and woken it steps down without a write', async () => {
    const db = await cloneDatabase('cdc_leader_sigstop');
    const a: TsChild = startTsChild('test/support/leader-process.ts', [db.appUrl, JSON.stringify(T)]);
    cleanups.push(() => a.kill());
    await a.waitForLine((l) => l.includes('"acquired"'), 30_000, 'the child to lead');
    const [frozenSession] = await lockHolders(db);
    const events: string[] = [];
    const b: Leadership = startLeadership({
      url: db.appUrl,
      ...T,
      onAcquired: () => events.push('b leads'),
      onLost: (r) => events.push(`b lost: ${r}`),
    });
    cleanups.push(() => b.stop());
    await sleep(2 * T.heartbeatMs);
    expect(b.isLeader()).toBe(false);

    a.freeze();
    const frozenAt = performance.now();
    await eventually(
      async () => b.isLeader(),
      (v) => v,
      T.failoverMs + 2_000,
      'b takes over from the frozen leader',
    );
    const tookMs = performance.now() - frozenAt;
    // The server ended the silent session (the frozen process's kernel still acknowledged TCP).
    expect((await db.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [frozenSession])).rowCount).toBe(0);
    expect(tookMs).toBeGreaterThan(T.sessionTimeoutMs - T.heartbeatMs - 200);
    expect(tookMs).toBeLessThan(T.failoverMs);

    await sleep(T.heartbeatMs);
    const wokeAt = a.lines.length; // every line before this was written before the freeze
    a.wake();
    await a.waitForLine((l) => l.includes('"lost"'), 5_000, 'the woken leader to step down', wokeAt);
    await sleep(2 * T.pollMs);
    const after = a.lines
      .slice(wokeAt)
      .map((l) => JSON.parse(l) as { event: string; writes?: boolean; reason?: string });
    // Its first round after waking, and every one after, held back: the lease had lapsed on its own clock.
    const rounds = after.filter((e) => e.event === 'round');
    expect(rounds.length).toBeGreaterThan(0);
    expect(rounds.filter((e) => e.writes)).toEqual([]);
    expect(after.find((e) => e.event === 'lost')?.reason).toMatch(
      /^lease lapsed: no successful heartbeat for \d+ ms \(lease 3000 ms\)$/,
    );
    expect(after.some((e) => e.event === 'acquired')).toBe(false);
    // Exactly one leader: b, with the only lock.
    expect(b.isLeader()).toBe(true);
    expect(await lockHolders(db)).toHaveLength(1);
    expect(events).toEqual(['b leads']);
  }, 60_000);
});

describe('two `uns-meta start` services: SIGSTOP the leader', () => {
  // Production timings throughout (the service's: heartbeat 5 s, lease 15 s, session timeout 20 s, poll
  // 2 s; the server's wal_sender_timeout 60 s). Required: a new leader within 30 s of the freeze, and a
  // stream within 60 s — which needs the new leader to end the frozen one's walsender (it would keep the
  // slot until wal_sender_timeout, 60 s after the freeze, and the retries come on top).
  const LEADS_WITHIN_MS = 30_000;
  const STREAMS_WITHIN_MS = 60_000;

  it('the other service leads within 30 s and streams; woken, the frozen one steps down and exactly one leads', async () => {
    const db = await cloneDatabase('cdc_leader_services');
    const app = createPool(db.appUrl, { max: 2 });
    cleanups.push(() => app.end());
    const broker = await testBroker();
    cleanups.push(() => broker.stop());
    const group = uniqueGroup('ll');
    const sim = await startCanarySimulator({ port: 0, datasets: [group] });
    cleanups.push(() => sim.stop());
    const slot = `t_liveness_${process.pid}`;
    const env = {
      DATABASE_URL: db.appUrl,
      PG_REPL_URL: db.urlAs('uns_meta_cdc'),
      MQTT_URL: broker.url,
      MQTT_GROUPS: group,
      CANARY_SAF_URL: sim.safUrl,
      CANARY_HISTORIANS: 'localhost',
      CDC_SLOT: slot,
      CDC_DEBOUNCE_SECONDS: '0',
      CDC_DEBOUNCE_MAX_SECONDS: '1',
    };
    const walsender = async () =>
      (
        await db.pool.query<{ pid: number | null }>(
          'SELECT active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1',
          [slot],
        )
      ).rows[0]?.pid ?? null;
    const topic = `spBv1.0/${group}/DBIRTH/Edge/Liveness`;
    const writeDoc = (doc: string, ts: bigint) =>
      applyBirth(app, birth(topic, [metric('Area/Tag', 'String', { doc: s(doc) })], { timestamp: ts }), {
        changedBy: 'test',
        renameByFingerprint: true,
        quarantinePayloadMaxBytes: 1024,
      });
    const inCanary = async () => Object.keys(sim.tags()).map((tag) => sim.latest(tag)?.doc);

    cleanups.push(() => dropSlotWhenReleased(db, slot)); // after both services are gone
    const a = await startServiceProcess({ ...env, MQTT_CLIENT_ID: `${group}-a`, MQTT_STATE_HOST_ID: `${group}-a` });
    cleanups.push(() => a.kill());
    await eventually(
      () => a.cdc(),
      (d) => d === 'leader; streaming',
      30_000,
      'a leads and streams',
    );
    await eventually(walsender, (pid) => pid !== null, 30_000, 'a streaming the slot');
    const b = await startServiceProcess({ ...env, MQTT_CLIENT_ID: `${group}-b`, MQTT_STATE_HOST_ID: `${group}-b` });
    cleanups.push(() => b.kill());
    await eventually(
      () => b.cdc(),
      (d) => d.startsWith('follower'),
      30_000,
      'b follows',
    );
    await writeDoc('one', 1n);
    await eventually(
      inCanary,
      (docs) => docs.length === 1 && docs[0] === 'one',
      30_000,
      'the first change in Canary (through a)',
    );

    const first = await walsender(); // a's, frozen with it
    expect(first).not.toBeNull();
    a.freeze();
    const frozenAt = Date.now();
    await eventually(
      () => b.cdc(),
      (d) => d.startsWith('leader'),
      LEADS_WITHIN_MS + 5_000,
      'b leads',
    );
    const ledMs = Date.now() - frozenAt;
    expect(ledMs).toBeLessThan(LEADS_WITHIN_MS);
    const second = await eventually(
      walsender,
      (pid) => pid !== null && pid !== first,
      STREAMS_WITHIN_MS,
      'b streaming the slot',
    );
    const streamedMs = Date.now() - frozenAt;
    expect(streamedMs).toBeLessThan(STREAMS_WITHIN_MS);
    await writeDoc('two', 2n);
    await eventually(
      inCanary,
      (docs) => docs.length === 1 && docs[0] === 'two',
      30_000,
      'the second change in Canary (through b)',
    );
    // Parity: Canary holds what the database holds.
    const stored = await app.query<{ value_string: string }>(
      `SELECT p.value_string FROM uns_meta.metric_properties p JOIN uns_meta.metrics m USING (metric_id) WHERE m.name = 'Area/Tag' AND p.key = 'doc'`,
    );
    expect(await inCanary()).toEqual(stored.rows.map((r) => r.value_string));

    const wokeAt = Date.now();
    a.wake();
    await eventually(
      () => a.cdc(),
      (d) => d.startsWith('follower'),
      10_000,
      'the woken service follows',
    );
    // The step-down line may reach stderr a moment after the state the API reports (seen under CI load).
    const lapsedLine = /"reason":"lease lapsed: no successful heartbeat for \d+ ms \(lease 15000 ms\)"/;
    await eventually(
      async () => a.stderr(),
      (e) => lapsedLine.test(e),
      5_000,
      'the step-down reason on stderr',
    );
    expect(a.stderr()).toMatch(lapsedLine);
    await sleep(3_000);
    expect([await a.cdc(), await b.cdc()]).toEqual([
      expect.stringMatching(/^follower; not streaming/),
      'leader; streaming',
    ]);
    expect(await lockHolders(db)).toHaveLength(1);
    expect(await walsender()).toBe(second); // the woken one did not stream again
    expect(await inCanary()).toEqual(['two']);
    console.log(
      `SIGSTOP of the leading service: the other led after ${ledMs} ms, streamed after ${streamedMs} ms; woken after ${wokeAt - frozenAt} ms, it stepped down`,
    );

    expect(await a.terminate()).toBe(0);
    expect(await b.terminate()).toBe(0);
  }, 300_000);
});
