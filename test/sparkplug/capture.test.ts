// JSONL capture lines: every plant capture line parses; untyped props are typed by their JSON value.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCaptureLine } from '../../src/sparkplug/capture.js';
import { parseTopic } from '../../src/sparkplug/topic.js';

const DIR = new URL('./fixtures/', import.meta.url);
const LINES = readdirSync(DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) =>
    readFileSync(new URL(f, DIR), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((line, i): [string, string] => [`${f}:${i + 1}`, line]),
  );

describe('parseCaptureLine', () => {
  it('finds the 18 fixture lines', () => {
    expect(LINES).toHaveLength(18);
  });

  it.each(LINES)('%s parses with every metric good', (_where, line) => {
    const r = parseCaptureLine(line);
    if (!r.ok) throw new Error(r.reason);
    expect(parseTopic(r.topic).ok).toBe(true);
    const results = [...r.metrics()];
    expect(results).toHaveLength(r.metricCount);
    expect(results.filter((m) => !m.ok)).toEqual([]);
    const newest = Math.max(...(JSON.parse(line) as { metrics: Array<{ ts: number }> }).metrics.map((m) => m.ts));
    expect(r.header).toEqual({ timestamp: BigInt(newest), seq: null });
  });

  it('types a real NBIRTH line and ignores the old-rule uns_path/canary_id', () => {
    const line = LINES.find(([where]) => where.startsWith('messages_spBv1.0_Secil_NBIRTH_Edge.jsonl'))?.[1] ?? '';
    const r = parseCaptureLine(line);
    if (!r.ok) throw new Error(r.reason);
    expect(r.topic).toBe('spBv1.0/Secil/NBIRTH/Edge');
    const wd = [...r.metrics()].find((m) => m.ok && m.metric.name === 'CanaryWD');
    expect(wd).toEqual({
      ok: true,
      metric: {
        name: 'CanaryWD',
        alias: null,
        datatype: 'Int64',
        metadata: null,
        properties: new Map([
          ['executionMode', { type: 'int', value: 1 }],
          ['executionRate', { type: 'int', value: 60000 }],
          ['Quality', { type: 'int', value: 192 }],
        ]),
      },
    });
  });

  it('types untyped props by their JSON value', () => {
    const r = parseCaptureLine(
      JSON.stringify({
        topic: 'spBv1.0/g/DBIRTH/e/d',
        metrics: [
          {
            name: 'm',
            datatype: 10,
            ts: 5,
            props: {
              on: true,
              unit: '',
              q: 2147484164,
              small: -5,
              frac: 0.5,
              big: 2 ** 40,
              huge: 2 ** 60,
              gone: null,
              limits: { high: 10, low: { raw: 'x' } },
              alarms: [{ name: 'HiHi' }, 3],
            },
          },
        ],
      }),
    );
    if (!r.ok) throw new Error(r.reason);
    const [m] = [...r.metrics()];
    expect(m?.ok && Object.fromEntries(m.metric.properties)).toEqual({
      on: { type: 'boolean', value: true },
      unit: { type: 'string', value: '' },
      q: { type: 'long', value: 2147484164n },
      small: { type: 'int', value: -5 },
      frac: { type: 'double', value: 0.5 },
      big: { type: 'long', value: 2n ** 40n },
      // Beyond 2^53 JSON.parse has already rounded it; it is not passed off as an exact long.
      huge: { type: 'double', value: 2 ** 60 },
      'limits.high': { type: 'int', value: 10 },
      'limits.low.raw': { type: 'string', value: 'x' },
      'alarms[0].name': { type: 'string', value: 'HiHi' },
      'alarms[1]': { type: 'int', value: 3 },
    });
  });

  it.each<[string, string, string]>([
    ['not JSON', '{', 'not JSON'],
    ['no topic', '{"metrics": []}', 'no topic'],
    ['no metrics', '{"topic": "spBv1.0/g/NBIRTH/e"}', 'no metrics list'],
  ])('%s gives ok:false', (_label, line, reason) => {
    const r = parseCaptureLine(line);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('an unknown datatype is a bad metric, not a bad line', () => {
    const r = parseCaptureLine(
      '{"topic": "spBv1.0/g/NBIRTH/e", "metrics": [{"name": "a", "datatype": 99, "ts": 1, "props": {}}]}',
    );
    expect(r.ok && [...r.metrics()]).toEqual([{ ok: false, index: 0, reason: "metric #0 'a': unknown datatype 99" }]);
  });
});
