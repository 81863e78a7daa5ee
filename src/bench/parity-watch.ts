// Canary parity for the end-to-end benchmark. expectedState: the tags as `canary verify` derives them from
// a database (current state + canaryTagId). watchParity: each poll compares only the tags not yet equal,
// with parity.ts's own rule, against what getTagProperties would answer (simulator.latest) — no HTTP, so
// polling takes nothing from a throttled request budget. verifyInPages: verifyParity's steps
// (current state → getTagProperties over the Views API → compareParity) a page of metrics at a time,
// for births whose whole state is too big to hold twice.

import type { Queryable } from '../db.js';
import { CURRENT_STATE_SQL } from '../canary/current-state.js';
import type { JsonScalar } from '../cdc/outbox-rows.js';
import { compareParity, type ExpectedTag } from '../canary/parity.js';
import { canaryTagId, type DatasetOptions } from '../canary/tag-ids.js';
import { getTagProperties, type ViewsTarget } from '../canary/views.js';

export interface ParityWatch {
  /** Tags expected (active metrics with properties and a valid tag id). */
  readonly tags: number;
  /** Metrics whose canary id is not a tag the service may write. */
  readonly skipped: number;
  /** Compares the tags still differing; returns how many still differ. */
  poll(): number;
}

export interface PagedParity {
  tags: number;
  inParity: number;
  missingTags: number;
  differing: number;
  skipped: number;
}

const PAGE = 50_000;

/**
 * The expected tags of the next page of active metrics after `afterId` (metric id order). The page is cut
 * on metric ids first (an index walk), so each query aggregates only its own metrics' properties.
 */
async function page(
  db: Queryable,
  afterId: bigint,
  datasets: DatasetOptions,
): Promise<{ expected: ExpectedTag[]; skipped: number; lastId: bigint | null }> {
  const bound = await db.query<{ last: bigint | null }>(
    'SELECT max(metric_id) AS last FROM (SELECT metric_id FROM uns_meta.metrics WHERE metric_id > $1 ORDER BY metric_id LIMIT $2) s',
    [afterId.toString(), PAGE],
  );
  const last = bound.rows[0]?.last ?? null;
  if (last === null) return { expected: [], skipped: 0, lastId: null };
  const r = await db.query<{ metric_id: bigint; canary_id: string; properties: Record<string, JsonScalar> }>(
    `SELECT metric_id, canary_id, properties FROM (${CURRENT_STATE_SQL}) s WHERE metric_id > $2 AND metric_id <= $3 ORDER BY metric_id`,
    ['', afterId.toString(), last.toString()],
  );
  const expected: ExpectedTag[] = [];
  let skipped = 0;
  for (const m of r.rows) {
    const id = canaryTagId(m.canary_id, datasets);
    if (id.ok) expected.push({ tag: id.tag, canaryId: m.canary_id, properties: m.properties });
    else skipped++;
  }
  return { expected, skipped, lastId: last };
}

async function* pages(
  db: Queryable,
  datasets: DatasetOptions,
): AsyncGenerator<{ expected: ExpectedTag[]; skipped: number }> {
  let after = 0n;
  for (;;) {
    const p = await page(db, after, datasets);
    if (p.lastId === null) return;
    yield p;
    after = p.lastId;
  }
}

export interface ExpectedState {
  tags: ExpectedTag[];
  skipped: number;
}

/** What Canary should hold for the database's current state, as `canary verify` derives it. */
export async function expectedState(db: Queryable, datasets: DatasetOptions = {}): Promise<ExpectedState> {
  const out: ExpectedState = { tags: [], skipped: 0 };
  for await (const p of pages(db, datasets)) {
    for (const e of p.expected) out.tags.push(e);
    out.skipped += p.skipped;
  }
  return out;
}

/** A poll stops after this many absent tags in a row: the rest have not been written either, most likely. */
const ABSENT_RUN = 2_000;

/**
 * Tags arrive in Canary roughly in metric id order (the outbox's order), so a poll walks the differing
 * tags in that order and stops at a long run of absent ones: each poll costs what arrived since the last
 * one, not the whole birth, which matters next to a simulator sharing this process. Parity is only ever
 * reported after a walk that reached the end.
 */
export function watchParity(
  expected: ExpectedState,
  latest: (tag: string) => Record<string, unknown> | undefined,
): ParityWatch {
  const remaining = [...expected.tags];
  let size = remaining.length;
  return {
    tags: expected.tags.length,
    skipped: expected.skipped,
    poll() {
      let kept = 0;
      let absent = 0;
      let i = 0;
      for (; i < size && absent < ABSENT_RUN; i++) {
        const e = remaining[i] as ExpectedTag;
        const have = latest(e.tag);
        absent = have === undefined ? absent + 1 : 0;
        if (have === undefined || compareParity([e], new Map([[e.tag, have]])).inParity !== 1) remaining[kept++] = e;
      }
      // The tail the walk did not reach stays as it is.
      for (; i < size; i++) remaining[kept++] = remaining[i] as ExpectedTag;
      size = kept;
      return size;
    },
  };
}

export async function verifyInPages(
  db: Queryable,
  views: ViewsTarget,
  datasets: DatasetOptions = {},
): Promise<PagedParity> {
  const total: PagedParity = { tags: 0, inParity: 0, missingTags: 0, differing: 0, skipped: 0 };
  for await (const p of pages(db, datasets)) {
    const actual = await getTagProperties(views, [...new Set(p.expected.map((e) => e.tag))]);
    const r = compareParity(p.expected, actual);
    total.tags += r.tags;
    total.inParity += r.inParity;
    total.missingTags += r.missingTags.length;
    total.differing += r.differing.length + r.missingKeys.length + r.extraKeys.length;
    total.skipped += p.skipped;
  }
  return total;
}
