// What every path that applies births takes from the config — the service, `ingest file`, `ingest
// replay`, a quarantine retry (CLI and dashboard), the DR smoke test: the intake limits and the birth
// writer's options, read in one place so no path applies a birth under other rules.

import type { Config } from '../config.js';
import type { WriterOptions } from '../store/outcome.js';
import type { IntakeLimits } from './intake.js';

export interface ApplySettings {
  limits: IntakeLimits;
  writer: WriterOptions;
}

export function applySettings(c: Config, changedBy: string): ApplySettings {
  return {
    limits: { maxPayloadBytes: c.INGEST_MAX_PAYLOAD_BYTES, maxInflatedBytes: c.INGEST_MAX_INFLATED_BYTES },
    writer: {
      changedBy,
      renameByFingerprint: c.INGEST_RENAME_BY_FINGERPRINT,
      quarantinePayloadMaxBytes: c.QUARANTINE_PAYLOAD_MAX_BYTES,
      maxClockSkewMs: c.INGEST_MAX_CLOCK_SKEW_SECONDS * 1000,
    },
  };
}
