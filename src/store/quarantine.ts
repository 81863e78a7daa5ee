// Quarantine records: what could not be applied, with a specific code, a message an operator can act
// on, and the (size-capped) payload. Never throws for the bad input itself.

import type { Queryable } from '../db.js';
import { quarantinedTotal } from '../metrics.js';

export type QuarantineCode =
  | 'topic_invalid'
  | 'payload_too_large'
  | 'payload_undecodable'
  | 'device_path_invalid'
  | 'metric_undecodable'
  | 'metric_name_invalid'
  | 'metric_unnamed'
  | 'duplicate_name'
  | 'uns_path_collision'
  | 'uns_path_taken'
  | 'constraint_violation'
  | 'birth_failed';

export interface QuarantineEntry {
  topic: string;
  code: QuarantineCode;
  message: string;
  details?: Record<string, unknown>;
  payload?: Buffer | null;
}

const INSERT = `INSERT INTO uns_meta_sync.quarantine (topic, error_code, message, details, payload, payload_bytes, truncated)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::bytea[], $6::int[], $7::boolean[])`;

export async function recordQuarantine(db: Queryable, entries: QuarantineEntry[], maxPayloadBytes: number): Promise<void> {
  if (entries.length === 0) return;
  const payloads = entries.map((e) => e.payload ?? null);
  await db.query(INSERT, [
    entries.map((e) => e.topic),
    entries.map((e) => e.code),
    entries.map((e) => e.message),
    entries.map((e) => JSON.stringify(e.details ?? {}, bigintReplacer)),
    payloads.map((p) => (p === null ? null : p.subarray(0, maxPayloadBytes))),
    payloads.map((p) => p?.length ?? 0),
    payloads.map((p) => (p?.length ?? 0) > maxPayloadBytes),
  ]);
  for (const e of entries) quarantinedTotal.inc({ reason: e.code });
}

export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
