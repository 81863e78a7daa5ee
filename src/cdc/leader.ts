// Leadership of the CDC stream: exactly one instance consumes the slot. The leader holds a session
// advisory lock on its own connection; when that process dies the server releases the lock and the
// next instance that polls takes over. Nothing else is clustered here.

import type pg from 'pg';
import { connect } from '../db.js';

const LOCK_KEY = 'uns-meta:cdc-leader';

export interface Leadership {
  isLeader(): boolean;
  stop(): Promise<void>;
}

export interface LeaderOptions {
  url: string;
  /** How often a follower tries to take over (and a leader checks its connection). */
  pollMs: number;
  onAcquired(): void;
  /** The lock's connection broke: stop streaming at once (another instance may already lead). */
  onLost(reason: string): void;
}

export function startLeadership(o: LeaderOptions): Leadership {
  let client: pg.Client | null = null;
  let leader = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const lose = (reason: string) => {
    if (!leader) return;
    leader = false;
    o.onLost(reason);
  };

  const attempt = async (): Promise<void> => {
    timer = null;
    if (stopped) return;
    try {
      if (!client) {
        const c = await connect(o.url, 'uns-meta-cdc-leader');
        c.on('end', () => {
          if (client === c) client = null;
          lose('leader connection closed');
        });
        client = c;
      }
      if (!leader) {
        const r = await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got', [LOCK_KEY]);
        if (r.rows[0]?.got && !stopped) {
          leader = true;
          o.onAcquired();
        }
      } else {
        // A dead connection means the lock is gone with it.
        await client.query('SELECT 1');
      }
    } catch (err) {
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
      lose(`leader check failed: ${(err as Error).message}`);
    }
    if (!stopped) timer = setTimeout(() => void attempt(), o.pollMs);
  };
  void attempt();

  return {
    isLeader: () => leader,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      leader = false;
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
