// `canary backfill`: the full current state of every active metric (optionally under a uns_path prefix)
// into the outbox, one row per metric, for the running writer to deliver. Sends nothing itself; a dry run
// counts and samples the same rows and writes nothing.
//
// Idempotency key = sha256 of ['backfill:<runId>', canary id, properties]: one run never enqueues the
// same state twice, a later run (new run id) is a new send. Rerunning with the same --run-id after an
// interruption enqueues only what that run has not (Canary stores by name+timestamp, so a resend is harmless).

import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db.js';
import { claimTags } from '../cdc/tag-owners.js';
import { CURRENT_STATE_SQL, currentState, type MetricState } from './current-state.js';

export interface BackfillOptions {
  prefix: string;
  dryRun: boolean;
  runId?: string;
  /** Metrics listed in a dry run's sample. */
  sampleSize?: number;
}

export interface BackfillResult {
  runId: string;
  dryRun: boolean;
  /** Active metrics with at least one property under the prefix. */
  metrics: number;
  properties: number;
  /** Outbox rows inserted (0 in a dry run; fewer than metrics when this run id already enqueued some). */
  enqueued: number;
  /** Dry run only: the first metrics as they would be enqueued. */
  sample: MetricState[];
}

export async function backfill(db: Queryable, o: BackfillOptions): Promise<BackfillResult> {
  const runId = o.runId ?? randomUUID();
  if (o.dryRun) {
    const counts = await db.query<{ metrics: bigint; properties: bigint | null }>(
      `SELECT count(*) AS metrics, sum(n)::bigint AS properties FROM (${CURRENT_STATE_SQL}) cur`,
      [o.prefix],
    );
    const c = counts.rows[0];
    return {
      runId,
      dryRun: true,
      metrics: Number(c?.metrics ?? 0),
      properties: Number(c?.properties ?? 0),
      enqueued: 0,
      sample: await currentState(db, o.prefix, o.sampleSize ?? 20),
    };
  }
  const r = await db.query<{ metrics: bigint; properties: bigint | null; ids: bigint[] }>(
    `WITH cur AS (${CURRENT_STATE_SQL}),
     ins AS (
       INSERT INTO uns_meta_sync.canary_outbox (metric_id, canary_id, properties, first_lsn, idempotency_key)
       SELECT metric_id, canary_id, properties, NULL,
              encode(sha256(convert_to(jsonb_build_array($2::text, canary_id, properties)::text, 'UTF8')), 'hex')
       FROM cur ORDER BY metric_id
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING outbox_id)
     SELECT (SELECT count(*) FROM cur) AS metrics, (SELECT sum(n)::bigint FROM cur) AS properties, (SELECT coalesce(array_agg(outbox_id), '{}') FROM ins) AS ids`,
    [o.prefix, `backfill:${runId}`],
  );
  // The same one-metric-per-tag rule as CDC's rows (a metric whose tag another owns is not sent).
  const claims = await claimTags(db, r.rows[0]?.ids ?? []);
  const enqueued = (r.rows[0]?.ids.length ?? 0) - claims.conflicts;
  const x = r.rows[0];
  return {
    runId,
    dryRun: false,
    metrics: Number(x?.metrics ?? 0),
    properties: Number(x?.properties ?? 0),
    enqueued,
    sample: [],
  };
}
