// Doctor flow C, autovacuum lag: dead tuples per table, the autovacuum workers running now, what holds
// the xmin horizon (xmin.horizon), the settings in effect vs proposed per-table settings, bloat, and the
// manual VACUUM FULL with its warning.

import { proposeAutovacuum, type AutovacuumProposal } from '../autovacuum-tuning.js';
import { fullVacuumWarning } from '../actions/vacuum.js';
import type { OpsContext } from '../context.js';
import type { DoctorReport, DoctorStep } from '../doctor-report.js';
import { lagging, readVacuumStats, type TableVacuumStats } from '../vacuum-stats.js';
import { checkLine, diagnosticChecks, guardedStep } from './steps.js';
import type { CheckResult } from '../check.js';
import { describeHolder, type HorizonHolder } from '../checks/xmin-horizon.js';

const SERVER_SETTINGS = [
  'autovacuum',
  'autovacuum_max_workers',
  'autovacuum_naptime',
  'autovacuum_vacuum_cost_limit',
  'autovacuum_vacuum_cost_delay',
  'vacuum_cost_limit',
  'autovacuum_vacuum_scale_factor',
  'autovacuum_vacuum_threshold',
];

export async function flowC(ctx: OpsContext): Promise<DoctorReport> {
  let stats: TableVacuumStats[] = [];
  let proposals: AutovacuumProposal[] = [];
  const detection = await guardedStep('dead tuples', async () => {
    const [check] = await diagnosticChecks(ctx, ['vacuum.deadtuples']);
    stats = await readVacuumStats(ctx.db);
    const lines = stats
      .filter((t) => t.deadTuples > 0)
      .map(
        (t) =>
          `${t.table}: ${t.deadTuples} dead of ${t.liveTuples} live; autovacuum starts at ${t.vacuumTrigger}${t.autovacuumEnabled ? '' : ' — AUTOVACUUM DISABLED'}; ${t.autovacuumCount} autovacuum(s), last ${t.lastAutovacuum?.toISOString() ?? 'never'}`,
      );
    return {
      step: 'dead tuples',
      status: check?.status ?? 'UNKNOWN',
      detail: [check ? checkLine(check) : 'vacuum.deadtuples is not registered', ...lines].join('\n'),
      evidence: stats,
    };
  });
  const workers = await guardedStep('autovacuum workers', async () => {
    const w = (
      await ctx.db.query<{ pid: number; datname: string | null; query: string; running_s: number | null }>(
        `SELECT pid, datname, query, extract(epoch FROM now() - xact_start)::float8 AS running_s
       FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' ORDER BY xact_start`,
      )
    ).rows;
    const s = (
      await ctx.db.query<{ name: string; setting: string; unit: string | null }>(
        'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1) ORDER BY name',
        [SERVER_SETTINGS],
      )
    ).rows;
    const on = s.find((x) => x.name === 'autovacuum')?.setting === 'on';
    const max = s.find((x) => x.name === 'autovacuum_max_workers')?.setting ?? '?';
    // Without pg_read_all_stats the query text of other roles' sessions reads <insufficient privilege>.
    const hidden = w.some((x) => x.query === '<insufficient privilege>');
    const lines = [
      `${w.length} of ${max} autovacuum workers running${on ? '' : '; autovacuum is OFF server-wide'}`,
      ...w.map(
        (x) => `pid ${x.pid} ${x.datname ?? ''}: ${x.query} (${x.running_s === null ? '?' : x.running_s.toFixed(0)} s)`,
      ),
      `server settings: ${s.map((x) => `${x.name}=${x.setting}${x.unit ?? ''}`).join(', ')}`,
      ...(hidden ? ['query texts hidden: GRANT pg_read_all_stats TO the checking role to see them'] : []),
    ];
    return {
      step: 'autovacuum workers',
      status: on ? 'OK' : 'WARN',
      detail: lines.join('\n'),
      evidence: { workers: w, settings: s },
    };
  });
  // Why vacuum may run and still clean nothing: a transaction, prepared transaction or slot holding the horizon.
  let horizon: CheckResult | undefined;
  const holder = await guardedStep('xmin horizon', async () => {
    [horizon] = await diagnosticChecks(ctx, ['xmin.horizon']);
    const holders = (horizon?.evidence.holders as HorizonHolder[] | undefined) ?? [];
    return {
      step: 'xmin horizon',
      status: horizon?.status ?? 'UNKNOWN',
      detail: [
        horizon ? checkLine(horizon) : 'xmin.horizon is not registered',
        ...holders.slice(0, 5).map((h) => `${describeHolder(h)}, xid age ${h.xidAge ?? '?'}`),
      ].join('\n'),
      evidence: horizon?.evidence,
    };
  });
  const tuning = await guardedStep('per-table settings', async () => {
    const lag = stats.filter(lagging);
    const sizes = (
      await ctx.db.query<{ t: string; b: number }>(
        'SELECT t, pg_table_size(t::regclass)::float8 AS b FROM unnest($1::text[]) t',
        [lag.map((t) => t.table)],
      )
    ).rows;
    proposals = lag.map((t) =>
      proposeAutovacuum({
        table: t.table,
        liveTuples: t.liveTuples,
        churn: t.churn,
        bytes: sizes.find((s) => s.t === t.table)?.b ?? 0,
        current: t.settings,
      }),
    );
    const lines = proposals.map(
      (p) =>
        `${p.table} (${p.reason}): scale factor ${p.current.scaleFactor} → ${p.proposed.scaleFactor}, threshold ${p.current.threshold} → ${p.proposed.threshold}, cost limit ${p.current.costLimit} → ${p.proposed.costLimit}`,
    );
    return {
      step: 'per-table settings',
      status: lag.length ? 'WARN' : 'OK',
      detail: lines.length ? lines.join('\n') : 'no table has more dead tuples than its autovacuum trigger',
      evidence: proposals,
    };
  });
  const bloat = await guardedStep('bloat', async () => {
    const [check] = await diagnosticChecks(ctx, ['storage.bloat']);
    return {
      step: 'bloat',
      status: check?.status ?? 'UNKNOWN',
      detail: check ? checkLine(check) : 'storage.bloat is not registered',
      evidence: check?.evidence,
    };
  });
  const manual = await guardedStep('manual VACUUM FULL', async () => {
    const warning = await fullVacuumWarning(ctx.db, ctx.settings.vacuumMaintenanceWorkMem);
    return {
      step: 'manual VACUUM FULL',
      status: 'SKIP',
      detail: ['not run by the doctor: `uns-meta ops vacuum --full --yes`', ...warning].join('\n'),
    };
  });
  const steps: DoctorStep[] = [detection, workers, holder, tuning, bloat, manual];
  const blocked = horizon && horizon.status !== 'OK' && horizon.status !== 'UNKNOWN' ? horizon : undefined;
  return {
    flow: 'flow-c',
    title: 'Autovacuum lag',
    steps,
    remedies: [...(blocked ? horizonRemedy(blocked) : []), ...remediesC(ctx, stats, proposals)],
  };
}

/** Vacuum cannot clean rows younger than the horizon: no tuning helps until its holder is gone. */
function horizonRemedy(check: CheckResult): string[] {
  const oldest = check.evidence.oldest as HorizonHolder | null | undefined;
  const findings = (check.evidence.findings as string[] | undefined) ?? [];
  const end =
    oldest?.kind === 'session'
      ? `SELECT pg_terminate_backend(${oldest.holder});`
      : oldest?.kind === 'prepared'
        ? `COMMIT PREPARED '${oldest.holder}'; or ROLLBACK PREPARED '${oldest.holder}';`
        : 'drop the slot nobody consumes (pg_drop_replication_slot)';
  return [`Vacuum cannot clean past the xmin horizon: ${findings.join('; ')}. End it first: ${end}`];
}

function remediesC(
  ctx: OpsContext,
  stats: readonly TableVacuumStats[],
  proposals: readonly AutovacuumProposal[],
): string[] {
  const disabled = stats.filter((t) => !t.autovacuumEnabled && lagging(t));
  if (proposals.length === 0 && disabled.length === 0)
    return ['nothing lags: autovacuum keeps up with every uns_meta table'];
  return [
    ...disabled.map((t) => `Re-enable autovacuum on ${t.table}: ALTER TABLE ${t.table} RESET (autovacuum_enabled);`),
    ...proposals.map((p) => `Tune (review under change management): ${p.statement}`),
    `Clear the backlog now: \`uns-meta ops vacuum\` (plain VACUUM, no exclusive lock); reclaim disk only with \`uns-meta ops vacuum --full --yes\` (ACCESS EXCLUSIVE lock, maintenance_work_mem=${ctx.settings.vacuumMaintenanceWorkMem}, tables over 10 GB off-peak only).`,
    'If many tables lag: raise autovacuum_vacuum_cost_limit or lower autovacuum_naptime in postgresql.conf.',
    'Follow-up: record the adjustments in the change log; check that no replication lag was introduced (`uns-meta ops check --only cdc.slot_lag`).',
  ];
}
