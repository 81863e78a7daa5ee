// canary.parity (daily): a sample of metrics — random, plus every one changed in the last hour — read back
// through Canary's Views API and compared with the database (the comparison of `canary verify`). Drift
// is recorded in uns_meta_sync.canary_drift for the API; nothing is repaired (`canary backfill` does).

import { differencesByTag, compareParity, type ExpectedTag, type TagDifference } from '../../canary/parity.js';
import { canaryTagId, type DatasetOptions } from '../../canary/tag-ids.js';
import { getTagProperties, type ViewsTarget } from '../../canary/views.js';
import type { JsonScalar } from '../../cdc/outbox-rows.js';
import { maskUrl } from '../../config.js';
import { withTransaction } from '../../db.js';
import { statusAbove } from '../check.js';
import type { OpsContext } from '../context.js';
import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';
import { canaryConflicts } from './canary-conflicts.js';

export interface CanaryParitySettings {
  /** CANARY_VIEWS_URL and CANARY_API_TOKEN: the Canary read back (unset: the service's simulator, if any). */
  viewsUrl: string | undefined;
  apiToken: string | undefined;
  /** OPS_CANARY_PARITY_SAMPLE: random metrics compared per run, besides the recently changed ones. */
  sampleSize: number;
  /** CANARY_DATASET_OVERRIDE and CANARY_DATASET_PREFIX, as the writer applies them. */
  datasets: DatasetOptions;
}

export const PARITY_SAMPLE_DEFAULT = 200;
const RECENT_SECONDS = 3600;
/** Bounds one run after a mass change (a first birth of 1,000,000 metrics): the newest changes first. */
const RECENT_MAX = 5000;
/** Time the writer may take after the debounce (a retry or two) before a change counts as late. */
const IN_FLIGHT_SLACK_SECONDS = 60;
const LISTED = 50;

interface SampleRow {
  metric_id: bigint;
  canary_id: string;
  uns_path: string;
  recent: boolean;
  properties: Record<string, JsonScalar>;
  recent_changed: number;
  pending: boolean;
  dead_lettered: boolean;
  conflict: boolean;
  in_flight: boolean;
}

type Known = 'conflict' | 'deadLettered' | 'pending' | 'inFlight';

/** Same precedence as the API's Canary status: the state that explains the metric best. */
function knownState(r: SampleRow): Known | null {
  if (r.conflict) return 'conflict';
  if (r.dead_lettered) return 'deadLettered';
  if (r.pending) return 'pending';
  return r.in_flight ? 'inFlight' : null;
}

/** CANARY_VIEWS_URL wins (as for the tag resolver); else the embedded simulator the service runs. */
function viewsTarget(ctx: OpsContext): ViewsTarget | null {
  const c = ctx.settings.canary;
  if (c.viewsUrl) return { url: c.viewsUrl, apiToken: c.apiToken };
  return ctx.canaryViews ?? null;
}

/** The longest common uns_path prefix at segment boundaries ('' when the paths share none). */
export function commonPathPrefix(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  let common = (paths[0] as string).split('/');
  for (const p of paths.slice(1)) {
    const s = p.split('/');
    let i = 0;
    while (i < common.length && i < s.length && common[i] === s[i]) i++;
    common = common.slice(0, i);
  }
  return common.join('/');
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function driftRemedy(n: number, paths: readonly string[]): string {
  const prefix = commonPathPrefix(paths);
  const opt = prefix ? ` --prefix ${shellQuote(prefix)}` : '';
  return `Canary holds other values than the database for ${n} tag(s) (listed in the evidence): re-send the current state with \`uns-meta canary backfill${opt}\` (the running service delivers it), then compare in full with \`uns-meta canary verify${opt}\`. Drift that comes back means something else writes these tags in Canary.`;
}

interface Drift {
  metricId: bigint;
  canaryId: string;
  unsPath: string;
  tag: string;
  differences: TagDifference[];
}

/** Upserts the drifting metrics, forgets those now in parity and those no longer active. Best effort. */
async function recordDrift(
  ctx: OpsContext,
  drift: readonly Drift[],
  inParity: readonly bigint[],
): Promise<string | null> {
  try {
    await withTransaction(ctx.db, async (c) => {
      // found_at stays the first run that saw the metric drifting, while it keeps drifting.
      await c.query(
        `INSERT INTO uns_meta_sync.canary_drift (metric_id, canary_id, differences)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::jsonb[])
         ON CONFLICT (metric_id) DO UPDATE SET canary_id = EXCLUDED.canary_id, differences = EXCLUDED.differences`,
        [
          drift.map((d) => d.metricId.toString()),
          drift.map((d) => d.canaryId),
          drift.map((d) => JSON.stringify(d.differences)),
        ],
      );
      await c.query('DELETE FROM uns_meta_sync.canary_drift WHERE metric_id = ANY($1::bigint[])', [
        inParity.map(String),
      ]);
      await c.query(
        `DELETE FROM uns_meta_sync.canary_drift d
         WHERE NOT EXISTS (SELECT 1 FROM uns_meta.metrics m WHERE m.metric_id = d.metric_id AND m.retired_at IS NULL)`,
      );
    });
    return null;
  } catch (err) {
    return `drift not recorded in uns_meta_sync.canary_drift: ${(err as Error).message}`;
  }
}

export const canaryParity: OpsCheck = {
  id: 'canary.parity',
  title: 'Canary parity: a sample of tags read back through the Views API',
  cadence: 'daily',
  unit: 'tags',
  thresholds: { warn: 0, crit: null },
  remedy:
    'Canary parity (system.md §4): re-send drifting tags with `uns-meta canary backfill --prefix <uns_path prefix>` and compare in full with `uns-meta canary verify`',
  run: async (ctx, t) => {
    const { canary, cdc } = ctx.settings;
    const views = viewsTarget(ctx);
    if (!views) {
      if (!cdc.enabled)
        return {
          status: 'SKIP',
          evidence: { reason: 'CDC_ENABLED=false: nothing is sent to Canary, and no CANARY_VIEWS_URL' },
        };
      return {
        status: 'UNKNOWN',
        evidence: { reason: 'CANARY_VIEWS_URL is not set' },
        remedy:
          "set CANARY_VIEWS_URL to Canary's Views read API v2 (e.g. https://host:55236/api/v2) and CANARY_API_TOKEN if it needs one; parity cannot be measured without reading Canary back",
      };
    }
    const window = cdc.debounceMaxSeconds + IN_FLIGHT_SLACK_SECONDS;
    const rows = (
      await ctx.db.query<SampleRow>(opsSql('canary-parity-sample.sql'), [
        canary.sampleSize,
        RECENT_SECONDS,
        RECENT_MAX,
        window,
      ])
    ).rows;
    const known: Record<Known, number> = { conflict: 0, deadLettered: 0, pending: 0, inFlight: 0 };
    const expected: ExpectedTag[] = [];
    const byTag = new Map<string, SampleRow[]>();
    const skipped: Array<{ canaryId: string; reason: string }> = [];
    for (const r of rows) {
      const k = knownState(r);
      if (k) {
        known[k]++;
        continue;
      }
      const id = canaryTagId(r.canary_id, canary.datasets);
      if (!id.ok) {
        skipped.push({ canaryId: r.canary_id, reason: `${id.reason}: ${id.detail}` });
        continue;
      }
      if (!byTag.has(id.tag)) expected.push({ tag: id.tag, canaryId: r.canary_id, properties: r.properties });
      byTag.set(id.tag, [...(byTag.get(id.tag) ?? []), r]);
    }
    const report = compareParity(expected, await getTagProperties(views, [...byTag.keys()]), skipped);
    const diffs = differencesByTag(report);
    const drift: Drift[] = [];
    const inParity: bigint[] = [];
    for (const [tag, metrics] of byTag) {
      const d = diffs.get(tag);
      for (const m of metrics) {
        if (d) drift.push({ metricId: m.metric_id, canaryId: m.canary_id, unsPath: m.uns_path, tag, differences: d });
        else inParity.push(m.metric_id);
      }
    }
    drift.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
    const notRecorded = await recordDrift(ctx, drift, inParity);
    const status = statusAbove(drift.length, t);
    return {
      status,
      value: drift.length,
      evidence: {
        views: maskUrl(views.url),
        sampled: {
          random: rows.filter((r) => !r.recent).length,
          changedLastHour: rows.filter((r) => r.recent).length,
          changedTotal: rows[0]?.recent_changed ?? 0,
          changedMax: RECENT_MAX,
        },
        compared: inParity.length + drift.length,
        inParity: inParity.length,
        known,
        skipped: skipped.slice(0, LISTED),
        drift: drift
          .slice(0, LISTED)
          .map((d) => ({ tag: d.tag, metricId: Number(d.metricId), unsPath: d.unsPath, differences: d.differences })),
        ...(drift.length > LISTED ? { driftNotListed: drift.length - LISTED } : {}),
        ...(notRecorded ? { notRecorded } : {}),
      },
      ...(status !== 'OK' && drift.length > 0
        ? {
            remedy: driftRemedy(
              drift.length,
              drift.map((d) => d.unsPath),
            ),
          }
        : {}),
    };
  },
};

export const canaryChecks: OpsCheck[] = [canaryParity, canaryConflicts];
