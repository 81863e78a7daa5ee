// Per-metric debounce of CDC changes (flush when quiet for quietMs, or maxMs after the first pending
// change) and the acknowledgement rule: which WAL position may be confirmed to the slot given what is
// not yet in the outbox. Pure, with an injectable clock; it neither writes the outbox nor acknowledges.

import type { MetricChange, PropertyChange } from './changes.js';
import { formatLsn, parseLsn } from './lsn.js';

export interface DebounceOptions {
  /** CDC_DEBOUNCE_SECONDS × 1000. */
  quietMs: number;
  /** CDC_DEBOUNCE_MAX_SECONDS × 1000. */
  maxMs: number;
  /** Milliseconds, monotonic; Date.now by default. */
  clock?: () => number;
}

export interface DebouncedEntry {
  metricId: bigint;
  /** The latest known Canary id; null when no change carried one (resolve it at flush). */
  canaryId: string | null;
  /** key → the latest change of that key. */
  changes: Map<string, PropertyChange>;
  resync: boolean;
  /** Commit LSN of the oldest and of the newest transaction merged in. */
  firstLsn: string;
  lastLsn: string;
  firstAt: number;
  lastAt: number;
  /** The earliest source time merged in (TransactionResult.sourceAt): where e2e latency starts. */
  sourceAt: number | null;
}

interface Entry extends DebouncedEntry {
  first: bigint;
  last: bigint;
}

/**
 * Acknowledgement: `safeLsn()` is the argument for LogicalReplicationService.acknowledge(), which
 * reports it + 1 as the flush position; the server resends every transaction whose commit LSN is at or
 * above that. So with entries pending it is (oldest pending commit LSN) − 1: that transaction, and
 * everything after it, comes again after a crash, including its changes already in the outbox (the
 * outbox's idempotency key absorbs them). A transaction's commit LSN is confirmed only when ALL its
 * entries are released. With nothing pending it is the newest processed position.
 */
export class Debouncer {
  private readonly waiting = new Map<bigint, Entry>();
  private readonly inFlight = new Set<Entry>();
  private readonly clock: () => number;
  private processed: bigint | null = null;
  private readonly holds = new Map<bigint, number>();

  constructor(private readonly opts: DebounceOptions) {
    this.clock = opts.clock ?? Date.now;
  }

  /** Merges a change into its metric's waiting entry (a later value of a key wins). */
  add(change: MetricChange, sourceAt: number | null = null): void {
    const now = this.clock();
    const lsn = parseLsn(change.lsn);
    const e = this.waiting.get(change.metricId);
    if (!e) {
      this.waiting.set(change.metricId, {
        metricId: change.metricId,
        canaryId: change.canaryId,
        changes: new Map(change.changes),
        resync: change.resync,
        first: lsn,
        last: lsn,
        firstLsn: formatLsn(lsn),
        lastLsn: formatLsn(lsn),
        firstAt: now,
        lastAt: now,
        sourceAt,
      });
      return;
    }
    for (const [key, c] of change.changes) e.changes.set(key, c);
    e.canaryId = change.canaryId ?? e.canaryId;
    e.resync ||= change.resync;
    if (lsn < e.first) [e.first, e.firstLsn] = [lsn, formatLsn(lsn)];
    if (lsn > e.last) [e.last, e.lastLsn] = [lsn, formatLsn(lsn)];
    e.lastAt = now;
    if (sourceAt !== null && (e.sourceAt === null || sourceAt < e.sourceAt)) e.sourceAt = sourceAt;
  }

  /** Call after every change of the transaction committed at `commitLsn` was added (also when it had none). */
  committed(commitLsn: string): void {
    this.advance(parseLsn(commitLsn));
  }

  /**
   * A server keepalive at `lsn` (call only between transactions). Every commit record below it was
   * already sent, but one may START exactly at it, so the position kept is lsn − 1: with nothing
   * pending, acknowledging it lets an idle slot release WAL without skipping that transaction.
   */
  keepalive(lsn: string): void {
    const n = parseLsn(lsn);
    if (n > 0n) this.advance(n - 1n);
  }

  /**
   * Entries quiet for quietMs or waiting since maxMs, oldest first. They stay in flight (still holding
   * back safeLsn) until `release` after their outbox rows are committed.
   */
  due(now = this.clock()): DebouncedEntry[] {
    // A change after a transaction still being written in chunks waits for it: it may touch the same metric.
    const held = this.holds.size ? [...this.holds.keys()].reduce((a, b) => (a < b ? a : b)) : null;
    const ready = [...this.waiting.values()].filter(
      (e) =>
        (held === null || e.first < held) &&
        (now - e.lastAt >= this.opts.quietMs || now - e.firstAt >= this.opts.maxMs),
    );
    return this.take(ready);
  }

  /** Everything waiting, regardless of time (shutdown: flush what must not wait for a replay). */
  drain(): DebouncedEntry[] {
    return this.take([...this.waiting.values()]);
  }

  /** Their outbox rows are committed: they no longer hold back the acknowledged position. */
  release(entries: readonly DebouncedEntry[]): void {
    for (const e of entries) this.inFlight.delete(e as Entry);
  }

  /**
   * The waiting entries of these metrics, taken out of the window at once (in flight until `release`):
   * a chunk of a huge transaction goes to the outbox directly, and must land after them, not before.
   */
  takeFor(metricIds: Iterable<bigint>): DebouncedEntry[] {
    const found: Entry[] = [];
    for (const id of metricIds) {
      const e = this.waiting.get(id);
      if (e) found.push(e);
    }
    return this.take(found);
  }

  /**
   * A transaction whose changes go to the outbox outside the window (in chunks) holds the acknowledged
   * position below its commit LSN until `unhold`, whatever commits after it are processed meanwhile.
   */
  hold(commitLsn: string): void {
    const lsn = parseLsn(commitLsn);
    this.holds.set(lsn, (this.holds.get(lsn) ?? 0) + 1);
  }

  unhold(commitLsn: string): void {
    const lsn = parseLsn(commitLsn);
    const n = (this.holds.get(lsn) ?? 0) - 1;
    if (n > 0) this.holds.set(lsn, n);
    else this.holds.delete(lsn);
  }

  /** Entries waiting or in flight. */
  pending(): number {
    return this.waiting.size + this.inFlight.size;
  }

  /** When the next entry becomes due (for the flush timer), or null when none waits. */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const e of this.waiting.values()) {
      const at = Math.min(e.lastAt + this.opts.quietMs, e.firstAt + this.opts.maxMs);
      if (next === null || at < next) next = at;
    }
    return next;
  }

  /** The highest LSN that may be acknowledged now (see the class comment), or null before any position. */
  safeLsn(): string | null {
    if (this.processed === null) return null;
    let safe = this.processed;
    for (const e of this.waiting.values()) if (e.first - 1n < safe) safe = e.first - 1n;
    for (const e of this.inFlight) if (e.first - 1n < safe) safe = e.first - 1n;
    for (const lsn of this.holds.keys()) if (lsn - 1n < safe) safe = lsn - 1n;
    return safe < 0n ? null : formatLsn(safe);
  }

  private advance(position: bigint): void {
    if (this.processed === null || position > this.processed) this.processed = position;
  }

  private take(entries: Entry[]): DebouncedEntry[] {
    entries.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.metricId < b.metricId ? -1 : 1));
    for (const e of entries) {
      this.waiting.delete(e.metricId);
      this.inFlight.add(e);
    }
    return entries;
  }
}
