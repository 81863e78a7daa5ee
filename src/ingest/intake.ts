// From a topic and raw bytes to a Birth the store can apply, or to the specific reason it cannot be:
// topic shape, size, decoding. Shared by capture files and the live broker intake. Pure (no I/O), except
// intakeLiveBirth, which inflates in the thread pool.

import type { Birth } from '../sparkplug/birth.js';
import { parseTopic, isBirth } from '../sparkplug/topic.js';
import { decodePayload, preInflate } from '../sparkplug/payload.js';
import { decodeJsonPayload } from '../sparkplug/json-payload.js';
import type { QuarantineCode } from '../store/quarantine.js';

export type PayloadFormat = 'protobuf' | 'sparkplug-json';

export type IntakeResult =
  { ok: true; birth: Birth } | { ok: false; topic: string; code: QuarantineCode; reason: string; payload: Buffer };

export interface IntakeLimits {
  maxPayloadBytes: number;
  maxInflatedBytes: number;
}

/** `inflated`: the body of a compressed protobuf payload already inflated (intakeLiveBirth). */
export function intakeBirth(
  topic: string,
  payload: Buffer,
  format: PayloadFormat,
  limits: IntakeLimits,
  inflated?: Buffer,
): IntakeResult {
  const fail = (code: QuarantineCode, reason: string): IntakeResult => ({ ok: false, topic, code, reason, payload });
  const t = parseTopic(topic);
  if (!t.ok) return fail('topic_invalid', t.reason);
  if (!isBirth(t.topic.type))
    return fail('topic_invalid', `${t.topic.type} is not a birth (only NBIRTH and DBIRTH are stored): '${topic}'`);
  if (payload.length > limits.maxPayloadBytes) {
    return fail(
      'payload_too_large',
      `payload of ${payload.length} bytes exceeds INGEST_MAX_PAYLOAD_BYTES=${limits.maxPayloadBytes}`,
    );
  }
  // An empty protobuf decodes as a birth without metrics, which would retire every metric of the device.
  if (payload.length === 0)
    return fail('payload_undecodable', 'empty payload: a birth carries a timestamp, a seq and its metrics');
  const decoded =
    format === 'protobuf'
      ? decodePayload(payload, { maxInflatedBytes: limits.maxInflatedBytes, ...(inflated ? { inflated } : {}) })
      : decodeJsonPayload(payload);
  if (!decoded.ok) return fail('payload_undecodable', decoded.reason);
  return {
    ok: true,
    birth: {
      topic,
      parsed: t.topic,
      header: decoded.header,
      metricCount: decoded.metricCount,
      metrics: decoded.metrics,
      hasTemplates: decoded.hasTemplates,
      templates: decoded.templates,
      ...(decoded.identity ? { identity: decoded.identity } : {}),
      ...(decoded.declarations ? { declarations: decoded.declarations } : {}),
      ...(decoded.nameAt ? { nameAt: decoded.nameAt } : {}),
      ...(decoded.readAhead ? { readAhead: decoded.readAhead } : {}),
      payload,
    },
  };
}

/**
 * intakeBirth on the live path: a compressed birth is inflated in the thread pool first, so a huge body
 * or a zip bomb (up to the cap) never holds the event loop. Also returns that body for other readers.
 */
export async function intakeLiveBirth(
  topic: string,
  payload: Buffer,
  limits: IntakeLimits,
): Promise<{ intake: IntakeResult; inflated?: Buffer }> {
  const t = parseTopic(topic);
  const decodable = t.ok && isBirth(t.topic.type) && payload.length > 0 && payload.length <= limits.maxPayloadBytes;
  const pre = decodable ? await preInflate(payload, limits.maxInflatedBytes) : null;
  if (pre && !pre.ok) return { intake: { ok: false, topic, code: 'payload_undecodable', reason: pre.reason, payload } };
  return pre
    ? { intake: intakeBirth(topic, payload, 'protobuf', limits, pre.buf), inflated: pre.buf }
    : { intake: intakeBirth(topic, payload, 'protobuf', limits) };
}
