// The CDC stage: on the leader only, stream the pgoutput slot (manual acknowledgement, never the
// library's automatic one), fold transactions into property changes, debounce them, commit them to the
// outbox, and only then acknowledge the slot. A broken stream is dropped whole and resumed from the
// slot's confirmed position (the server resends what was not acknowledged). Wiring and I/O only.

import { LogicalReplicationService, PgoutputPlugin } from 'pg-logical-replication';
import { connect, type Pool } from '../db.js';
import type { Logger } from '../log.js';
import { cdcChangesTotal, cdcLagBytes, debouncePending, outboxRowsTotal } from '../metrics.js';
import { backoff } from '../sparkplug/mqtt.js';
import { Debouncer, type DebouncedEntry } from './debounce.js';
import { flushToOutbox } from './flush.js';
import { startLeadership } from './leader.js';
import type { PgoutputMessage } from './pgoutput.js';
import { ensureSlot } from './slot-setup.js';
import { TransactionStream } from './transaction.js';

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
  log: Logger;
}

export interface CdcStatus {
  leader: boolean;
  streaming: boolean;
  pending: number;
  acknowledged: string | null;
  lastError: string | null;
}

export interface CdcStage {
  status(): CdcStatus;
  stop(): Promise<void>;
}

export function startCdc(d: CdcDeps): CdcStage {
  const state: CdcStatus = { leader: false, streaming: false, pending: 0, acknowledged: null, lastError: null };
  let session: Session | null = null;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;
  let stopped = false;
  // What the slot retains, measured by the leader (pg_replication_slots is readable by any role).
  const lagTimer = setInterval(() => {
    if (!state.leader) return;
    d.pool
      .query<{ lag: string | null }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint AS lag FROM pg_replication_slots WHERE slot_name = $1', [d.slot])
      .then((r) => cdcLagBytes.set(Number(r.rows[0]?.lag ?? 0)), () => undefined);
  }, 5_000);
  lagTimer.unref();

  const begin = async (): Promise<void> => {
    retry = null;
    if (stopped || !state.leader || session) return;
    try {
      const c = await connect(d.replUrl, 'uns-meta-cdc-setup');
      try {
        const check = await ensureSlot(c, d.slot, d.publication);
        if (check.created) d.log.info({ slot: d.slot }, 'replication slot created');
      } finally {
        await c.end();
      }
      session = new Session(d, state, (err) => {
        session = null;
        state.streaming = false;
        state.lastError = err;
        d.log.warn({ err }, 'CDC stream ended; resuming from the slot');
        schedule();
      });
      failures = 0;
    } catch (err) {
      state.lastError = (err as Error).message;
      d.log.error({ err: state.lastError }, 'CDC cannot start');
      schedule();
    }
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
    status: () => ({ ...state, pending: session?.pending() ?? 0 }),
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

/** One replication connection's life: from subscribe until it breaks or is stopped. */
class Session {
  private readonly svc: LogicalReplicationService;
  private readonly stream = new TransactionStream();
  private readonly debouncer: Debouncer;
  private readonly timer: NodeJS.Timeout;
  private unflushed: DebouncedEntry[] = [];
  private flushing = false;
  private ended = false;

  constructor(
    private readonly d: CdcDeps,
    private readonly state: CdcStatus,
    private readonly onEnd: (reason: string) => void,
  ) {
    this.debouncer = new Debouncer({ quietMs: d.debounceQuietMs, maxMs: d.debounceMaxMs });
    this.svc = new LogicalReplicationService({ connectionString: d.replUrl, application_name: 'uns-meta-cdc' }, { acknowledge: { auto: false, timeoutSeconds: 0 } });
    const plugin = new PgoutputPlugin({ protoVersion: 1, publicationNames: [d.publication], messages: true });
    this.svc.on('data', (_lsn: string, msg: PgoutputMessage) => this.onMessage(msg));
    this.svc.on('heartbeat', (lsn: string, _ts: number, shouldRespond: boolean) => {
      if (!this.stream.open) this.debouncer.keepalive(lsn);
      if (shouldRespond || this.debouncer.pending() === 0) void this.acknowledge();
    });
    this.svc.on('error', (err: Error) => this.end(err.message));
    this.svc.subscribe(plugin, d.slot).then(
      () => this.end('replication stream closed'),
      (err: unknown) => this.end((err as Error).message),
    );
    state.streaming = true;
    this.timer = setInterval(() => void this.flush(), Math.max(50, Math.min(1000, d.debounceQuietMs / 4)));
  }

  pending(): number {
    return this.debouncer.pending();
  }

  private onMessage(msg: PgoutputMessage): void {
    try {
      const tx = this.stream.push(msg);
      if (!tx) return;
      for (const change of tx.changes) this.debouncer.add(change, tx.sourceAt);
      this.debouncer.committed(tx.commitLsn);
      cdcChangesTotal.inc(tx.changes.reduce((n, c) => n + c.changes.size, 0));
      if (tx.truncated.length) this.d.log.warn({ tables: tx.truncated }, 'published tables truncated: run `uns-meta canary backfill`');
      debouncePending.set(this.debouncer.pending());
    } catch (err) {
      this.end(`unreadable replication message: ${(err as Error).message}`);
    }
  }

  /** Due entries → outbox (one transaction) → release → acknowledge. A failed commit is retried as is. */
  private async flush(): Promise<void> {
    if (this.flushing || this.ended) return;
    this.flushing = true;
    try {
      const batch = [...this.unflushed, ...this.debouncer.due()];
      this.unflushed = batch;
      if (batch.length) {
        const r = await flushToOutbox(this.d.pool, batch);
        this.unflushed = [];
        this.debouncer.release(batch);
        outboxRowsTotal.inc(r.inserted);
      }
      await this.acknowledge();
      debouncePending.set(this.debouncer.pending());
    } catch (err) {
      this.state.lastError = `outbox commit failed: ${(err as Error).message}`;
      this.d.log.warn({ err: (err as Error).message }, 'outbox commit failed; retrying');
    } finally {
      this.flushing = false;
    }
  }

  private async acknowledge(): Promise<void> {
    const lsn = this.debouncer.safeLsn();
    if (lsn === null || lsn === this.state.acknowledged || this.ended) return;
    await this.svc.acknowledge(lsn);
    this.state.acknowledged = lsn;
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.timer);
    void this.svc.destroy().catch(() => undefined);
    this.onEnd(reason);
  }

  async stop(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.timer);
    // Wait for a flush under way: its outbox commit may land, then nothing more is acknowledged.
    while (this.flushing) await new Promise((r) => setTimeout(r, 10));
    await this.svc.destroy().catch(() => undefined);
    this.state.streaming = false;
  }
}
