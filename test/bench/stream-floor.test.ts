// The stream-floor benchmark at a small size: the consumer sees the whole transaction of the birth
// (one row message per metric and per property, plus begin, relations, the writer's message and commit),
// after B1 returned, and the report adds up (not how fast any of it is).
import { describe, expect, it, inject } from 'vitest';
import { iterateMetrics } from '../../src/bench/generate.js';
import { renderStreamFloor, runStreamFloor } from '../../src/bench/stream-floor.js';

describe('bench stream (small)', () => {
  it('receives every row message of the birth after its commit and reports it against B1', async () => {
    const r = await runStreamFloor({
      metrics: 500,
      seed: 3,
      decodingWorkMem: '64MB',
      adminUrl: inject('superUrl'),
      log: () => undefined,
    });
    expect(r.inputs).toMatchObject({ metrics: 500, decodingWorkMem: '64MB' });
    // Begin, the two relations and the property type, one insert per metric and per property, commit.
    let properties = 0;
    for (const m of iterateMetrics(500, 3)) properties += Object.keys(m.properties).length;
    expect(r.messages).toBe(1 + 3 + 500 + properties + 1);
    expect(r.b1Seconds).toBeGreaterThan(0);
    expect(r.lastAfterCommitSeconds).toBeGreaterThanOrEqual(r.firstAfterCommitSeconds);
    expect(r.consumerCpuSeconds).toBeGreaterThanOrEqual(0);
    const table = renderStreamFloor(r);
    expect(table).toContain(`last of ${r.messages} messages`);
    expect(table).toContain('logical_decoding_work_mem 64MB');
  });
});
