// Doctor flow A, constraint violation during ingest: the quarantined births a constraint refused, who
// sent them (device, uns_path), the constraint checks, and the playbook's two mitigations.

import type { Queryable } from '../../db.js';
import { worst } from '../check.js';
import type { OpsContext } from '../context.js';
import type { DoctorReport, DoctorStep } from '../doctor-report.js';
import { parseTopic } from '../../sparkplug/topic.js';
import { devicePath } from '../../uns/identity.js';
import { checkLine, diagnosticChecks, guardedStep } from './steps.js';

const WINDOW_DAYS = 7;
const SHOWN = 20;

export interface Offender {
  quarantineId: string;
  receivedAt: Date;
  topic: string;
  constraint: string | null;
  /** The device's uns_path as the birth would have it (from the topic), and its row when it exists. */
  deviceUnsPath: string | null;
  deviceId: string | null;
  /** The metric named in the details or in the server's "Key (…)=(…)" text, when either says. */
  metric: string | null;
  message: string;
}

interface Entry {
  id: string;
  topic: string;
  received_at: Date;
  message: string;
  details: Record<string, unknown>;
}

async function offender(db: Queryable, e: Entry): Promise<Offender> {
  const d = e.details ?? {};
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const constraint = str(d.constraint) ?? /constraint "?([\w.]+)"?/.exec(e.message)?.[1] ?? null;
  const parsed = parseTopic(e.topic);
  const path = parsed.ok ? devicePath(parsed.topic) : null;
  let deviceId: string | null = null;
  if (parsed.ok) {
    const t = parsed.topic;
    const r = await db.query<{ id: string }>(
      'SELECT device_id::text AS id FROM uns_meta.devices WHERE group_id = $1 AND edge = $2 AND device = $3',
      [t.group, t.edge, t.device],
    );
    deviceId = r.rows[0]?.id ?? null;
  }
  // The server's detail ("Key (…)=(…)" or "Failing row contains (…)") is kept by the birth writer.
  const key = /Key \(([^)]*)\)=\(([^)]*)\)/.exec(str(d.detail) ?? e.message);
  const metric = str(d.uns_path) ?? str(d.metric) ?? str(d.name) ?? (key ? `${key[1]}=${key[2]}` : str(d.detail));
  return {
    quarantineId: e.id,
    receivedAt: e.received_at,
    topic: e.topic,
    constraint,
    deviceUnsPath: path?.ok ? path.path : null,
    deviceId,
    metric,
    message: e.message,
  };
}

export async function flowA(ctx: OpsContext): Promise<DoctorReport> {
  const since = new Date(ctx.now().getTime() - WINDOW_DAYS * 86_400_000);
  let offenders: Offender[] = [];
  const intake = await guardedStep('constraint_violation count', async () => {
    const c = (
      await ctx.db.query<{ recent: number; total: number }>(
        `SELECT count(*) FILTER (WHERE received_at >= $1)::int AS recent, count(*)::int AS total FROM uns_meta_sync.quarantine WHERE error_code = 'constraint_violation'`,
        [since],
      )
    ).rows[0] ?? { recent: 0, total: 0 };
    return {
      step: 'constraint_violation count',
      status: c.recent > 0 ? 'WARN' : 'OK',
      detail: `${c.recent} birth(s) refused by a constraint in the last ${WINDOW_DAYS} days, ${c.total} in the quarantine in all (the service counts them as uns_metadata_sync_constraint_violation_total)`,
      evidence: c,
    };
  });
  const payloads = await guardedStep('offending payloads', async () => {
    const rows = (
      await ctx.db.query<Entry>(
        `SELECT quarantine_id::text AS id, topic, received_at, message, details FROM uns_meta_sync.quarantine
       WHERE error_code = 'constraint_violation' ORDER BY received_at DESC, quarantine_id DESC LIMIT $1`,
        [SHOWN],
      )
    ).rows;
    offenders = await Promise.all(rows.map((e) => offender(ctx.db, e)));
    const lines = offenders.map(
      (o) =>
        `#${o.quarantineId} ${o.receivedAt.toISOString()} constraint ${o.constraint ?? '?'}: device ${o.deviceUnsPath ?? o.topic}${o.deviceId ? ` (device_id ${o.deviceId})` : ' (not in uns_meta.devices)'}${o.metric ? `, metric ${o.metric}` : ''}`,
    );
    return {
      step: 'offending payloads',
      status: offenders.length ? 'WARN' : 'OK',
      detail: lines.length ? lines.join('\n') : 'no quarantined constraint violation',
      evidence: offenders,
    };
  });
  const validation = await guardedStep('constraint validation', () => constraintStep(ctx, offenders));
  return {
    flow: 'flow-a',
    title: 'Constraint violation during ingest',
    steps: [intake, payloads, validation],
    remedies: remediesA(ctx, offenders),
  };
}

async function constraintStep(ctx: OpsContext, offenders: readonly Offender[]): Promise<DoctorStep> {
  const checks = await diagnosticChecks(ctx, ['constraints.valid', 'constraints.contract']);
  const named = [...new Set(offenders.map((o) => o.constraint).filter((c): c is string => c !== null))];
  const defs = (
    await ctx.db.query<{ conname: string; table_name: string; definition: string; convalidated: boolean }>(
      `SELECT conname, conrelid::regclass::text AS table_name, pg_get_constraintdef(oid) AS definition, convalidated
     FROM pg_constraint WHERE connamespace = 'uns_meta'::regnamespace AND conname = ANY($1) ORDER BY conname`,
      [named],
    )
  ).rows;
  const missing = named.filter((n) => !defs.some((d) => d.conname === n));
  const lines = [
    ...checks.map(checkLine),
    ...defs.map((d) => `${d.conname} on ${d.table_name}${d.convalidated ? '' : ' (NOT VALIDATED)'}: ${d.definition}`),
    ...missing.map((n) => `${n}: no longer in uns_meta (dropped or renamed since: schema drift?)`),
  ];
  return {
    step: 'constraint validation',
    status: worst([...checks.map((c) => c.status), missing.length ? 'WARN' : 'OK']),
    detail: lines.join('\n'),
    evidence: { checks, constraints: defs, missing },
  };
}

function remediesA(ctx: OpsContext, offenders: readonly Offender[]): string[] {
  if (offenders.length === 0) return ['nothing to do: no birth was refused by a constraint'];
  const devices = [...new Set(offenders.map((o) => o.deviceUnsPath ?? o.topic))].join(', ');
  const constraints = [...new Set(offenders.map((o) => o.constraint ?? '?'))].join(', ');
  const admin = `http://${ctx.settings.http.host}:${ctx.settings.http.port}/admin/db-mode`;
  return [
    `Data issue (compare the payload with the schema contract): have the edge fix the birth of ${devices} so it satisfies ${constraints}, then re-apply the cached births: \`uns-meta ingest replay\` (\`--dry-run\` first shows the diff).`,
    `Schema drift: halt writes with DB_MODE=mock at run time — \`curl -X POST ${admin} -H "Authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' -d '{"mode":"mock"}'\` — apply the migration or constraint fix under change control (\`uns-meta migrate up\`), re-enable with '{"mode":"local"}', then \`uns-meta ingest replay\`.`,
  ];
}
