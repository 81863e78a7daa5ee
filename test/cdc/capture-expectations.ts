// What the five captured transactions of pgoutput-capture.test.ts must turn into, shared with the replay
// of the same bytes in pgoutput-fixture.test.ts (so the fixture and the live server stay in step).

import { expect } from 'vitest';
import type { MetricChange, TransactionResult } from '../../src/cdc/changes.js';

export const DEV = 'Secil/Portugal/Cement';
export const CANARY = {
  temp: 'Secil.Portugal.Cement.Maceira.Kiln.Temp',
  temperature: 'Secil.Portugal.Cement.Maceira.Kiln.Temperature',
  fan: 'Secil.Portugal.Cement.Maceira.Kiln.Fan',
  speed: 'Secil.Brazil.Cement.Mill.Speed',
};

export interface CapturedIds {
  kiln: bigint;
  fan: bigint;
  speed: bigint;
}

const props = (c: MetricChange | undefined) =>
  Object.fromEntries([...(c?.changes ?? [])].map(([k, v]) => [k, v.value]));

/** A first birth, a second birth (one property gone, one metric retired), a rename, a plain-SQL double update, another device's birth. */
export function expectCapturedTransactions(txs: TransactionResult[], ids: CapturedIds): void {
  expect(txs).toHaveLength(5);
  const [first, second, rename, sql, brazil] = txs as [
    TransactionResult,
    TransactionResult,
    TransactionResult,
    TransactionResult,
    TransactionResult,
  ];

  expect(first.changes.map((c) => [c.metricId, c.canaryId, c.resync])).toEqual([
    [ids.kiln, CANARY.temp, false],
    [ids.fan, CANARY.fan, false],
  ]);
  expect(props(first.changes[0])).toEqual({
    engUnit: { type: 'string', value: 'C' },
    displayHigh: { type: 'double', value: 1800 },
    Quality: { type: 'int', value: 192 },
    // Beyond 2^53: exact, never through a double.
    counter: { type: 'long', value: 9007199254740993n },
    scale: { type: 'float', value: 0.1 },
    enabled: { type: 'boolean', value: true },
  });
  expect(props(first.changes[1])).toEqual({ documentation: { type: 'string', value: 'Fan running' } });

  // The retirement of the fan sends nothing; the kiln's row did not change, so its canary id is unknown here.
  expect(second.changes.map((c) => [c.metricId, c.canaryId, c.resync])).toEqual([[ids.kiln, null, false]]);
  expect(props(second.changes[0])).toEqual({
    engUnit: { type: 'string', value: '°C' },
    counter: { type: 'long', value: 9223372036854775807n },
    displayHigh: null,
  });

  expect(rename.changes).toEqual([
    { metricId: ids.kiln, canaryId: CANARY.temperature, resync: true, changes: new Map(), lsn: rename.commitLsn },
  ]);

  expect(sql.changes.map((c) => [c.metricId, c.canaryId, props(c)])).toEqual([
    [ids.kiln, null, { engUnit: { type: 'string', value: '°F' } }],
  ]);

  expect(brazil.changes.map((c) => [c.metricId, c.canaryId, props(c)])).toEqual([
    [ids.speed, CANARY.speed, { engUnit: { type: 'string', value: 'rpm' } }],
  ]);

  for (const tx of txs) expect(tx.truncated).toEqual([]);
  const lsns = txs.map((t) => t.commitLsn);
  expect(lsns.every((l) => /^[0-9A-F]+\/[0-9A-F]+$/.test(l))).toBe(true);
  expect(new Set(lsns).size).toBe(5);
}
