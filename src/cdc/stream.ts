// The CDC stage: on the leader only, make sure the slot exists (creating it takes an initial snapshot
// of every active metric into the outbox, see snapshot.ts), then stream it (session.ts). A broken stream
// is dropped whole and resumed from the slot's confirmed position (the server resends what was not
// acknowledged). Wiring and I/O only.

import { connect, type Pool } from '../db.js';
import type { Logger } from '../log.js';
import { cdcLagBytes, cdcSnapshotsTotal } from '../metrics.js';
import { backoff } from '../sparkplug/mqtt.js';
import { startLeadership } from './leader.js';
import { Session, statusIntervalMs } from './session.js';
import { checkSlot, createSlot, dropSlot, walSenderTimeoutMs } from './slot-setup.js';
import { terminateStaleConsumer } from './slot-takeover.js';
import { dueSnapshot, recordSnapshotDue, takeSnapshot, type SnapshotReason } from './snapshot.js';

export interface CdcDeps {
  /** The app pool: outbox writes and lookups. */
  pool: Pool;
  /** Connection of the leader lock (any role of the database). */
  leaderUrl: string;
  /** Replication connection (role with REPLICATION, e.g. uns_meta_cdc). */
  replUrl: string;
  slot: string;
  publication: string;
  debounceQuietMs: number;
  debounceMaxMs: number;
  leaderPollMs?: number;
  /** Row messages per chunk of a big transaction (memory bound); the default suits production. */
  chunkRows?: number;
  log: Logger;
}

export interface CdcStatus {
  leader: boolean;
  streaming: boolean;
  pending: number;
  acknowledged: string | null;
  lastError: string | null;
  /** The last initial snapshot this process took. */
  snapshot: { reason: string; metrics: number; at: string } | null;
}

export interface CdcStage {
  status(): CdcStatus;
  stop(): Promise<void>;
}

export function startCdc(d: CdcDeps): CdcStage {
  const state: CdcStatus = {
    leader: false,
    streaming: false,
    pending: 0,
    acknowledged: null,
    lastError: null,
    snapshot: null,
  };
  let session: Session | null = null;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;
  let stopped = false;
  // What the slot retains, measured by the leader (pg_replication_slots is readable by any role).
  const lagTimer = setInterval(() => {
    if (!state.leader) return;
    d.pool
      .query<{ lag: string | null }>(
        'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint AS lag FROM pg_replication_slots WHERE slot_name = $1',
        [d.slot],
      )
      .then(
        (r) => cdcLagBytes.set(Number(r.rows[0]?.lag ?? 0)),
        () => undefined,
      );
  }, 5_000);
  lagTimer.unref();

  const begin = async (): Promise<void> => {
    retry = null;
    if (stopped || !state.leader || session) return;
    try {
      const c = await connect(d.replUrl, 'uns-meta-cdc-setup');
      let start: { confirmedLsn: string | null; timeoutMs: number };
      try {
        start = await prepareSlot(c);
      } finally {
        await c.end();
      }
      if (stopped || !state.leader || session) return;
      session = new Session(
        {
          ...d,
          statusIntervalMs: statusIntervalMs(start.timeoutMs),
          confirmedLsn: start.confirmedLsn,
          isLeader: () => state.leader && leadership.isLeader(),
        },
        state,
        (err) => {
          session = null;
          state.streaming = false;
          state.lastError = err;
          d.log.warn({ err }, 'CDC stream ended; resuming from the slot');
          schedule();
        },
      );
      failures = 0;
    } catch (err) {
      state.lastError = (err as Error).message;
      d.log.error({ err }, 'CDC cannot start');
      schedule();
    }
  };

  /** Slot there and usable, every snapshot it owes taken; where streaming starts and how often to report. */
  const prepareSlot = async (c: Parameters<typeof checkSlot>[0]) => {
    // A leader that hung keeps its walsender until wal_sender_timeout: end it, the lock says we lead.
    await terminateStaleConsumer(c, d.slot);
    let slot = await checkSlot(c, d.slot, d.publication);
    if (slot.exists && slot.walStatus === 'lost') {
      d.log.error(
        { slot: d.slot },
        'replication slot invalidated (wal_status = lost): changes since were never streamed; recreating it and taking a snapshot of every metric',
      );
      await recordSnapshotDue(d.pool, d.slot, 'slot_lost');
      await dropSlot(c, d.slot);
      slot = await checkSlot(c, d.slot, d.publication);
    }
    if (!slot.exists) {
      if ((await dueSnapshot(d.pool, d.slot)) === null) await recordSnapshotDue(d.pool, d.slot, 'slot_missing');
      const lsn = await createSlot(c, d.slot);
      d.log.info({ slot: d.slot, lsn }, 'replication slot created');
      slot = await checkSlot(c, d.slot, d.publication);
    }
    const due = await dueSnapshot(d.pool, d.slot);
    if (due) await snapshot(due.reason as SnapshotReason, slot.confirmedLsn as string);
    return { confirmedLsn: slot.confirmedLsn, timeoutMs: await walSenderTimeoutMs(c) };
  };

  const snapshot = async (reason: SnapshotReason, lsn: string): Promise<void> => {
    if (!leadership.isLeader()) throw new Error('leadership lost before the initial snapshot');
    const started = Date.now();
    const r = await takeSnapshot(d.pool, d.slot, lsn);
    cdcSnapshotsTotal.inc({ reason });
    state.snapshot = { reason, metrics: r.metrics, at: new Date().toISOString() };
    d.log.warn(
      { slot: d.slot, reason, metrics: r.metrics, enqueued: r.enqueued, lsn, ms: Date.now() - started },
      'initial snapshot: the current state of every active metric is in the outbox',
    );
  };

  const schedule = () => {
    if (stopped || !state.leader || retry) return;
    retry = setTimeout(() => void begin(), backoff(failures++, 30_000));
  };

  const leadership = startLeadership({
    url: d.leaderUrl,
    pollMs: d.leaderPollMs ?? 2_000,
    onAcquired: () => {
      state.leader = true;
      d.log.info('CDC leader: streaming the slot');
      void begin();
    },
    onLost: (reason) => {
      state.leader = false;
      d.log.warn({ reason }, 'CDC leadership lost; stream stopped');
      const s = session;
      session = null;
      void s?.stop();
    },
  });

  return {
    // The lease, not only the last onLost: a leader that was frozen is deposed the moment it runs again.
    status: () => ({ ...state, leader: state.leader && leadership.isLeader(), pending: session?.pending() ?? 0 }),
    stop: async () => {
      stopped = true;
      clearInterval(lagTimer);
      if (retry) clearTimeout(retry);
      await session?.stop();
      session = null;
      await leadership.stop();
    },
  };
}
