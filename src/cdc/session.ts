// One replication connection's life, from subscribe until it breaks or is stopped: pgoutput messages →
// transactions (big ones in chunks) → debounce → outbox, one outbox transaction at a time, and only then
// the slot's acknowledgement. The server hears from us at least every `statusIntervalMs` whatever the
// debounce, with the last SAFE position (never the received one: that is how data gets lost).

import { LogicalReplicationService, PgoutputPlugin } from 'pg-logical-replication';
import { withTransaction, type Pool } from '../db.js';
import type { Logger } from '../log.js';
import {
  cdcChangesTotal,
  cdcChunksTotal,
  cdcStatusUpdatesTotal,
  debouncePending,
  outboxRowsTotal,
} from '../metrics.js';
import type { TransactionResult } from './changes.js';
import { Debouncer, type DebouncedEntry } from './debounce.js';
import { flushToOutbox } from './flush.js';
import { releaseTags } from './tag-owners.js';
import type { PgoutputMessage } from './pgoutput.js';
import { TransactionStream } from './transaction.js';

export interface SessionOptions {
  pool: Pool;
  replUrl: string;
  slot: string;
  publication: string;
  debounceQuietMs: number;
  debounceMaxMs: number;
  /** From the server's wal_sender_timeout (see statusIntervalMs). */
  statusIntervalMs: number;
  /** The slot's confirmed_flush_lsn: what the server already has from us. */
  confirmedLsn: string | null;
  chunkRows?: number;
  /** The leadership fence, asked right before every outbox commit and acknowledgement. */
  isLeader: () => boolean;
  log: Logger;
}

export interface SessionState {
  streaming: boolean;
  acknowledged: string | null;
  lastError: string | null;
}

/** A status update well inside the server's patience: a third of wal_sender_timeout, 0.5–10 s. */
export function statusIntervalMs(walSenderTimeoutMs: number): number {
  if (walSenderTimeoutMs <= 0) return 10_000;
  return Math.min(10_000, Math.max(500, Math.floor(walSenderTimeoutMs / 3)));
}

/** Flush ticks (≤ 1 s each) between looks for Canary tags whose owner let go. */
const RELEASE_EVERY_TICKS = 10;

export class Session {
  private readonly svc: LogicalReplicationService;
  private readonly stream: TransactionStream;
  private readonly debouncer: Debouncer;
  private readonly flushTimer: NodeJS.Timeout;
  private readonly statusTimer: NodeJS.Timeout;
  /** Outbox writes one after another, so rows land in the order their changes happened. */
  private writes: Promise<void> = Promise.resolve();
  private unflushed: DebouncedEntry[] = [];
  private flushing = false;
  private chunksQueued = 0;
  private ticks = 0;
  private paused = false;
  private ended = false;

  constructor(
    private readonly o: SessionOptions,
    private readonly state: SessionState,
    private readonly onEnd: (reason: string) => void,
  ) {
    this.stream = new TransactionStream('uns_meta', o.chunkRows);
    this.debouncer = new Debouncer({ quietMs: o.debounceQuietMs, maxMs: o.debounceMaxMs });
    // Start from what the server has: a status update before any message repeats that position.
    if (o.confirmedLsn) this.debouncer.keepalive(o.confirmedLsn);
    this.svc = new LogicalReplicationService(
      { connectionString: o.replUrl, application_name: 'uns-meta-cdc' },
      { acknowledge: { auto: false, timeoutSeconds: 0 } },
    );
    const plugin = new PgoutputPlugin({ protoVersion: 1, publicationNames: [o.publication], messages: true });
    this.svc.on('data', (_lsn: string, msg: PgoutputMessage) => this.onMessage(msg));
    this.svc.on('heartbeat', (lsn: string, _ts: number, shouldRespond: boolean) => {
      // Between transactions every commit below `lsn` was handled (chunks still being written hold it back).
      if (!this.stream.open) this.debouncer.keepalive(lsn);
      if (shouldRespond) this.sendStatus();
    });
    this.svc.on('error', (err: Error) => this.end(err.message));
    this.svc.subscribe(plugin, o.slot).then(
      () => this.end('replication stream closed'),
      (err: unknown) => this.end((err as Error).message),
    );
    state.streaming = true;
    this.flushTimer = setInterval(() => void this.flush(), Math.max(50, Math.min(1000, o.debounceQuietMs / 4)));
    this.statusTimer = setInterval(() => this.sendStatus(), o.statusIntervalMs);
  }

  pending(): number {
    return this.debouncer.pending();
  }

  private onMessage(msg: PgoutputMessage): void {
    try {
      const ev = this.stream.push(msg);
      if (!ev) return;
      cdcChangesTotal.inc(ev.tx.changes.reduce((n, c) => n + c.changes.size, 0));
      if (ev.tx.truncated.length)
        this.o.log.warn({ tables: ev.tx.truncated }, 'published tables truncated: run `uns-meta canary backfill`');
      if (ev.kind === 'chunk' || ev.chunked) {
        this.writeChunk(ev.tx, ev.kind === 'commit', ev.kind === 'chunk' && ev.first);
        return;
      }
      for (const change of ev.tx.changes) this.debouncer.add(change, ev.tx.sourceAt);
      this.debouncer.committed(ev.tx.commitLsn);
      debouncePending.set(this.debouncer.pending());
    } catch (err) {
      this.end(`unreadable replication message: ${(err as Error).message}`);
    }
  }

  /**
   * A part of a big transaction goes to the outbox at once, after the waiting entries of the same
   * metrics (older changes first). The socket pauses while chunks queue up, so memory stays bounded;
   * the acknowledged position stays below the transaction until its last part is in the outbox.
   */
  private writeChunk(tx: TransactionResult, last: boolean, first: boolean): void {
    if (first) this.debouncer.hold(tx.commitLsn);
    // Taken now, while the window holds only what committed before this transaction.
    const older = this.debouncer.takeFor(tx.changes.map((c) => c.metricId));
    const now = Date.now();
    const parts: DebouncedEntry[] = tx.changes.map((c) => ({
      metricId: c.metricId,
      canaryId: c.canaryId,
      changes: c.changes,
      resync: c.resync,
      firstLsn: tx.commitLsn,
      lastLsn: tx.commitLsn,
      firstAt: now,
      lastAt: now,
      sourceAt: tx.sourceAt,
    }));
    if (++this.chunksQueued >= 2) this.pause(true);
    this.serially(async () => {
      try {
        await this.commit([...older, ...parts]);
      } catch (err) {
        // Nothing of this connection's window is trusted any more: the slot sends it all again.
        this.end(`outbox commit of a transaction chunk failed: ${(err as Error).message}`);
        return;
      }
      this.debouncer.release(older);
      cdcChunksTotal.inc();
      if (last) {
        this.debouncer.unhold(tx.commitLsn);
        this.debouncer.committed(tx.commitLsn);
      }
    }).finally(() => {
      if (--this.chunksQueued === 0) this.pause(false);
    });
  }

  /** Due entries → outbox → release. A failed commit is retried as is on the next tick. */
  private async flush(): Promise<void> {
    if (this.flushing || this.ended) return;
    this.flushing = true;
    await this.serially(async () => {
      const batch = [...this.unflushed, ...this.debouncer.due()];
      this.unflushed = batch;
      if (batch.length) {
        await this.commit(batch);
        this.unflushed = [];
        this.debouncer.release(batch);
      }
      if (++this.ticks % RELEASE_EVERY_TICKS === 0 && this.o.isLeader())
        await withTransaction(this.o.pool, (c) => releaseTags(c));
      this.sendStatus();
      debouncePending.set(this.debouncer.pending());
    })
      .catch((err: unknown) => {
        this.state.lastError = `outbox commit failed: ${(err as Error).message}`;
        this.o.log.warn({ err }, 'outbox commit failed; retrying');
      })
      .finally(() => {
        this.flushing = false;
      });
  }

  private async commit(entries: readonly DebouncedEntry[]): Promise<void> {
    if (!this.o.isLeader()) {
      this.end('leadership lost: stepping down without writing');
      throw new Error('not the leader');
    }
    const r = await flushToOutbox(this.o.pool, entries);
    outboxRowsTotal.inc(r.inserted);
  }

  private serially(fn: () => Promise<void>): Promise<void> {
    const run = this.writes.then(() => (this.ended ? undefined : fn()));
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** The standby status: the safe position, sent even when it has not moved (the server's keepalive). */
  private sendStatus(): void {
    if (this.ended || !this.o.isLeader()) return;
    const lsn = this.debouncer.safeLsn();
    if (lsn === null) return;
    void this.svc.acknowledge(lsn).then((sent) => {
      if (!sent) return;
      cdcStatusUpdatesTotal.inc();
      this.state.acknowledged = lsn;
    });
  }

  private pause(on: boolean): void {
    if (this.paused === on) return;
    this.paused = on;
    // The library keeps its connection private; its own flow control pauses this same socket.
    const socket = (this.svc as unknown as { _connection?: { stream?: { pause(): void; resume(): void } } })._connection
      ?.stream;
    if (on) socket?.pause();
    else socket?.resume();
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.flushTimer);
    clearInterval(this.statusTimer);
    void this.svc.destroy().catch(() => undefined);
    this.state.streaming = false;
    this.onEnd(reason);
  }

  async stop(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.flushTimer);
    clearInterval(this.statusTimer);
    // Wait for an outbox write under way: its commit may land, then nothing more is acknowledged.
    await this.writes;
    await this.svc.destroy().catch(() => undefined);
    this.state.streaming = false;
  }
}
