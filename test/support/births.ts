// Builds decoded births for store tests without going through a wire format.

import type { Birth, BirthMetric, PropertyValue, SparkplugTopic } from '../../src/sparkplug/birth.js';

export type Props = Record<string, PropertyValue>;

export function metric(
  name: string | null,
  datatype: string,
  props: Props = {},
  alias: bigint | null = null,
  metadata: Record<string, unknown> | null = null,
): BirthMetric {
  return {
    name,
    alias,
    datatype,
    properties: new Map(Object.entries(props)),
    metadata: metadata && JSON.stringify(metadata),
  };
}

export function birth(
  topic: string,
  metrics: BirthMetric[],
  header: { timestamp?: bigint; seq?: bigint } = {},
  bad: Array<{ index: number; reason: string }> = [],
): Birth {
  const [, group, type, edge, device = ''] = topic.split('/') as [
    string,
    string,
    SparkplugTopic['type'],
    string,
    string?,
  ];
  return {
    topic,
    parsed: { group, type, edge, device },
    header: { timestamp: header.timestamp ?? 1000n, seq: header.seq ?? 0n },
    metricCount: metrics.length + bad.length,
    metrics: () => [
      ...bad.map((b) => ({ ok: false as const, ...b })),
      ...metrics.map((m) => ({ ok: true as const, metric: m })),
    ],
    payload: Buffer.from(JSON.stringify({ topic, n: metrics.length, ts: String(header.timestamp ?? 0) })),
  };
}

export const s = (value: string): PropertyValue => ({ type: 'string', value });
export const i = (value: number): PropertyValue => ({ type: 'int', value });
export const l = (value: bigint): PropertyValue => ({ type: 'long', value });
export const f = (value: number): PropertyValue => ({ type: 'float', value: Math.fround(value) });
export const d = (value: number): PropertyValue => ({ type: 'double', value });
export const b = (value: boolean): PropertyValue => ({ type: 'boolean', value });
