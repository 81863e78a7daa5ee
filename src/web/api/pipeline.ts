// GET /api/pipeline: broker, database, CDC and Canary state now, the latest initial snapshot CDC took,
// current rates and the sampled series. What a setup does not run (CDC off, no sampler) is null rather
// than a guessed value.

import type { FastifyInstance } from 'fastify';
import type { Queryable } from '../../db.js';
import type { CdcStatus } from '../../cdc/stream.js';
import { canaryCircuitState, cdcLagBytes } from '../../metrics.js';
import type { ComponentStatus } from '../health-routes.js';
import type { PipelineSampler } from '../pipeline-sampler.js';

export interface PipelineDeps {
  readiness: () => Promise<Record<string, ComponentStatus>>;
  /** Absent when CDC (and with it the Canary stage) is off. */
  cdc?: () => CdcStatus;
  sampler?: PipelineSampler;
}

const CIRCUIT = ['closed', 'half_open', 'open'] as const;

const part = (s: ComponentStatus | undefined) => ({ ok: s?.ok ?? null, detail: s?.detail ?? null });

interface SnapshotRow {
  slot_name: string;
  reason: string;
  metrics: number;
  consistent_lsn: string | null;
  started_at: Date;
  finished_at: Date | null;
}

/** The newest row of uns_meta_sync.cdc_snapshots (CDC writes one whenever it has to create its slot). */
async function lastSnapshot(db: Queryable) {
  const r = await db.query<SnapshotRow>(
    `SELECT slot_name, reason, metrics, consistent_lsn::text, started_at, finished_at
     FROM uns_meta_sync.cdc_snapshots ORDER BY started_at DESC, snapshot_id DESC LIMIT 1`,
  );
  const x = r.rows[0];
  return x
    ? {
        slot: x.slot_name,
        reason: x.reason,
        metrics: x.metrics,
        consistentLsn: x.consistent_lsn,
        startedAt: x.started_at.toISOString(),
        finishedAt: x.finished_at?.toISOString() ?? null,
      }
    : null;
}

async function pipeline(db: Queryable, d: PipelineDeps) {
  const ready = await d
    .readiness()
    .catch(
      (err: unknown) =>
        ({ database: { ok: false, detail: (err as Error).message } }) as Record<string, ComponentStatus>,
    );
  const counts = await db
    .query<{ outbox: number; dead: number }>(
      `SELECT (SELECT count(*)::int FROM uns_meta_sync.canary_outbox) AS outbox,
              (SELECT count(*)::int FROM uns_meta_sync.canary_dead_letters WHERE status = 'open') AS dead`,
    )
    .then(
      (r) => r.rows[0] ?? null,
      () => null,
    );
  const snapshot = await lastSnapshot(db).catch(() => null);
  const cdc = d.cdc?.() ?? null;
  const circuit = cdc ? (CIRCUIT[(await canaryCircuitState.get()).values[0]?.value ?? 0] ?? null) : null;
  const series = d.sampler?.series() ?? [];
  const last = series[series.length - 1];
  return {
    at: new Date().toISOString(),
    broker: part(ready.broker),
    database: part(ready.database),
    cdc: cdc
      ? {
          ...part(ready.cdc),
          leader: cdc.leader,
          streaming: cdc.streaming,
          pending: cdc.pending,
          lagBytes: (await cdcLagBytes.get()).values[0]?.value ?? null,
          lastSnapshot: snapshot,
        }
      : {
          ok: null,
          detail: 'off (CDC_ENABLED=false)',
          leader: null,
          streaming: null,
          pending: null,
          lagBytes: null,
          lastSnapshot: snapshot,
        },
    canary: {
      ...(cdc ? part(ready.canary) : { ok: null, detail: 'off (CDC_ENABLED=false)' }),
      circuit,
      outboxDepth: counts?.outbox ?? null,
      deadLetters: counts?.dead ?? null,
    },
    rates: { birthsPerMinute: last?.birthsPerMinute ?? null, rowsWrittenPerMinute: last?.rowsWrittenPerMinute ?? null },
    series,
  };
}

export function registerPipelineRoutes(app: FastifyInstance, db: Queryable, d: PipelineDeps): void {
  app.get('/api/pipeline', async () => pipeline(db, d));
}
