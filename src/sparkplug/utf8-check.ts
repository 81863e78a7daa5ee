// Where protobufjs replaced invalid UTF-8 with U+FFFD in a decoded metric: the store must refuse such a
// name, key or string value rather than keep text the edge node never sent. Pure.

import type { org } from './generated/sparkplug_b.js';
import type { PropertyValue } from './birth.js';

type IPropertySet = org.eclipse.tahu.protobuf.Payload.IPropertySet;
// properties.ts refuses sets nested deeper than 32, so the UTF-8 walk need not go further.
const MAX_PROPERTY_DEPTH = 33;

/**
 * The decoder turns invalid UTF-8 into U+FFFD. An honest U+FFFD re-encodes to bytes present in the
 * metric; a replacement does not.
 */
export function replaced(s: string, raw: Buffer): boolean {
  return s.includes('\uFFFD') && !raw.includes(Buffer.from(s));
}

export function hasReplacement(props: ReadonlyMap<string, PropertyValue>): boolean {
  for (const [key, v] of props)
    if (key.includes('\uFFFD') || (v.type === 'string' && v.value.includes('\uFFFD'))) return true;
  return false;
}

/** The first property key or string value (nested sets included) that was not valid UTF-8, or null. */
export function invalidProperty(set: IPropertySet | null | undefined, raw: Buffer, depth: number): string | null {
  if (set == null || depth > MAX_PROPERTY_DEPTH) return null;
  const keys = set.keys ?? [];
  const values = set.values ?? [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] ?? '';
    if (replaced(key, raw)) return `property key #${i}`;
    const v = values[i];
    if (v == null) continue;
    if (typeof v.stringValue === 'string' && replaced(v.stringValue, raw)) return `the value of property '${key}'`;
    const nested = [v.propertysetValue, ...(v.propertysetsValue?.propertyset ?? [])];
    for (const child of nested) {
      const where = invalidProperty(child, raw, depth + 1);
      if (where !== null) return where;
    }
  }
  return null;
}

/** invalidProperty over the members of a Template value, nested ones included. */
export function invalidMemberProperty(
  members: org.eclipse.tahu.protobuf.Payload.IMetric[] | null | undefined,
  raw: Buffer,
): string | null {
  for (const member of members ?? []) {
    const where =
      invalidProperty(member.properties, raw, 0) ?? invalidMemberProperty(member.templateValue?.metrics, raw);
    if (where !== null) return where;
  }
  return null;
}
