// A transactional logical-decoding message in a birth's own transaction, saying when the birth came
// off the broker: CDC reads it with the changes, so Canary's end-to-end latency is measured from
// arrival, not from commit. Costs one small WAL record per birth that changed something.

import type { Queryable } from '../db.js';

export const BIRTH_MESSAGE_PREFIX = 'uns-meta.birth';

export async function markReceivedAt(client: Queryable, receivedAt: number): Promise<void> {
  await client.query('SELECT pg_logical_emit_message(true, $1, $2::text)', [
    BIRTH_MESSAGE_PREFIX,
    JSON.stringify({ receivedAt }),
  ]);
}
