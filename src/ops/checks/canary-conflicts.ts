// canary.conflicts (daily): metrics Canary does not get because another metric owns their tag id (two
// paths that map to one tag, e.g. `a.b` and `a/b`). The owner keeps the tag (cdc/tag-owners.ts); the
// other waits here until it is renamed, retired, or the owner lets go.

import { statusAbove } from '../check.js';
import type { OpsCheck } from '../runner.js';

const LISTED = 50;

export const canaryConflicts: OpsCheck = {
  id: 'canary.conflicts',
  title: 'Canary tag conflicts: metrics not sent because another metric owns their tag',
  cadence: 'daily',
  unit: 'metrics',
  thresholds: { warn: 0, crit: null },
  remedy:
    'two UNS paths map to one Canary tag: rename one of them (`uns-meta metrics rename <old> <new>`, or at the edge) or retire it; the owner keeps the tag until then (system.md §4)',
  run: async (ctx, t) => {
    const r = await ctx.db.query<{ n: string; metric: string; owner: string; canary_id: string; detected_at: Date }>(
      `SELECT count(*) OVER () AS n, m.uns_path AS metric, o.uns_path AS owner, c.canary_id, c.detected_at
       FROM uns_meta_sync.canary_conflicts c
       JOIN uns_meta.metrics m ON m.metric_id = c.metric_id
       JOIN uns_meta.metrics o ON o.metric_id = c.owner_metric_id
       ORDER BY c.detected_at, c.metric_id LIMIT $1`,
      [LISTED],
    );
    const n = Number(r.rows[0]?.n ?? 0);
    return {
      status: statusAbove(n, t),
      value: n,
      evidence: {
        conflicts: r.rows.map((x) => ({
          tag: x.canary_id,
          notSent: x.metric,
          owner: x.owner,
          since: x.detected_at.toISOString(),
        })),
      },
    };
  },
};
