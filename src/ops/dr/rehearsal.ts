// `ops dr-rehearsal`: restore the newest backup (or a point in time) into a scratch PostgreSQL, migrate,
// smoke-test, start CDC on it against a Canary simulator until Canary equals the restored state, measure
// RTO (that included) and RPO against the playbook's targets, and always tear the scratch down.
// Logged as a maintenance action. The live database is only read.

import { existsSync } from 'node:fs';
import type pg from 'pg';
import { connect, createPool } from '../../db.js';
import { AppError } from '../../errors.js';
import type { ApplySettings } from '../../ingest/apply-settings.js';
import { migrateUp } from '../../store/migrate.js';
import { runAction, type ActionDeps } from '../action-log.js';
import { pgBackRestFrom, type PgBackRestSettings } from '../backup/pgbackrest.js';
import { opsSql } from '../sql-files.js';
import { restoreLogical, restorePhysical, type Restored } from './restore-step.js';
import { makeScratchDir, removeScratch } from './scratch-postgres.js';
import { runSmoke, type SmokeResult } from './smoke.js';
import { canaryRecovery, type CanaryRecovery } from './canary-recovery.js';
import type { CanaryStageSettings } from '../../canary/stage.js';

/** Backup and Recovery Notes: < 15 minutes of data loss, < 30 minutes to restore. */
export const TARGETS = { rpoSeconds: 15 * 60, rtoSeconds: 30 * 60 } as const;

export interface RehearsalReport {
  status: 'OK' | 'CRIT';
  method: Restored['method'];
  pitr: string | null;
  database: string;
  scratch: { dir: string; port: number; removed: boolean };
  restore: { seconds: number; startSeconds: number; detail: Record<string, unknown> };
  restoredRows: Record<string, number>;
  migrations: { seconds: number; applied: string[] };
  smoke: SmokeResult;
  /** CDC started on the restore (no slot survives a restore) until a Canary simulator equals it; null: CDC off. */
  canary: CanaryRecovery | null;
  /** Restore + start + Canary back in parity. */
  rto: { seconds: number; target: number; met: boolean };
  /** Newest application write in the source (at the start, ≤ the PITR target) minus the newest in the restore. */
  rpo: {
    seconds: number | null;
    target: number;
    met: boolean;
    sourceNewest: string | null;
    restoreNewest: string | null;
    replayedUntil: string | null;
  };
}

export interface RehearsalSettings {
  /** With a stanza the newest backup is restored; without one, a logical copy of the live database. */
  backup: PgBackRestSettings;
  /** OPS_DR_SCRATCH_DIR: where the scratch PostgreSQL lives (default: the system's temporary directory). */
  scratchDir: string | undefined;
  /** The smoke test's birth goes through the same intake limits and writer options as the service's. */
  apply: ApplySettings;
  /** The service's Canary stage (its DataSet rules); the rehearsal writes to a simulator. Null: CDC is off. */
  canary: CanaryStageSettings | null;
}

export interface RehearsalDeps extends ActionDeps {
  rehearsal: RehearsalSettings;
  /** A connection to the live database allowed to read every uns_meta / uns_meta_sync table. */
  sourceUrl: string;
}

export async function drRehearsal(d: RehearsalDeps, o: { pitr?: string } = {}): Promise<RehearsalReport> {
  const p = pgBackRestFrom(d.rehearsal.backup);
  const pitr = o.pitr === undefined ? undefined : targetTime(o.pitr);
  if (pitr && !p)
    throw new AppError(
      'usage',
      '--pitr needs pgBackRest (OPS_PGBACKREST_STANZA): a logical copy of the live database has no past to recover to',
    );
  const params = { method: p ? 'pgbackrest' : 'logical', stanza: p?.stanza ?? null, pitr: pitr ?? null };
  const { report } = await runAction(d, 'dr-rehearsal', params, async () => {
    const report = await rehearse(d, pitr);
    const { status, rto, rpo, smoke, scratch } = report;
    return {
      report,
      details: {
        status,
        rtoSeconds: rto.seconds,
        rpoSeconds: rpo.seconds,
        smoke: smoke.ok,
        canaryParitySeconds: report.canary?.seconds ?? null,
        scratchRemoved: scratch.removed,
      },
    };
  });
  return report;
}

async function rehearse(d: RehearsalDeps, pitr: string | undefined): Promise<RehearsalReport> {
  const p = pgBackRestFrom(d.rehearsal.backup);
  const dir = await makeScratchDir(d.rehearsal.scratchDir);
  let source: pg.Client | null = null;
  let restored: Restored | null = null;
  let report: RehearsalReport;
  try {
    source = await connect(d.sourceUrl, 'uns-meta dr-rehearsal');
    const facts = (
      await source.query<{ db: string; superuser: string }>(
        'SELECT current_database() AS db, (SELECT rolname FROM pg_roles WHERE oid = 10) AS superuser',
      )
    ).rows[0] as { db: string; superuser: string };
    // The moment of the "disaster": what the source holds now is what a restore should bring back.
    const sourceNewest = await newestCommit(source, pitr ?? null);
    restored = p ? await restorePhysical(p, dir, facts.superuser, pitr) : await restoreLogical(source, dir, facts.db);
    const url = restored.server.url(facts.db, restored.user);
    const client = await connect(url, 'uns-meta dr-rehearsal');
    let measured: Awaited<ReturnType<typeof inspect>>;
    try {
      measured = await inspect(client);
    } finally {
      await client.end();
    }
    const pool = createPool(url, { max: 2, applicationName: 'uns-meta dr-rehearsal' });
    const smoke = await runSmoke(pool, d.rehearsal.apply, new Date()).finally(() => pool.end());
    const canary = d.rehearsal.canary
      ? await canaryRecovery({
          url,
          // The restore's superuser: a logical copy has no uns_meta_cdc role.
          replUrl: url,
          canary: d.rehearsal.canary,
          limitMs: TARGETS.rtoSeconds * 1000,
          log: d.log,
        })
      : null;
    const rtoSeconds =
      Math.round((restored.restoreSeconds + restored.startSeconds + (canary?.seconds ?? 0)) * 1000) / 1000;
    const rpoSeconds =
      sourceNewest === null
        ? 0
        : measured.restoreNewest === null
          ? null
          : Math.max(0, (sourceNewest.getTime() - measured.restoreNewest.getTime()) / 1000);
    const rto = { seconds: rtoSeconds, target: TARGETS.rtoSeconds, met: rtoSeconds <= TARGETS.rtoSeconds };
    const rpo = {
      seconds: rpoSeconds,
      target: TARGETS.rpoSeconds,
      met: rpoSeconds !== null && rpoSeconds <= TARGETS.rpoSeconds,
      sourceNewest: iso(sourceNewest),
      restoreNewest: iso(measured.restoreNewest),
      replayedUntil: iso(measured.replayedUntil),
    };
    report = {
      status: smoke.ok && rto.met && rpo.met && (canary?.ok ?? true) ? 'OK' : 'CRIT',
      method: restored.method,
      pitr: pitr ?? null,
      database: facts.db,
      scratch: { dir: dir.root, port: restored.server.port, removed: false },
      restore: { seconds: restored.restoreSeconds, startSeconds: restored.startSeconds, detail: restored.detail },
      restoredRows: measured.rows,
      migrations: measured.migrations,
      smoke,
      canary,
      rto,
      rpo,
    };
  } finally {
    await restored?.server.stop().catch((err: unknown) => d.log.error({ err }, 'scratch PostgreSQL did not stop'));
    await source?.end().catch(() => undefined);
    removeScratch(dir);
  }
  report.scratch.removed = !existsSync(dir.root);
  return report;
}

/** What the restore holds, before the rehearsal's own writes: newest commit, row counts; then migrations. */
async function inspect(client: pg.ClientBase) {
  const restoreNewest = await newestCommit(client, null);
  const replay = await client.query<{ t: Date | null }>('SELECT pg_last_xact_replay_timestamp() AS t');
  const counts = await client.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM uns_meta.devices) AS devices, (SELECT count(*) FROM uns_meta.metrics) AS metrics,
            (SELECT count(*) FROM uns_meta.metric_properties) AS metric_properties, (SELECT count(*) FROM uns_meta.metric_versions) AS metric_versions,
            (SELECT count(*) FROM uns_meta_sync.births) AS births`,
  );
  const rows = Object.fromEntries(Object.entries(counts.rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
  const t = performance.now();
  const m = await migrateUp(client);
  const migrations = {
    seconds: Math.round(performance.now() - t) / 1000,
    applied: m.steps.map((s) => `${s.version}_${s.name}`),
  };
  return { restoreNewest, replayedUntil: replay.rows[0]?.t ?? null, rows, migrations };
}

async function newestCommit(c: pg.ClientBase, bound: string | null): Promise<Date | null> {
  return (
    (await c.query<{ newest_commit: Date | null }>(opsSql('dr-newest-commit.sql'), [bound])).rows[0]?.newest_commit ??
    null
  );
}

/** A PITR target as pgBackRest and recovery_target_time both read it: "YYYY-MM-DD HH:MM:SS.mmm+00". */
export function targetTime(raw: string): string {
  const t = new Date(raw);
  if (Number.isNaN(t.getTime()))
    throw new AppError(
      'usage',
      `--pitr "${raw}" is not a time; give e.g. "2026-05-01 13:45:00+01" or an ISO 8601 time`,
    );
  return `${t.toISOString().replace('T', ' ').replace('Z', '')}+00`;
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}
