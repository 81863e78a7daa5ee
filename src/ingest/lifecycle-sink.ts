// Stores node and device liveness off the MQTT read path: the receiver changes the in-memory
// Lifecycle, a timer writes the scopes that changed (whole rows, so a failed batch is simply written
// again with the next one). Nothing is written while the database is off (DB_MODE=mock).

import type { Logger } from '../log.js';
import type { Lifecycle, ScopeStatus } from '../sparkplug/lifecycle.js';

export interface LifecycleSinkOptions {
  lifecycle: Lifecycle;
  /** null: not stored now (DB_MODE=mock). */
  save: () => ((rows: ScopeStatus[]) => Promise<void>) | null;
  flushMs?: number;
  log: Logger;
}

export class LifecycleSink {
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;
  private failing = false;

  constructor(private readonly o: LifecycleSinkOptions) {
    this.timer = setInterval(() => void this.flush(), o.flushMs ?? 250);
    this.timer.unref();
  }

  /** Writes what changed; concurrent calls share one write. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
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
