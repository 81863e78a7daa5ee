// `ops vacuum`: the playbook's weekly VACUUM (VERBOSE, ANALYZE) / ANALYZE VERBOSE, or with `full` flow C's
// manual VACUUM (FULL, ANALYZE) under a raised maintenance_work_mem. Records each statement's duration,
// sizes and the server's VERBOSE output. Asking for consent is the caller's job; logging is runAction's.

import type { Pool } from '../../db.js';
import { AppError } from '../../errors.js';

/** The part of a server notice (pg's NoticeMessage) that VERBOSE output and skip warnings live in. */
interface Notice {
  severity?: string;
  message?: string;
  detail?: string;
}

export const VACUUMED = ['uns_meta.metric_properties', 'uns_meta.metric_versions'] as const;
export const ANALYZED = ['uns_meta.devices', 'uns_meta.metrics'] as const;
/** Change management: rebuilds of tables above this size only in off-peak ingestion windows. */
export const OFF_PEAK_BYTES = 10 * 1024 ** 3;

// Fixed statements over fixed tables: nothing here comes from input.
const WEEKLY = [
  ...VACUUMED.map((t) => `VACUUM (VERBOSE, ANALYZE) ${t}`),
  ...ANALYZED.map((t) => `ANALYZE VERBOSE ${t}`),
];
const FULL = [
  ...VACUUMED.map((t) => `VACUUM (FULL, VERBOSE, ANALYZE) ${t}`),
  ...ANALYZED.map((t) => `ANALYZE VERBOSE ${t}`),
];

export interface VacuumStep {
  statement: string;
  table: string;
  durationMs: number;
  bytesBefore: number;
  bytesAfter: number;
  /** The server's VERBOSE report (INFO notices), as psql would print it. */
  output: string[];
}

export async function runVacuum(
  pool: Pool,
  o: { full: boolean; maintenanceWorkMem: string },
): Promise<{ steps: VacuumStep[]; details: Record<string, unknown> }> {
  const client = await pool.connect();
  let notices: Notice[] = [];
  const onNotice = (n: Notice) => notices.push(n);
  client.on('notice', onNotice);
  const steps: VacuumStep[] = [];
  try {
    if (o.full) await client.query(`SELECT set_config('maintenance_work_mem', $1, false)`, [o.maintenanceWorkMem]);
    for (const statement of o.full ? FULL : WEEKLY) {
      const table = statement.split(' ').at(-1) as string;
      const bytesBefore = await totalBytes(client, table);
      notices = [];
      const started = performance.now();
      await client.query(statement);
      const durationMs = Math.round(performance.now() - started);
      // PostgreSQL 16 skips a table the role may not vacuum with a WARNING, not an error: never a silent success.
      const skipped = notices.find((n) => n.severity === 'WARNING' && /skipping/.test(n.message ?? ''));
      if (skipped)
        throw new AppError(
          'db_error',
          `${statement}: ${skipped.message}; run ops vacuum as the tables' owner (uns_meta_admin) or a superuser`,
        );
      steps.push({
        statement,
        table,
        durationMs,
        bytesBefore,
        bytesAfter: await totalBytes(client, table),
        output: notices.map(noticeText),
      });
    }
  } finally {
    client.off('notice', onNotice);
    const resetFailed = await client.query('RESET maintenance_work_mem').then(
      () => undefined,
      (e: Error) => e,
    );
    client.release(resetFailed);
  }
  const summary = steps.map(({ output: _o, ...s }) => s);
  return {
    steps,
    details: {
      full: o.full,
      maintenanceWorkMem: o.full ? o.maintenanceWorkMem : undefined,
      steps: summary,
      output: Object.fromEntries(steps.map((s) => [s.statement, s.output])),
    },
  };
}

async function totalBytes(client: Pick<Pool, 'query'>, table: string): Promise<number> {
  return (
    (await client.query<{ b: number }>('SELECT pg_total_relation_size($1::regclass)::float8 AS b', [table])).rows[0]
      ?.b ?? 0
  );
}

function noticeText(n: Notice): string {
  return `${n.severity ?? 'INFO'}:  ${n.message ?? ''}${n.detail ? `\nDETAIL:  ${n.detail}` : ''}`;
}

/** What VACUUM FULL costs, said before it runs (CLI) and in doctor flow C. */
export async function fullVacuumWarning(pool: Pick<Pool, 'query'>, maintenanceWorkMem: string): Promise<string[]> {
  const sizes = await pool.query<{ t: string; b: number }>(
    'SELECT t, pg_total_relation_size(t::regclass)::float8 AS b FROM unnest($1::text[]) t',
    [[...VACUUMED]],
  );
  const big = sizes.rows.filter((r) => r.b > OFF_PEAK_BYTES);
  const gb = (b: number) => `${(b / 1024 ** 3).toFixed(2)} GB`;
  return [
    `VACUUM FULL rewrites ${sizes.rows.map((r) => `${r.t} (${gb(r.b)})`).join(' and ')} under an ACCESS EXCLUSIVE lock: ingest, CDC and readers of these tables wait until it ends; it needs free disk space for a full copy.`,
    `maintenance_work_mem is set to ${maintenanceWorkMem} for the session (OPS_VACUUM_MAINTENANCE_WORK_MEM).`,
    big.length
      ? `Change management: ${big.map((r) => r.t).join(', ')} ${big.length === 1 ? 'is' : 'are'} over 10 GB: run only in an off-peak ingestion window, with DBA sign-off.`
      : 'Change management: tables over 10 GB are rebuilt only off-peak; none is that large now.',
  ];
}
