// Parses a Sparkplug B topic `spBv1.0/<group>/<TYPE>/<edge>[/<device>]` into its levels.
// Accepts every edge/device message type (the caller decides with isBirth); host STATE topics and
// anything else are returned as { ok: false, reason }. Ids are kept verbatim (no normalization here).
import type { MessageType, SparkplugTopic } from './birth.js';

const NAMESPACE = 'spBv1.0';
const DEVICE_TYPES: ReadonlySet<string> = new Set(['DBIRTH', 'DDEATH', 'DDATA', 'DCMD']);
const NODE_TYPES: ReadonlySet<string> = new Set(['NBIRTH', 'NDEATH', 'NDATA', 'NCMD']);
// Group, edge and device ids are btree keys (devices, births, aliases): three of them must stay well
// under PostgreSQL's ~2,700-byte index row limit, with room left for metric names in a 1,024-byte UNS path.
export const MAX_ID_BYTES = 256;

export type TopicResult = { ok: true; topic: SparkplugTopic } | { ok: false; reason: string };

export function parseTopic(topic: string): TopicResult {
  const levels = topic.split('/');
  if (levels[0] !== NAMESPACE) return bad(`not a Sparkplug B topic (must start with ${NAMESPACE}/)`, topic);
  if (levels[1] === 'STATE') return bad('host application STATE topic, not a birth', topic);
  if (levels.length < 4 || levels.length > 5) {
    return bad(`expected ${NAMESPACE}/<group>/<type>/<edge>[/<device>], got ${levels.length} levels`, topic);
  }
  const [, group = '', type = '', edge = '', device = ''] = levels;
  if (levels.some((l) => l === '')) return bad('empty topic level', topic);
  // A wildcard is legal in a subscription filter but never in the topic of a published message.
  if (levels.some((l) => l.includes('+') || l.includes('#'))) return bad('wildcard (+ or #) in topic', topic);
  // MQTT forbids U+0000 in topics, but capture files are not MQTT; PostgreSQL text cannot hold it.
  if (topic.includes('\u0000')) return bad('NUL character in topic', topic);
  const long = levels.find((l) => Buffer.byteLength(l) > MAX_ID_BYTES);
  if (long !== undefined)
    return bad(`topic level of ${Buffer.byteLength(long)} bytes (ids are limited to ${MAX_ID_BYTES})`, topic);
  if (DEVICE_TYPES.has(type)) {
    if (levels.length !== 5) return bad(`${type} requires a device id level`, topic);
  } else if (NODE_TYPES.has(type)) {
    if (levels.length !== 4) return bad(`${type} must not have a device id level`, topic);
  } else {
    return bad(`unknown message type '${type}'`, topic);
  }
  return { ok: true, topic: { group, type: type as MessageType, edge, device } };
}

export function isBirth(type: MessageType): boolean {
  return type === 'NBIRTH' || type === 'DBIRTH';
}

function bad(reason: string, topic: string): { ok: false; reason: string } {
  const shown = topic.length > 300 ? `${topic.slice(0, 300)}…` : topic;
  return { ok: false, reason: `${reason}: '${shown.replaceAll('\u0000', '\\0')}'` };
}
