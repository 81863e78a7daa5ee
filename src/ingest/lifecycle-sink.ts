// Stores node and device liveness off the MQTT read path: the receiver changes the in-memory
// Lifecycle, a timer writes the scopes that changed (whole rows, so a failed batch is simply written
// again with the next one). Nothing is written while the database is off (DB_MODE=mock).

import type { Logger } from '../log.js';
import { PeriodicWrite } from './periodic-write.js';
import type { Lifecycle, ScopeStatus } from '../sparkplug/lifecycle.js';

export interface LifecycleSinkOptions {
  lifecycle: Lifecycle;
  /** null: not stored now (DB_MODE=mock). */
  save: () => ((rows: ScopeStatus[]) => Promise<void>) | null;
  flushMs?: number;
  log: Logger;
}

export class LifecycleSink {
  private readonly writes: PeriodicWrite;
  private failing = false;

  constructor(private readonly o: LifecycleSinkOptions) {
    this.writes = new PeriodicWrite(() => this.write(), o.flushMs ?? 250);
  }

  /** Writes what changed; concurrent calls share one write. */
  flush(): Promise<void> {
    return this.writes.now();
  }

  stop(): Promise<void> {
    return this.writes.stop();
  }

  private async write(): Promise<void> {
    const save = this.o.save();
    if (!save) return;
    const rows = this.o.lifecycle.takeDirty();
    if (rows.length === 0) return;
    try {
      await save(rows);
      if (this.failing) this.o.log.info({ rows: rows.length }, 'device lifecycle stored again');
      this.failing = false;
    } catch (err) {
      this.o.lifecycle.markDirty(rows);
      if (!this.failing) this.o.log.warn({ err, rows: rows.length }, 'device lifecycle not stored; retrying');
      this.failing = true;
    }
  }
}
