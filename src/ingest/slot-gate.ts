// With CDC on, the live ingest holds its first births until the replication slot exists, so a fresh
// start does not race the CDC leader creating it: those births then reach Canary through the stream
// like every later one. The slot's creation takes an initial snapshot anyway (cdc/snapshot.ts), so the
// wait is bounded: when no slot appears (CDC cannot start, or no instance runs it) births go on after
// `waitMs` and the snapshot covers them; a CDC problem never stops ingest. Asked once per process.

import type { Queryable } from '../db.js';
import type { Logger } from '../log.js';

export class SlotGate {
  private open = false;
  private deadline: number | null = null;

  constructor(
    private readonly db: Queryable,
    private readonly slot: string,
    private readonly log: Logger,
    private readonly waitMs = 15_000,
    private readonly pollMs = 250,
  ) {}

  /** Resolves once the slot exists, or once the bounded wait is over. */
  async wait(): Promise<void> {
    this.deadline ??= Date.now() + this.waitMs;
    while (!this.open) {
      const r = await this.db.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [this.slot]);
      if (r.rowCount) this.open = true;
      else if (Date.now() >= this.deadline) {
        this.open = true;
        this.log.warn(
          { slot: this.slot, waitedMs: this.waitMs },
          'replication slot still missing: births are written now; CDC sends them with its initial snapshot once it creates the slot',
        );
      } else await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }
}
