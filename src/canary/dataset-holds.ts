// DataSets Canary says do not exist: every row of such a DataSet waits in the outbox until the hold ends
// (retried every `retryMs`, a minute by default), the gauge uns_metadata_sync_canary_datasets_missing{dataset}
// is 1 meanwhile, and a warning names the DataSet and the fix. Never a dead letter: creating the DataSet
// (or autoCreateDatasets / CANARY_DATASET_OVERRIDE) is all it takes. It sends and stores nothing itself.

import type { Logger } from '../log.js';
import { canaryDatasetsMissing } from '../metrics.js';

export const DATASET_RETRY_MS = 60_000;

/** The DataSet of a Canary tag id: its first dot segment. */
export function datasetOf(tag: string): string {
  return tag.split('.')[0] as string;
}

export class DatasetHolds {
  /** DataSet → end of its hold (ms since the epoch). */
  private readonly until = new Map<string, number>();

  constructor(
    private readonly log: Logger,
    private readonly retryMs = DATASET_RETRY_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds the rows of `tag` must still wait, or 0 when they may be sent (or probe the DataSet). */
  waitMs(tag: string): number {
    const end = this.until.get(datasetOf(tag));
    return end === undefined ? 0 : Math.max(0, end - this.now());
  }

  /** Canary refused these DataSets as missing: hold them for retryMs from now, alarm and say what to do. */
  missing(datasets: readonly string[], rows: number): number {
    for (const dataset of datasets) {
      const first = !this.until.has(dataset);
      this.until.set(dataset, this.now() + this.retryMs);
      canaryDatasetsMissing.set({ dataset }, 1);
      this.log.warn(
        { dataset, rows, retryInSeconds: Math.round(this.retryMs / 1000), first },
        `Canary DataSet '${dataset}' does not exist: its rows wait in the outbox and are retried every ${Math.round(this.retryMs / 1000)} s; create the DataSet in Canary, or set autoCreateDatasets (CANARY_DATASET_OVERRIDE=Test writes to a DataSet that is created)`,
      );
    }
    return this.retryMs;
  }

  /** Canary accepted writes to these tags: their DataSets exist (again), the alarm clears. */
  delivered(tags: readonly string[]): void {
    for (const dataset of new Set(tags.map(datasetOf))) {
      if (!this.until.delete(dataset)) continue;
      canaryDatasetsMissing.set({ dataset }, 0);
      this.log.info({ dataset }, `Canary DataSet '${dataset}' accepts writes now; its held rows are being delivered`);
    }
  }

  /** DataSets held now (for tests and the dashboard). */
  held(): string[] {
    return [...this.until.keys()].sort();
  }
}
