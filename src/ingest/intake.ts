// From a topic and raw bytes to a Birth the store can apply, or to the specific reason it cannot be:
// topic shape, size, decoding. Shared by capture files and the live broker intake. Pure (no I/O).

import type { Birth } from '../sparkplug/birth.js';
import { parseTopic, isBirth } from '../sparkplug/topic.js';
import { decodePayload } from '../sparkplug/payload.js';
import { decodeJsonPayload } from '../sparkplug/json-payload.js';
import type { QuarantineCode } from '../store/quarantine.js';

export type PayloadFormat = 'protobuf' | 'sparkplug-json';

export type IntakeResult = { ok: true; birth: Birth } | { ok: false; topic: string; code: QuarantineCode; reason: string; payload: Buffer };

export interface IntakeLimits {
  maxPayloadBytes: number;
  maxInflatedBytes: number;
}

export function intakeBirth(topic: string, payload: Buffer, format: PayloadFormat, limits: IntakeLimits): IntakeResult {
  const fail = (code: QuarantineCode, reason: string): IntakeResult => ({ ok: false, topic, code, reason, payload });
  const t = parseTopic(topic);
  if (!t.ok) return fail('topic_invalid', t.reason);
  if (!isBirth(t.topic.type)) return fail('topic_invalid', `${t.topic.type} is not a birth (only NBIRTH and DBIRTH are stored): '${topic}'`);
  if (payload.length > limits.maxPayloadBytes) {
    return fail('payload_too_large', `payload of ${payload.length} bytes exceeds INGEST_MAX_PAYLOAD_BYTES=${limits.maxPayloadBytes}`);
  }
  // An empty protobuf decodes as a birth without metrics, which would retire every metric of the device.
  if (payload.length === 0) return fail('payload_undecodable', 'empty payload: a birth carries a timestamp, a seq and its metrics');
  const decoded = format === 'protobuf' ? decodePayload(payload, { maxInflatedBytes: limits.maxInflatedBytes }) : decodeJsonPayload(payload);
  if (!decoded.ok) return fail('payload_undecodable', decoded.reason);
  return {
    ok: true,
    birth: { topic, parsed: t.topic, header: decoded.header, metricCount: decoded.metricCount, metrics: decoded.metrics, payload },
  };
}
