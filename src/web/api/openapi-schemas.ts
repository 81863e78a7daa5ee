// Component schemas of the OpenAPI document (the response shapes the dashboard relies on). Written by
// hand next to the routes; test/web/api-openapi.test.ts checks every route is described.

type Schema = Record<string, unknown>;
const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const num: Schema = { type: 'number' };
const bool: Schema = { type: 'boolean' };
const time: Schema = { type: 'string', format: 'date-time' };
const nul = (s: Schema): Schema => ({ ...s, nullable: true });
const obj = (properties: Record<string, Schema>): Schema => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
});
const arr = (items: Schema): Schema => ({ type: 'array', items });
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
export const paged = (item: string, extra: Record<string, Schema> = {}): Schema =>
  obj({ ...extra, items: arr(ref(item)), nextCursor: nul(str) });

const status = obj({ ok: nul(bool), detail: nul(str) });
const device = obj({ group: str, edge: str, device: str });
const change = obj({ old: {}, new: {} });
const liveness = {
  state: { type: 'string', enum: ['online', 'offline', 'unknown'] } as Schema,
  bdSeq: nul(str),
  lastBirthAt: nul(time),
  lastDeathAt: nul(time),
};

export const schemas: Record<string, Schema> = {
  Error: obj({ error: str, message: str }),
  Pipeline: obj({
    at: time,
    broker: status,
    database: status,
    cdc: obj({
      ok: nul(bool),
      detail: nul(str),
      leader: nul(bool),
      streaming: nul(bool),
      pending: nul(int),
      lagBytes: nul(num),
      lastSnapshot: nul(
        obj({ slot: str, reason: str, metrics: int, consistentLsn: nul(str), startedAt: time, finishedAt: nul(time) }),
      ),
    }),
    canary: obj({
      ok: nul(bool),
      detail: nul(str),
      circuit: nul({ type: 'string', enum: ['closed', 'half_open', 'open'] }),
      outboxDepth: nul(int),
      deadLetters: nul(int),
    }),
    rates: obj({ birthsPerMinute: nul(num), rowsWrittenPerMinute: nul(num) }),
    series: arr(
      obj({
        t: time,
        birthsPerMinute: nul(num),
        rowsWrittenPerMinute: nul(num),
        outboxDepth: nul(int),
        slotLagBytes: nul(num),
      }),
    ),
  }),
  Tree: obj({
    path: str,
    children: arr(
      obj({
        name: str,
        path: str,
        kind: { type: 'string', enum: ['group', 'edge', 'device', 'segment', 'metric'] },
        metricCount: int,
        metricId: nul(int),
        state: nul(str),
      }),
    ),
  }),
  MetricItem: obj({ metricId: int, unsPath: str, name: str, datatype: str, device, retired: bool }),
  Metric: obj({
    metricId: int,
    unsPath: str,
    canaryId: str,
    name: str,
    datatype: str,
    metadata: nul({ type: 'object' }),
    device,
    retiredAt: nul(time),
    createdAt: time,
    updatedAt: time,
    properties: arr(
      obj({
        key: str,
        type: str,
        value: { nullable: true, description: 'number, string or boolean; integers beyond ±2^53 as strings' },
      }),
    ),
    canary: obj({
      status: {
        type: 'string',
        enum: ['conflict', 'dead_lettered', 'pending', 'drift', 'delivered', 'never_sent'],
        description: 'the first that holds, in this order; every fact is also given below',
      },
      pending: int,
      enqueuedAt: nul({ ...time, description: 'oldest change waiting in the outbox' }),
      deliveredAt: nul({ ...time, description: 'when Canary last accepted a change of this metric' }),
      deadLetters: int,
      deadLetter: nul(obj({ reason: str, failedAt: time })),
      conflict: nul(obj({ canaryId: str, ownerMetricId: int, ownerUnsPath: nul(str), detectedAt: time })),
      drift: nul(
        obj({
          foundAt: time,
          differences: {
            type: 'array',
            items: { type: 'object' },
            description:
              'canary.parity findings: {kind: missing_tag|missing_key|differs|extra_key, key, expected, actual}',
          },
        }),
      ),
    }),
  }),
  Version: obj({
    versionId: int,
    op: str,
    changedAt: time,
    changedBy: str,
    diff: {
      type: 'object',
      additionalProperties: change,
      description: 'property key (or "datatype", "uns_path") → {old, new}; null = absent',
    },
  }),
  Lineage: obj({ items: arr(obj({ oldPath: str, newPath: str, changedAt: time })) }),
  Device: obj({ deviceId: int, group: str, edge: str, device: str, unsPath: str, metricCount: int, ...liveness }),
  QuarantineItem: obj({
    id: int,
    topic: str,
    receivedAt: time,
    code: str,
    message: str,
    status: { type: 'string', enum: ['open', 'retried', 'dropped'] },
  }),
  QuarantineRetry: obj({
    id: int,
    status: str,
    outcome: { type: 'string', enum: ['applied', 'stale', 'quarantined'] },
    reason: nul(str),
    metrics: { type: 'object' },
  }),
  QuarantineDrop: obj({ id: int, status: str }),
  OutboxItem: obj({
    outboxId: int,
    canaryId: str,
    properties: { type: 'object' },
    enqueuedAt: time,
    attempts: int,
    nextAttemptAt: time,
  }),
  DeadLetter: obj({
    id: int,
    canaryId: nul(str),
    reason: str,
    statusCode: nul(str),
    failedAt: time,
    attempts: int,
    status: str,
  }),
  DeadLetterAction: obj({ done: arr(int), skipped: arr(int) }),
  Checks: obj({
    items: arr(
      obj({
        id: str,
        title: nul(str),
        cadence: str,
        status: str,
        value: nul(num),
        unit: nul(str),
        warn: nul(num),
        crit: nul(num),
        remedy: nul(str),
        evidence: { type: 'object' },
        startedAt: time,
      }),
    ),
  }),
  CheckHistory: obj({ items: arr(obj({ status: str, value: nul(num), startedAt: time })) }),
};
