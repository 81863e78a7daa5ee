// Quarantine of malformed messages, off the MQTT read path: the receiver hands an entry over and reads
// on; a timer stores what arrived. However often a misconfigured publisher repeats itself, a topic and
// reason get one row per window (QUARANTINE_WINDOW_SECONDS) carrying the count, and only births keep
// their payload. Bounded: at most `maxOpen` topic/reason pairs are tracked at once; beyond that a
// message is only counted (quarantine_dropped_total).

import type { Logger } from '../log.js';
import { PeriodicWrite } from './periodic-write.js';
import { quarantineDroppedTotal, quarantinedTotal } from '../metrics.js';
import { parseTopic, isBirth } from '../sparkplug/topic.js';
import { storableText, type QuarantineCode, type QuarantineEntry, type StoredQuarantine } from '../store/quarantine.js';

export interface QuarantineStore {
  insert(entries: QuarantineEntry[]): Promise<StoredQuarantine[]>;
  addOccurrences(rows: Array<{ id: bigint; by: number; code: QuarantineCode }>): Promise<void>;
}

export interface QuarantineSinkOptions {
  /** null: nothing is stored (DB_MODE=mock); messages are still counted and logged. */
  store: () => QuarantineStore | null;
  windowMs: number;
  flushMs?: number;
  maxOpen?: number;
  log: Logger;
  now?: () => number;
}

interface Open {
  /** code and topic as stored: how the row the database returns is matched to this slot. */
  key: string;
  code: QuarantineCode;
  openedAt: number;
  /** Until stored; dropped afterwards (the payload is not kept for the whole window). */
  entry: QuarantineEntry | null;
  id: bigint | null;
  /** Occurrences not stored yet. */
  unwritten: number;
}

const keyOf = (code: string, topic: string) => `${code}\u0000${topic}`;

export class QuarantineSink {
  private readonly open = new Map<string, Open>();
  private readonly writes: PeriodicWrite;
  private failing = false;
  private readonly now: () => number;
  private readonly maxOpen: number;

  constructor(private readonly o: QuarantineSinkOptions) {
    this.now = o.now ?? Date.now;
    this.maxOpen = o.maxOpen ?? 10_000;
    this.writes = new PeriodicWrite(() => this.write(), o.flushMs ?? 1000);
  }

  /** Takes the entry; never waits and never throws. */
  add(entry: QuarantineEntry): void {
    const key = keyOf(entry.code, storableText(entry.topic, Infinity));
    const slot = this.open.get(key);
    if (slot) {
      slot.unwritten += 1;
      return;
    }
    if (this.open.size >= this.maxOpen) {
      quarantineDroppedTotal.inc({ reason: entry.code });
      return;
    }
    const t = parseTopic(entry.topic);
    // A payload helps only for a birth someone may want to re-drive; repeated junk keeps none.
    const payload = t.ok && isBirth(t.topic.type) ? entry.payload : null;
    this.open.set(key, {
      key,
      code: entry.code,
      openedAt: this.now(),
      entry: { ...entry, payload },
      id: null,
      unwritten: 1,
    });
    // Once per topic, reason and window: a flood does not flood the log either.
    this.o.log.warn({ topic: entry.topic, code: entry.code, reason: entry.message }, 'message quarantined');
  }

  /** Stores what is waiting; closes windows that ended. One flush at a time. */
  flush(): Promise<void> {
    return this.writes.now();
  }

  stop(): Promise<void> {
    return this.writes.stop();
  }

  /** Topic/reason pairs currently tracked (tests, diagnostics). */
  get size(): number {
    return this.open.size;
  }

  private async write(): Promise<void> {
    const store = this.o.store();
    // What is stored now; messages arriving meanwhile wait for the next flush.
    const taken = [...this.open.values()].filter((s) => s.unwritten > 0).map((s) => ({ s, n: s.unwritten }));
    try {
      if (!store) {
        for (const { s, n } of taken) {
          quarantinedTotal.inc({ reason: s.code }, n);
          s.unwritten -= n;
        }
      } else if (taken.length) {
        const fresh = taken.filter(({ s }) => s.id === null);
        const isFresh = new Set(fresh.map(({ s }) => s));
        const stored = await store.insert(
          fresh.map(({ s, n }) => ({ ...(s.entry as QuarantineEntry), occurrences: n })),
        );
        const ids = new Map(stored.map((r) => [keyOf(r.code, r.topic), r.id]));
        for (const { s, n } of fresh) {
          s.id = ids.get(s.key) ?? null;
          if (s.id === null) continue;
          s.entry = null;
          s.unwritten -= n;
        }
        const seen = taken.filter(({ s }) => s.id !== null && !isFresh.has(s));
        await store.addOccurrences(seen.map(({ s, n }) => ({ id: s.id as bigint, by: n, code: s.code })));
        for (const { s, n } of seen) s.unwritten -= n;
      }
      if (this.failing) this.o.log.info('quarantine records are stored again');
      this.failing = false;
    } catch (err) {
      // Kept for the next flush (bounded by maxOpen); said once per outage.
      if (!this.failing) this.o.log.warn({ err }, 'quarantine records could not be stored; retrying');
      this.failing = true;
    }
    const now = this.now();
    for (const [k, s] of this.open) if (s.unwritten === 0 && now - s.openedAt >= this.o.windowMs) this.open.delete(k);
  }
}
