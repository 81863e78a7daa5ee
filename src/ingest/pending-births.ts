// Which births of the birth cache the database does not have yet (its newest applied birth of that
// device/node has another payload hash): what `ingest replay` and a service start re-apply.

import type { Queryable } from '../db.js';
import type { BirthHeader, SparkplugTopic } from '../sparkplug/birth.js';
import { scopeKey } from '../sparkplug/host-state.js';
import { parseTopic } from '../sparkplug/topic.js';
import { appliedBirthHashes } from '../store/aliases.js';
import type { BirthCache, CachedBirthMeta } from './birth-cache.js';

export interface PendingBirth {
  key: string;
  meta: CachedBirthMeta;
  topic: SparkplugTopic;
  header: BirthHeader;
}

export async function pendingBirths(
  db: Queryable,
  cache: BirthCache,
  opts: { all?: boolean } = {},
): Promise<PendingBirth[]> {
  const applied = opts.all ? new Map<string, string>() : await appliedBirthHashes(db);
  const out: PendingBirth[] = [];
  for (const key of cache.keys()) {
    const meta = cache.meta(key);
    const t = meta ? parseTopic(meta.topic) : null;
    if (!meta || !t?.ok || applied.get(scopeKey(t.topic)) === meta.sha256) continue;
    const header = {
      timestamp: meta.timestamp === null ? null : BigInt(meta.timestamp),
      seq: meta.seq === null ? null : BigInt(meta.seq),
    };
    out.push({ key, meta, topic: t.topic, header });
  }
  // Oldest first, as they were received.
  return out.sort((a, b) => a.meta.receivedAt.localeCompare(b.meta.receivedAt));
}
