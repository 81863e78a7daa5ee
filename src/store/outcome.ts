// What applying one birth did (or would do, in a dry run), and the writer's options.

export interface WriterOptions {
  /** Recorded in metric_versions.changed_by: `ingest:<client id>`, `cli:<user>`, … */
  changedBy: string;
  renameByFingerprint: boolean;
  quarantinePayloadMaxBytes: number;
  /** Compute and report the diff, then roll back. */
  dryRun?: boolean;
  /** Flush this backend's table statistics at commit (benchmarks and tests read pg_stat_user_tables). */
  flushStats?: boolean;
  onProgress?: (metricsRead: number) => void;
  /**
   * When the birth came off the broker (ms since epoch): travels to CDC for the end-to-end latency, and
   * stands in for a payload timestamp too far ahead of the clock. Unset = now.
   */
  receivedAt?: number;
  /**
   * The node session (bdSeq) a live host received the birth in. A birth of the same session as the
   * applied one is newer by arrival, whatever its timestamp; other births are ordered by timestamp.
   */
  session?: bigint | null;
  /** INGEST_MAX_CLOCK_SKEW_SECONDS in ms (default 300 s). */
  maxClockSkewMs?: number;
}

export interface BirthOutcome {
  status: 'applied' | 'stale' | 'quarantined';
  topic: string;
  devicePath: string | null;
  reason?: string;
  metrics: { created: number; updated: number; renamed: number; restored: number; retired: number; unchanged: number };
  propertiesWritten: number;
  versions: number;
  quarantined: number;
  canaryConflicts: Array<{ canaryId: string; paths: string[] }>;
  /** The payload timestamp was too far ahead of the host's clock: the birth is ordered by its receive time. */
  clockClamped?: boolean;
  /** The birth's identity fingerprint was the device's stored one: applied without decoding a metric. */
  identical?: boolean;
  /** Metrics accepted by their stored declaration, unread (declarations.ts); absent: compared in full. */
  declared?: number;
  /** Other devices of the node ('' = the node) whose alias maps lost an alias this birth also claimed. */
  aliasesDroppedFrom?: string[];
  /** Present with dryRun: the versions this birth would write (first 1,000). */
  diffs?: Array<{ uns_path: string; diff: unknown }>;
  seconds: number;
}

export function emptyOutcome(topic: string, path: string | null): BirthOutcome {
  return {
    status: 'applied',
    topic,
    devicePath: path,
    metrics: { created: 0, updated: 0, renamed: 0, restored: 0, retired: 0, unchanged: 0 },
    propertiesWritten: 0,
    versions: 0,
    quarantined: 0,
    canaryConflicts: [],
    seconds: 0,
  };
}
