// A write that runs on a timer and on demand, never twice at once: what the ingest's sinks (quarantine,
// liveness) use to store off the MQTT read path. stop() ends the timer after one last write.

export class PeriodicWrite {
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(
    private readonly write: () => Promise<void>,
    everyMs: number,
  ) {
    this.timer = setInterval(() => void this.now(), everyMs);
    this.timer.unref();
  }

  /** Runs the write; a call while one runs shares it. */
  now(): Promise<void> {
    this.running ??= this.write().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.now();
  }
}
