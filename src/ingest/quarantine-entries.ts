// The operator's view of uns_meta_sync.quarantine, shared by `uns-meta quarantine` and the dashboard's
// API: list, show one, retry (claim the open entry, then apply its stored payload again through intake
// and the birth writer; released again if that throws) and drop (status only). Rows are never deleted
// here; ops retention prunes them.

import type pg from 'pg';
import { AppError } from '../errors.js';
import { applyIntake } from './apply.js';
import type { ApplySettings } from './apply-settings.js';
import { intakeBirth } from './intake.js';

export type QuarantineStatus = 'open' | 'retried' | 'dropped';

export interface QuarantineEntry {
  id: bigint;
  topic: string;
  receivedAt: Date;
  code: string;
  message: string;
  status: QuarantineStatus;
}

export interface QuarantineDetail extends QuarantineEntry {
  details: Record<string, unknown>;
  occurrences: number;
  lastSeenAt: Date | null;
  payloadBytes: number;
  /** The payload is kept whole: a retry can apply it again. */
  retryable: boolean;
  truncated: boolean;
}

export interface RetryResult {
  id: bigint;
  status: 'retried';
  /** What the birth writer did with the payload this time. */
  outcome: string;
  reason: string | null;
  metrics: Record<string, number>;
}

interface Row {
  quarantine_id: bigint;
  topic: string;
  received_at: Date;
  error_code: string;
  message: string;
  status: QuarantineStatus;
}

const entry = (x: Row): QuarantineEntry => ({
  id: BigInt(x.quarantine_id),
  topic: x.topic,
  receivedAt: x.received_at,
  code: x.error_code,
  message: x.message,
  status: x.status,
});

/** Newest first; `before` pages on (an id from the previous page); `status` null: every status. */
export async function listQuarantine(
  pool: pg.Pool,
  o: { limit: number; before?: bigint | null; status?: QuarantineStatus | null },
): Promise<QuarantineEntry[]> {
  const r = await pool.query<Row>(
    `SELECT quarantine_id, topic, received_at, error_code, message, status FROM uns_meta_sync.quarantine
     WHERE ($1::bigint IS NULL OR quarantine_id < $1) AND ($2::text IS NULL OR status = $2)
     ORDER BY quarantine_id DESC LIMIT $3`,
    [o.before?.toString() ?? null, o.status ?? null, o.limit],
  );
  return r.rows.map(entry);
}

export async function showQuarantine(pool: pg.Pool, id: bigint): Promise<QuarantineDetail> {
  const r = await pool.query<
    Row & {
      details: Record<string, unknown>;
      occurrences: number;
      last_seen_at: Date | null;
      payload_bytes: number;
      truncated: boolean;
      kept: boolean;
    }
  >(
    `SELECT quarantine_id, topic, received_at, error_code, message, status, details, occurrences, last_seen_at, payload_bytes, truncated,
       payload IS NOT NULL AS kept
     FROM uns_meta_sync.quarantine WHERE quarantine_id = $1`,
    [id.toString()],
  );
  const x = r.rows[0];
  if (!x) throw notFound(id);
  return {
    ...entry(x),
    details: x.details,
    occurrences: x.occurrences,
    lastSeenAt: x.last_seen_at,
    payloadBytes: x.payload_bytes,
    truncated: x.truncated,
    retryable: x.kept && !x.truncated,
  };
}

export async function retryQuarantine(
  pool: pg.Pool,
  id: bigint,
  deps: ApplySettings,
  changedBy: string,
): Promise<RetryResult> {
  // Claimed first, so two concurrent retries never apply the same payload twice.
  const r = await pool.query<{ topic: string; payload: Buffer }>(
    `UPDATE uns_meta_sync.quarantine SET status = 'retried'
     WHERE quarantine_id = $1 AND status = 'open' AND payload IS NOT NULL AND NOT truncated RETURNING topic, payload`,
    [id.toString()],
  );
  const claimed = r.rows[0];
  if (!claimed) throw await refusal(pool, id, 'retry');
  try {
    const outcome = await applyIntake(pool, intakeBirth(claimed.topic, claimed.payload, 'protobuf', deps.limits), {
      ...deps.writer,
      changedBy,
    });
    return {
      id,
      status: 'retried',
      outcome: outcome.status,
      reason: outcome.reason ?? null,
      metrics: { ...outcome.metrics },
    };
  } catch (err) {
    await pool.query(`UPDATE uns_meta_sync.quarantine SET status = 'open' WHERE quarantine_id = $1`, [id.toString()]);
    throw err;
  }
}

export async function dropQuarantine(pool: pg.Pool, id: bigint): Promise<{ id: bigint; status: 'dropped' }> {
  const r = await pool.query(
    `UPDATE uns_meta_sync.quarantine SET status = 'dropped' WHERE quarantine_id = $1 AND status = 'open'`,
    [id.toString()],
  );
  if (r.rowCount === 0) throw await refusal(pool, id, 'drop');
  return { id, status: 'dropped' };
}

function notFound(id: bigint): AppError {
  return new AppError(
    'not_found',
    `no quarantine entry with id ${id}; list them with 'uns-meta quarantine list' (or GET /api/quarantine)`,
  );
}

/** Says why an entry could not be claimed: unknown (not_found) or not retryable (conflict). */
async function refusal(pool: pg.Pool, id: bigint, action: 'retry' | 'drop'): Promise<AppError> {
  const r = await pool.query<{ status: string; payload: boolean }>(
    'SELECT status, payload IS NOT NULL AS payload FROM uns_meta_sync.quarantine WHERE quarantine_id = $1',
    [id.toString()],
  );
  const x = r.rows[0];
  if (!x) return notFound(id);
  if (x.status !== 'open')
    return new AppError(
      'conflict',
      `quarantine entry ${id} is already ${x.status}; only open entries can be ${action === 'retry' ? 'retried' : 'dropped'}`,
    );
  return new AppError(
    'conflict',
    `quarantine entry ${id} cannot be retried: its payload was ${x.payload ? 'truncated at QUARANTINE_PAYLOAD_MAX_BYTES' : 'not kept'}; have the edge node send a new birth (rebirth) instead`,
  );
}
