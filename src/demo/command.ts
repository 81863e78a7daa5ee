// Reads an NCMD addressed to the simulated edge node: is it `Node Control/Rebirth` = true (by name or by
// its alias)? Every other command is ignored, as an edge node without writable tags would.
import { org } from '../sparkplug/generated/sparkplug_b.js';
import { toBigInt } from '../sparkplug/integers.js';
import { metricValue } from '../sparkplug/metric-value.js';
import { NODE_REBIRTH, NODE_REBIRTH_ALIAS } from './catalog.js';

export function isRebirthRequest(payload: Uint8Array): boolean {
  let decoded: org.eclipse.tahu.protobuf.Payload;
  try {
    decoded = org.eclipse.tahu.protobuf.Payload.decode(payload);
  } catch {
    return false;
  }
  return decoded.metrics.some((m) => {
    const named = m.name === NODE_REBIRTH || (!m.name && m.alias != null && toBigInt(m.alias) === NODE_REBIRTH_ALIAS);
    const v = named ? metricValue(m) : null;
    return v !== null && v.ok && v.value === true;
  });
}
