// A new CDC leader takes the slot over from a consumer that is still attached to it: a frozen or cut-off
// former leader whose walsender the server would otherwise keep until wal_sender_timeout (60 s). Only
// the leader may call this (it ends whoever streams the slot); it does not start streaming itself.

import type { Queryable } from '../db.js';
import { AppError, SQLSTATE, sqlState } from '../errors.js';

export interface TakeoverOptions {
  /** How long to wait for the slot to become free (default 10 s). */
  waitMs?: number;
}

export interface Takeover {
  /** The walsender that was ended, or null when nobody held the slot. */
  terminatedPid: number | null;
}

const TERMINATE = `SELECT active_pid AS pid, pg_terminate_backend(active_pid, $2) AS ended
  FROM pg_replication_slots WHERE slot_name = $1 AND active AND active_pid <> pg_backend_pid()`;

/**
 * Ends the backend streaming `slot`, if any, and waits until the slot is inactive. Needs a connection
 * as the slot consumer's role (uns_meta_cdc: a role may end its own backends) or pg_signal_backend.
 */
export async function terminateStaleConsumer(db: Queryable, slot: string, o: TakeoverOptions = {}): Promise<Takeover> {
  const waitMs = o.waitMs ?? 10_000;
  const until = Date.now() + waitMs;
  let terminatedPid: number | null = null;
  // Repeated until the slot is free: a consumer that reattaches meanwhile is just as stale.
  for (;;) {
    const r = await db.query<{ pid: number; ended: boolean }>(TERMINATE, [slot, 1_000]).catch((err: unknown) => {
      if (sqlState(err) !== SQLSTATE.insufficient_privilege) throw err;
      throw new AppError(
        'cdc_unavailable',
        `another consumer still streams replication slot ${slot} and this role may not end it (${(err as Error).message}); ` +
          `connect as the slot's role (PG_REPL_URL, uns_meta_cdc) or GRANT pg_signal_backend to this role`,
        { cause: err, details: { slot } },
      );
    });
    const held = r.rows[0];
    if (!held) return { terminatedPid };
    terminatedPid ??= held.pid;
    if (Date.now() > until) {
      throw new AppError(
        'cdc_unavailable',
        `replication slot ${slot} is still streamed by pid ${held.pid} after ${waitMs} ms; check pg_stat_replication, and end that backend by hand if it is not ours`,
        {
          details: { slot, pid: held.pid, terminatedPid },
        },
      );
    }
    if (held.ended) continue; // gone; the next round confirms that the slot is free
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
