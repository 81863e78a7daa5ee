// Leadership of the CDC stream: exactly one instance consumes the slot, and the lead follows liveness.
// The leader holds a session advisory lock on a connection the SERVER ends once it stops heartbeating
// (idle_session_timeout), and trusts its lead only for a local lease on the monotonic clock that is
// shorter than that timeout. It does not fence writes itself: callers ask isLeader() right before each.

import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { AppError } from '../errors.js';

const LOCK_KEY = 'uns-meta:cdc-leader';
const ACQUIRE = 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got';
// A heartbeat that also proves the lock is still this session's (nobody can take it from a live session).
const HEARTBEAT = `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()) AS held`;
const SESSION_SETTINGS = `SELECT set_config('idle_session_timeout', $1, false), set_config('tcp_keepalives_idle', $2, false),
  set_config('tcp_keepalives_interval', $2, false), set_config('tcp_keepalives_count', '3', false), set_config('tcp_user_timeout', $1, false)`;

/**
 * Production timings. What matters is their order: heartbeat + its timeout ≤ lease < server timeout, and
 * server timeout + poll well inside the 30 s in which a hung leader must be replaced.
 */
export const LEADER_TIMINGS = {
  /** A follower tries to take the lock this often. */
  pollMs: 2_000,
  /** The leader proves it is alive (and still holds the lock) this often. */
  heartbeatMs: 5_000,
  /** A heartbeat not answered within this fails, and the lead with it. */
  heartbeatTimeoutMs: 5_000,
  /** The leader trusts its lead this long after the last successful heartbeat was SENT (monotonic clock). */
  leaseMs: 15_000,
  /** The server ends the lock session (and releases the lock) after this long without a heartbeat. */
  sessionTimeoutMs: 20_000,
} as const;

export type LeaderTimings = { -readonly [K in keyof typeof LEADER_TIMINGS]: number };

export interface Leadership {
  /** True only while the lease runs: false at once (synchronously) after a freeze longer than the lease. */
  isLeader(): boolean;
  stop(): Promise<void>;
}

export interface LeaderOptions extends Partial<LeaderTimings> {
  url: string;
  onAcquired(): void;
  /** The lead is gone (lease lapsed, heartbeat failed, connection closed): stop writing at once. */
  onLost(reason: string): void;
}

/** The timings with production defaults, refused when their order would let two leaders overlap. */
export function leaderTimings(o: Partial<LeaderTimings> = {}): LeaderTimings {
  const t: LeaderTimings = { ...LEADER_TIMINGS };
  for (const k of Object.keys(LEADER_TIMINGS) as Array<keyof LeaderTimings>) if (o[k] !== undefined) t[k] = o[k];
  const problems: string[] = [];
  for (const [k, v] of Object.entries(t))
    if (!Number.isFinite(v) || v <= 0) problems.push(`${k} must be a positive number of ms (got ${v})`);
  if (t.heartbeatMs + t.heartbeatTimeoutMs > t.leaseMs)
    problems.push(
      `heartbeatMs + heartbeatTimeoutMs (${t.heartbeatMs + t.heartbeatTimeoutMs}) must not exceed leaseMs (${t.leaseMs})`,
    );
  if (t.leaseMs >= t.sessionTimeoutMs)
    problems.push(
      `leaseMs (${t.leaseMs}) must be shorter than sessionTimeoutMs (${t.sessionTimeoutMs}), or a frozen leader could wake up still trusting a lock the server gave away`,
    );
  if (problems.length)
    throw new AppError('config_invalid', `CDC leader timings: ${problems.join('; ')}`, { details: { timings: t } });
  return t;
}

export function startLeadership(o: LeaderOptions): Leadership {
  const t = leaderTimings(o);
  let client: pg.Client | null = null;
  let leader = false;
  let stopped = false;
  /** Monotonic time at which the last successful lock check was sent: the server saw us alive after it. */
  let leaseFrom = 0;
  let loop: NodeJS.Timeout | null = null;
  let leaseTimer: NodeJS.Timeout | null = null;
  /** Delay before the next round of the loop: a heartbeat, a poll, or a deposed leader's wait. */
  let delay = 0;

  const leaseLeft = () => leaseFrom + t.leaseMs - performance.now();
  const lapsed = () =>
    `lease lapsed: no successful heartbeat for ${Math.round(performance.now() - leaseFrom)} ms (lease ${t.leaseMs} ms)`;

  /** Closes the socket without a goodbye: never blocks, and a live server releases the lock at once. */
  const drop = (c: pg.Client) => {
    if (client === c) client = null;
    c.connection.stream.destroy();
  };

  /** Next round of the loop in `ms` (a round under way schedules the next one itself when it ends). */
  const reschedule = (ms: number) => {
    delay = ms;
    if (loop && !stopped) {
      clearTimeout(loop);
      loop = setTimeout(() => void tick(), ms);
    }
  };

  const stepDown = (reason: string) => {
    if (!leader) return;
    leader = false;
    if (leaseTimer) clearTimeout(leaseTimer);
    leaseTimer = null;
    // Whatever this session may still hold goes with it; the next poll starts a fresh one.
    if (client) drop(client);
    // Whatever failed first, a leader that stalled past its lease says so, and leaves the next turn to
    // healthy instances for one server timeout (a process with long GC pauses must not flap back).
    const stalled = leaseLeft() <= 0;
    reschedule(stalled ? t.sessionTimeoutMs : t.pollMs);
    o.onLost(stalled ? lapsed() : reason);
  };
  const lapse = () => stepDown('lease lapsed');

  const renew = (sentAt: number) => {
    leaseFrom = sentAt;
    if (leaseTimer) clearTimeout(leaseTimer);
    leaseTimer = setTimeout(checkLease, Math.max(0, leaseLeft()) + 1);
  };
  const checkLease = () => {
    leaseTimer = null;
    if (!leader) return;
    if (leaseLeft() <= 0) lapse();
    else leaseTimer = setTimeout(checkLease, leaseLeft() + 1);
  };

  const open = async (): Promise<pg.Client> => {
    const c = new pg.Client({
      connectionString: o.url,
      application_name: 'uns-meta-cdc-leader',
      keepAlive: true,
      keepAliveInitialDelayMillis: t.heartbeatMs,
      connectionTimeoutMillis: t.sessionTimeoutMs,
      // Every lock check has this bound: an unanswered one fails (and a leader steps down).
      query_timeout: t.heartbeatTimeoutMs,
    });
    c.on('error', () => undefined);
    c.on('end', () => {
      if (client !== c) return;
      client = null;
      stepDown('lock connection closed');
    });
    await c.connect();
    try {
      // The server ends this session when the leader falls silent: frozen, cut off or dead alike.
      await c.query(SESSION_SETTINGS, [
        String(t.sessionTimeoutMs),
        String(Math.max(1, Math.round(t.heartbeatMs / 1000))),
      ]);
    } catch (err) {
      c.connection.stream.destroy();
      throw err;
    }
    return c;
  };

  const acquire = async () => {
    if (!client) {
      const c = await open();
      if (stopped) return void (await c.end().catch(() => undefined));
      client = c;
    }
    const c = client;
    const sentAt = performance.now();
    const r = await c.query<{ got: boolean }>(ACQUIRE, [LOCK_KEY]);
    if (stopped || client !== c || !r.rows[0]?.got) return;
    // An answer that took longer than the lease (a stalled process) is not trusted: let go and retry.
    if (performance.now() - sentAt >= t.leaseMs) return drop(c);
    leader = true;
    renew(sentAt);
    o.onAcquired();
  };

  const heartbeat = async () => {
    if (leaseLeft() <= 0) return lapse();
    if (!client) return stepDown('lock connection closed');
    const c = client;
    const sentAt = performance.now();
    const r = await c.query<{ held: boolean }>(HEARTBEAT);
    if (!leader || client !== c) return;
    if (!r.rows[0]?.held) return stepDown('the lock is no longer held by this session');
    renew(sentAt);
  };

  const tick = async (): Promise<void> => {
    loop = null;
    if (stopped) return;
    delay = t.pollMs;
    try {
      if (leader) await heartbeat();
      else await acquire();
    } catch (err) {
      if (leader) stepDown(`heartbeat failed: ${(err as Error).message}`);
      else if (client) drop(client);
    }
    if (!stopped) loop = setTimeout(() => void tick(), leader ? t.heartbeatMs : delay);
  };
  void tick();

  return {
    isLeader: () => {
      if (!leader) return false;
      if (leaseLeft() > 0) return true;
      // Deposed: say so now; the caller hears onLost right after its current synchronous step.
      queueMicrotask(() => {
        if (leader && leaseLeft() <= 0) lapse();
      });
      return false;
    },
    stop: async () => {
      stopped = true;
      if (loop) clearTimeout(loop);
      if (leaseTimer) clearTimeout(leaseTimer);
      leader = false;
      const c = client;
      client = null;
      if (!c) return;
      const ended = c.end().catch(() => undefined);
      const late = setTimeout(() => c.connection.stream.destroy(), 2_000);
      await ended;
      clearTimeout(late);
    },
  };
}
