// Batching: every request within maxTags and maxBytes of REAL serialized body, nothing dropped or
// reordered, a tag never twice in one request, and a write too large on its own set apart.
import { describe, expect, it } from 'vitest';
import { emptyBodyBytes, planBatches, storeDataBody, writeBytes, type Batchable } from '../../src/canary/batches.js';
import type { PropertyEntry } from '../../src/canary/entries.js';
import { seededRandom, type Random } from '../../src/seeded-random.js';

const TS = '2026-11-24T12:00:00.0000000Z';
const PLACEHOLDER = 'x'.repeat(64);
const bodyBytes = (writes: readonly Batchable[], token = PLACEHOLDER): number =>
  Buffer.byteLength(storeDataBody(token, writes), 'utf8');

const write = (tag: string, ...values: Array<string | number | boolean>): Batchable => ({
  tag,
  entries: values.map((v, i): PropertyEntry => [`p${i}`, TS, v, 192]),
});

const NASTY = [
  '°C',
  '"quoted"',
  'back\\slash',
  'new\nline',
  '\u0001',
  '😀',
  '\ud800',
  'Área',
  '__proto__',
  'ż'.repeat(40),
];

function randomWrites(random: Random, count: number): Batchable[] {
  return Array.from({ length: count }, (_, i) => {
    const values = Array.from({ length: 1 + random.int(6) }, () =>
      random.next() < 0.5
        ? random.pick(NASTY).repeat(1 + random.int(30))
        : random.next() < 0.5
          ? random.int(1e9)
          : random.next() < 0.5,
    );
    return write(`Secil.${random.pick(NASTY)}.${i}`, ...values);
  });
}

describe('storeDataBody', () => {
  it('is the storeData request: sessionToken and properties, tags as keys (even __proto__)', () => {
    const body = storeDataBody('T-1', [write('Secil.A', 1), write('__proto__', 'x')]);
    expect(JSON.parse(body)).toEqual({
      sessionToken: 'T-1',
      properties: { 'Secil.A': [['p0', TS, 1, 192]], ['__proto__']: [['p0', TS, 'x', 192]] },
    });
    expect(Object.keys((JSON.parse(body) as { properties: object }).properties)).toEqual(['Secil.A', '__proto__']);
  });

  it('the size pieces add up to the real body size, byte for byte', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 50; round++) {
      const writes = randomWrites(random, random.int(20));
      const pieces =
        emptyBodyBytes() + writes.reduce((sum, w) => sum + writeBytes(w), 0) + Math.max(0, writes.length - 1);
      expect(pieces).toBe(bodyBytes(writes));
    }
  });
});

describe('planBatches', () => {
  it.each([
    [1, 3],
    [2, 500],
    [3, 4_000],
    [4, 20_000],
    [5, 1_000_000],
  ])(
    'seed %i, maxBytes %i: within both limits, in order, nothing dropped, each request as full as it can be',
    (seed, maxBytes) => {
      const random = seededRandom(seed);
      const writes = randomWrites(random, 400);
      const maxTags = 1 + random.int(100);
      const plan = planBatches(writes, { maxTags, maxBytes });
      for (const batch of plan.batches) {
        expect(batch.length).toBeGreaterThan(0);
        expect(batch.length).toBeLessThanOrEqual(maxTags);
        expect(bodyBytes(batch)).toBeLessThanOrEqual(maxBytes);
        expect(new Set(batch.map((w) => w.tag)).size).toBe(batch.length);
      }
      // Nothing dropped, nothing reordered: batches then the set-aside ones give back the input.
      const sent = plan.batches.flat();
      expect(
        [...sent, ...plan.tooLarge.map((t) => t.write)].sort((a, b) => writes.indexOf(a) - writes.indexOf(b)),
      ).toEqual(writes);
      expect(sent.map((w) => writes.indexOf(w))).toEqual([...sent.map((w) => writes.indexOf(w))].sort((a, b) => a - b));
      for (const { write: w, bytes } of plan.tooLarge) {
        expect(bytes).toBe(bodyBytes([w]));
        expect(bytes).toBeGreaterThan(maxBytes);
      }
      // Greedy: a request closed early would have broken a limit with the next write.
      plan.batches.slice(0, -1).forEach((batch, i) => {
        const next = (plan.batches[i + 1] as Batchable[])[0] as Batchable;
        const fits =
          batch.length < maxTags && bodyBytes([...batch, next]) <= maxBytes && !batch.some((w) => w.tag === next.tag);
        expect(fits).toBe(false);
      });
    },
  );

  it('a body of exactly maxBytes fits; one byte more starts a new request', () => {
    const a = write('Secil.A', 'aaaa');
    const b = write('Secil.B', 'bbbb');
    const exact = bodyBytes([a, b]);
    expect(planBatches([a, b], { maxTags: 100, maxBytes: exact }).batches).toEqual([[a, b]]);
    expect(planBatches([a, b], { maxTags: 100, maxBytes: exact - 1 }).batches).toEqual([[a], [b]]);
  });

  it('sets apart a write too large on its own, and keeps batching the rest around it', () => {
    const small1 = write('Secil.S1', 1);
    const huge = write('Secil.H', 'h'.repeat(5000));
    const small2 = write('Secil.S2', 2);
    const plan = planBatches([small1, huge, small2], { maxTags: 100, maxBytes: 1024 });
    expect(plan.batches).toEqual([[small1, small2]]);
    expect(plan.tooLarge).toEqual([{ write: huge, bytes: bodyBytes([huge]) }]);
  });

  it('splits by tag count', () => {
    const writes = Array.from({ length: 250 }, (_, i) => write(`Secil.T${i}`, i));
    const sizes = planBatches(writes, { maxTags: 100, maxBytes: 1_000_000 }).batches.map((b) => b.length);
    expect(sizes).toEqual([100, 100, 50]);
  });

  it('never puts two entries lists for one tag in the same request', () => {
    const first = write('Secil.A', 1);
    const again = write('Secil.A', 2);
    const other = write('Secil.B', 3);
    expect(planBatches([first, other, again], { maxTags: 100, maxBytes: 1_000_000 }).batches).toEqual([
      [first, other],
      [again],
    ]);
  });

  it('counts the session token at its placeholder length: a real shorter token only makes the body smaller', () => {
    const writes = [write('Secil.A', 'x'.repeat(100)), write('Secil.B', 'y'.repeat(100))];
    const maxBytes = bodyBytes(writes);
    expect(planBatches(writes, { maxTags: 10, maxBytes }).batches).toHaveLength(1);
    expect(bodyBytes(writes, '6f1c-0000-1111-2222')).toBeLessThan(maxBytes);
    expect(planBatches(writes, { maxTags: 10, maxBytes, sessionTokenLength: 65 }).batches).toHaveLength(2);
  });

  it('returns nothing for nothing, and refuses maxTags < 1', () => {
    expect(planBatches([], { maxTags: 1, maxBytes: 1024 })).toEqual({ batches: [], tooLarge: [] });
    expect(() => planBatches([], { maxTags: 0, maxBytes: 1024 })).toThrow(RangeError);
  });
});
