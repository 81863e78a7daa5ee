// The per-table autovacuum proposals (pure): tighter scale factors and more vacuum work per cycle as a
// table grows and churns, never looser than what is set already, as a statement PostgreSQL can parse.

import { describe, expect, it } from 'vitest';
import { proposeAutovacuum } from '../../src/ops/autovacuum-tuning.js';

const GB = 1024 ** 3;
const defaults = { scaleFactor: 0.2, threshold: 50, costLimit: 200 };

describe('proposeAutovacuum', () => {
  it.each([
    // rows, churn, bytes, proposed scale factor / threshold / cost limit
    [10_000, 1_000, 5 * 1024 ** 2, { scaleFactor: 0.05, threshold: 50, costLimit: 400 }],
    [10_000, 50_000, 5 * 1024 ** 2, { scaleFactor: 0.025, threshold: 50, costLimit: 800 }],
    [5_000_000, 1_000_000, 3 * GB, { scaleFactor: 0.02, threshold: 1_000, costLimit: 1_000 }],
    [50_000_000, 100_000_000, 40 * GB, { scaleFactor: 0.005, threshold: 5_000, costLimit: 4_000 }],
  ])('%i rows, %i churned, %i bytes', (rows, churn, bytes, proposed) => {
    const p = proposeAutovacuum({
      table: 'uns_meta.metric_properties',
      liveTuples: rows,
      churn,
      bytes,
      current: defaults,
    });
    expect(p.proposed).toEqual(proposed);
    expect(p.statement).toBe(
      `ALTER TABLE uns_meta.metric_properties SET (autovacuum_vacuum_scale_factor = ${proposed.scaleFactor}, autovacuum_vacuum_threshold = ${proposed.threshold}, autovacuum_vacuum_cost_limit = ${proposed.costLimit});`,
    );
  });

  it('never proposes looser settings than the table already has', () => {
    const p = proposeAutovacuum({
      table: 'uns_meta.metric_versions',
      liveTuples: 10_000,
      churn: 0,
      bytes: 1024 ** 2,
      current: { scaleFactor: 0.01, threshold: 50, costLimit: 3_000 },
    });
    expect(p.proposed).toMatchObject({ scaleFactor: 0.01, costLimit: 3_000 });
  });
});
