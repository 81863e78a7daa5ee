// With CDC on, the live ingest writes no birth before the replication slot exists: the slot's creation
// takes an initial snapshot anyway (cdc/snapshot.ts), but a birth held back a moment on a fresh start
// reaches Canary through the stream, like every later one. Once seen, the slot is not asked again
// (a slot lost later is recreated with a snapshot).

import type { Queryable } from '../db.js';
import { AppError } from '../errors.js';

export class SlotGate {
  private seen = false;

  constructor(
    private readonly db: Queryable,
    private readonly slot: string,
    private readonly waitMs = 30_000,
    private readonly pollMs = 250,
  ) {}

  /** Resolves once the slot exists; after `waitMs` a retryable error (the birth queue backs off). */
  async wait(): Promise<void> {
    const until = Date.now() + this.waitMs;
    while (!this.seen) {
      const r = await this.db.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [this.slot]);
      if (r.rowCount) this.seen = true;
      else if (Date.now() >= until) {
        throw new AppError('db_unavailable', `replication slot ${this.slot} does not exist yet; births wait until the CDC leader has created it (is CDC running on any instance?)`);
      } else await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }
}
