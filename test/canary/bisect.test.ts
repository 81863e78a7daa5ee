// Bisection of a refused batch against a scripted Canary: exactly the bad tags become offenders (each on
// its own refusal), everything else is delivered or left pending, within the documented request bound.
import { describe, expect, it } from 'vitest';
import { bisect, type BisectResult } from '../../src/canary/bisect.js';
import { seededRandom, type Random } from '../../src/seeded-random.js';

interface Out {
  kind: 'success' | 'permanent' | 'transient';
  tagErrors?: Map<string, string[]>;
  sent: string[];
}

type Naming = 'none' | 'every-bad' | 'first-bad' | 'bad-and-a-good-one';

/** A Canary that refuses a request holding a bad tag (naming tags as `naming` says), optionally refuses
 * requests above `maxTags` (a size refusal) and answers transient for requests holding a flaky tag. */
function canary(
  bad: ReadonlySet<string>,
  naming: Naming,
  opts: { maxTags?: number; flaky?: ReadonlySet<string> } = {},
) {
  const log: Out[] = [];
  const send = async (subset: string[]): Promise<Out> => {
    const sent = [...subset];
    let out: Out;
    if (opts.flaky && subset.some((t) => opts.flaky?.has(t))) out = { kind: 'transient', sent };
    else if (opts.maxTags !== undefined && subset.length > opts.maxTags)
      out = { kind: 'permanent', tagErrors: new Map(), sent };
    else {
      const offending = subset.filter((t) => bad.has(t));
      if (offending.length === 0) out = { kind: 'success', sent };
      else {
        const named =
          naming === 'none'
            ? []
            : naming === 'first-bad'
              ? offending.slice(0, 1)
              : naming === 'every-bad'
                ? offending
                : [...offending, ...subset.filter((t) => !bad.has(t)).slice(0, 1)];
        out = { kind: 'permanent', tagErrors: new Map(named.map((t) => [t, [`${t}: invalid`]])), sent };
      }
    }
    log.push(out);
    return out;
  };
  return { send, log };
}

const tags = (n: number): string[] => Array.from({ length: n }, (_, i) => `Secil.T${i}`);
const log2 = (n: number): number => Math.ceil(Math.log2(Math.max(n, 2)));

async function run(items: string[], bad: Set<string>, naming: Naming, opts: Parameters<typeof canary>[2] = {}) {
  const server = canary(bad, naming, opts);
  const root = await server.send(items);
  server.log.length = 0; // the refused batch itself is not part of the bisection's requests
  const result = await bisect(items, root, server.send, (t) => t);
  return { result, log: server.log, root };
}

function expectPartition(items: string[], r: BisectResult<string, Out>): void {
  const all = [...r.delivered, ...r.offenders.map((o) => o.item), ...r.pending.map((p) => p.item)];
  expect([...all].sort()).toEqual([...items].sort());
}

function pickBad(random: Random, items: string[], k: number): Set<string> {
  const bad = new Set<string>();
  while (bad.size < k) bad.add(random.pick(items));
  return bad;
}

describe('bisect', () => {
  it.each<[number, number[], Naming]>([
    [2, [0], 'none'],
    [2, [1], 'none'],
    [3, [2], 'none'],
    [8, [0, 7], 'none'],
    [100, [37], 'none'],
    [100, [0, 1, 2], 'none'],
    [100, [5, 50, 95], 'every-bad'],
    [100, [5, 50, 95], 'first-bad'],
    [100, [5, 50, 95], 'bad-and-a-good-one'],
    [7, [0, 1, 2, 3, 4, 5, 6], 'none'],
    [7, [0, 1, 2, 3, 4, 5, 6], 'every-bad'],
  ])('n=%i, offenders at %j, errors naming %s', async (n, badAt, naming) => {
    const items = tags(n);
    const bad = new Set(badAt.map((i) => items[i] as string));
    const { result, log } = await run(items, bad, naming);
    expectPartition(items, result);
    expect(result.offenders.map((o) => o.item).sort()).toEqual([...bad].sort());
    expect(result.pending).toEqual([]);
    expect(result.requests).toBe(log.length);
    const named = new Set(log.flatMap((o) => [...(o.tagErrors?.keys() ?? [])]));
    expect(result.requests).toBeLessThanOrEqual(2 * bad.size * log2(n) + 2 * named.size);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'random batches (seed %i): the partition, the offenders and the bound hold',
    async (seed) => {
      const random = seededRandom(seed);
      for (let round = 0; round < 40; round++) {
        const n = 2 + random.int(99);
        const items = tags(n);
        const bad = pickBad(random, items, 1 + random.int(Math.min(n, 12)));
        const naming = random.pick<Naming>(['none', 'every-bad', 'first-bad', 'bad-and-a-good-one']);
        const { result, log } = await run(items, bad, naming);
        expectPartition(items, result);
        expect(new Set(result.offenders.map((o) => o.item))).toEqual(bad);
        const named = new Set(log.flatMap((o) => [...(o.tagErrors?.keys() ?? [])]));
        expect(result.requests).toBeLessThanOrEqual(2 * bad.size * log2(n) + 2 * named.size);
        if (naming === 'none') expect(result.requests).toBeLessThanOrEqual(2 * bad.size * log2(n));
        // Nothing delivered twice; every request is a non-empty part of the batch.
        const accepted = log.filter((o) => o.kind === 'success').flatMap((o) => o.sent);
        expect(accepted.length).toBe(new Set(accepted).size);
        expect(log.every((o) => o.sent.length > 0 && o.sent.every((t) => items.includes(t)))).toBe(true);
      }
    },
  );

  it('declares an offender only on its own refusal, carrying that refusal', async () => {
    const items = tags(16);
    const bad = new Set([items[3] as string, items[12] as string]);
    const { result, log } = await run(items, bad, 'none');
    for (const { item, outcome } of result.offenders) {
      expect(outcome.sent).toEqual([item]);
      expect(outcome.kind).toBe('permanent');
      expect(log).toContain(outcome);
    }
  });

  it('a refusal caused by the batch as a whole (size) condemns no tag: everything is delivered', async () => {
    const items = tags(20);
    const { result, root } = await run(items, new Set(), 'none', { maxTags: 3 });
    expect(root.kind).toBe('permanent');
    expect(result.offenders).toEqual([]);
    expect([...result.delivered].sort()).toEqual([...items].sort());
  });

  it('a one-tag batch is the offender at once, with no further request', async () => {
    const { result } = await run(['Secil.Only'], new Set(['Secil.Only']), 'none');
    expect(result.offenders.map((o) => o.item)).toEqual(['Secil.Only']);
    expect(result.requests).toBe(0);
  });

  it('leaves subsets that come back transient pending, with that outcome, and settles the rest', async () => {
    const items = tags(16);
    const bad = new Set([items[2] as string]);
    const flaky = new Set([items[9] as string]);
    const { result } = await run(items, bad, 'none', { flaky });
    expectPartition(items, result);
    expect(result.offenders.map((o) => o.item)).toEqual([items[2]]);
    expect(result.pending.map((p) => p.item)).toContain(items[9]);
    expect(result.pending.every((p) => p.outcome.kind === 'transient')).toBe(true);
    expect(result.delivered).not.toContain(items[9]);
  });

  it('an error that names a good tag costs one request and delivers that tag', async () => {
    const items = tags(10);
    const bad = new Set([items[4] as string]);
    const { result } = await run(items, bad, 'bad-and-a-good-one');
    expect(result.offenders.map((o) => o.item)).toEqual([items[4]]);
    expect(result.delivered).toContain(items[0]);
    expect(result.requests).toBe(3); // the unnamed rest, then each named tag alone
  });
});
