// Outbox entries → the change sets tagWrites takes (every property stamped with the row's enqueued_at;
// null = removed). Pure. The writer and `canary preview` both use it, so a preview shows what is sent.

import type { OutboxEntry } from '../cdc/outbox.js';
import type { JsonScalar } from '../cdc/outbox-rows.js';
import type { PropertyValue } from '../sparkplug/birth.js';
import type { ChangeSet } from './entries.js';

export function outboxChangeSets(due: readonly OutboxEntry[]): ChangeSet[] {
  return due.map((e) => ({
    canaryId: e.canaryId,
    changes: Object.entries(e.properties).map(([key, v]) => ({ key, value: outboxPropertyValue(v), at: e.enqueuedAt })),
  }));
}

/** Outbox values are JSON already (64-bit beyond 2^53 as strings); they go to Canary as they are. */
export function outboxPropertyValue(v: JsonScalar | null): PropertyValue | null {
  if (v === null) return null;
  if (typeof v === 'number') return { type: 'double', value: v };
  if (typeof v === 'boolean') return { type: 'boolean', value: v };
  return { type: 'string', value: v };
}
