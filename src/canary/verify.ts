// `canary verify`: the parity report DB ↔ Canary — every active metric's current properties (optionally
// under a uns_path prefix) against Canary's latest values read through the Views API v2. Wiring only:
// the tag id rule is tag-ids.ts, the comparison parity.ts, the HTTP call views.ts. It repairs nothing
// (`canary backfill` does).

import type { Queryable } from '../db.js';
import { currentState } from './current-state.js';
import { compareParity, type ExpectedTag, type ParityReport } from './parity.js';
import { canaryTagId, type DatasetOptions } from './tag-ids.js';
import { getTagProperties, type ViewsTarget } from './views.js';

export async function verifyParity(
  db: Queryable,
  views: ViewsTarget,
  o: { prefix: string; datasets: DatasetOptions },
): Promise<ParityReport> {
  const expected: ExpectedTag[] = [];
  const skipped: ParityReport['skipped'] = [];
  for (const m of await currentState(db, o.prefix)) {
    const id = canaryTagId(m.canaryId, o.datasets);
    if (id.ok) expected.push({ tag: id.tag, canaryId: m.canaryId, properties: m.properties });
    else skipped.push({ canaryId: m.canaryId, reason: `${id.reason}: ${id.detail}` });
  }
  const actual = await getTagProperties(views, [...new Set(expected.map((e) => e.tag))]);
  return compareParity(expected, actual, skipped);
}
