import { describe, it, expect } from 'vitest';
import { canaryId, devicePath, metricPath, normalizeSegment } from '../../src/uns/identity.js';
import { CollisionTracker, hash30 } from '../../src/uns/collisions.js';

// The example table of spec/sparkplug.md "UNS identity", row by row.
const EXAMPLES: Array<[string, string, string, string, string]> = [
  [
    'Secil',
    'Portugal',
    'Cement',
    'Maceira/400 - Clinker Production/451 - Bypass/Normalised/Indications/BYPVT603INT02/Active',
    'Secil/Portugal/Cement/Maceira/400 - Clinker Production/451 - Bypass/Normalised/Indications/BYPVT603INT02/Active',
  ],
  [
    'Secil',
    'Brazil',
    'Cement',
    'Adrianopolis/400 - Clinker Production/431 - Kiln/KPI/SHC_CALC',
    'Secil/Brazil/Cement/Adrianopolis/400 - Clinker Production/431 - Kiln/KPI/SHC_CALC',
  ],
  [
    'EdgeDevices',
    'TransmissionMaceira',
    '',
    'Node Info/Transmission Version',
    'EdgeDevices/TransmissionMaceira/Node Info/Transmission Version',
  ],
  ['Secil', 'São Sebastião', 'Bomba-01', 'Linha/Tensão/Ângulo', 'Secil/São Sebastião/Bomba-01/Linha/Tensão/Ângulo'],
  ['G', 'E', 'D', '  Flow\t\t Rate  ', 'G/E/D/Flow Rate'],
  ['G', 'E', 'D', 'Temp (°C)', 'G/E/D/Temp _C'],
  ['G', 'E', 'D', 'Pump--01__A', 'G/E/D/Pump-01_A'],
  ['G', 'E', 'D', 'Area\\Line\\PV', 'G/E/D/Area_Line_PV'],
  ['G', 'E', 'D', 'Tag[0]', 'G/E/D/Tag_0'],
];

describe('UNS identity', () => {
  it.each(EXAMPLES)('%s / %s / %s / %j', (group, edge, device, name, expected) => {
    const dev = devicePath({ group, edge, device });
    expect(dev.ok).toBe(true);
    if (!dev.ok) return;
    expect(metricPath(dev.path, name)).toEqual({ ok: true, path: expected });
  });

  it('a metric name with no surviving segment is an error', () => {
    expect(metricPath('G/E/D', '///')).toEqual({ ok: false, reason: expect.stringContaining('yields no segment') });
    expect(metricPath('G/E/D', ' ?? / !! ').ok).toBe(false);
  });

  it('a device id that normalizes to nothing is an error', () => {
    expect(devicePath({ group: 'G', edge: 'E', device: '???' }).ok).toBe(false);
  });

  it('every Unicode space becomes one space; NFC composes accents', () => {
    expect(normalizeSegment('a\u00A0\u2003\u3000b')).toBe('a b');
    expect(normalizeSegment('Sa\u0303o')).toBe('São');
    expect(normalizeSegment('__-x-__')).toBe('x');
  });

  it('the Canary id of the first example', () => {
    expect(canaryId(EXAMPLES[0]![4])).toBe(
      'Secil.Portugal.Cement.Maceira.400 - Clinker Production.451 - Bypass.Normalised.Indications.BYPVT603INT02.Active',
    );
  });
});

describe('collisions within one birth', () => {
  // The tracker keeps positions; these arrays stand for the birth it reads names and paths from again.
  const tracked = (metrics: Array<[string, string]>) =>
    new CollisionTracker({ nameAt: (p) => metrics[p]![0], pathAt: (p) => metrics[p]![1] });

  it('withdraws both names of a duplicate and of a UNS path collision', () => {
    const ms: Array<[string, string]> = [
      ['a', 'D/a'],
      ['a', 'D/a'],
      ['Flow  Rate', 'D/Flow Rate'],
      ['Flow Rate', 'D/Flow Rate'],
    ];
    const t = tracked(ms);
    expect(t.accept('a', 'D/a', 0)).toBeNull();
    expect(t.accept('a', 'D/a', 1)).toMatchObject({ kind: 'duplicate_name' });
    expect(t.accept('Flow  Rate', 'D/Flow Rate', 2)).toBeNull();
    expect(t.accept('Flow Rate', 'D/Flow Rate', 3)).toEqual({
      kind: 'uns_path_collision',
      names: ['Flow  Rate', 'Flow Rate'],
      path: 'D/Flow Rate',
    });
    expect([...t.withdrawn].sort()).toEqual(['Flow  Rate', 'a']);
  });

  it('two different names whose hashes meet are both accepted; a real duplicate behind them is still found', () => {
    // Birthday search for two strings with the same 30-bit hash (about 40,000 tries).
    const seen = new Map<number, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; !pair; i++) {
      const s = `Tag ${i}`;
      const h = hash30(s);
      const other = seen.get(h);
      if (other !== undefined) pair = [other, s];
      else seen.set(h, s);
    }
    const [x, y] = pair;
    const ms: Array<[string, string]> = [
      [x, `D/${x}`],
      [y, `D/${y}`],
      [y, `D/${y}`],
    ];
    const t = tracked(ms);
    expect(t.accept(x, `D/${x}`, 0)).toBeNull();
    expect(t.accept(y, `D/${y}`, 1)).toBeNull();
    expect(t.accept(y, `D/${y}`, 2)).toMatchObject({ kind: 'duplicate_name', names: [y, y] });
    expect([...t.withdrawn]).toEqual([y]);
  });
});

describe('the fast path of normalizeSegment', () => {
  it('agrees with the full rule on 20,000 random segments', async () => {
    const { rewriteSegment } = await import('../../src/uns/identity.js');
    const { seededRandom } = await import('../../src/seeded-random.js');
    const rnd = seededRandom(1).next;
    const alphabet = ['a', 'Z', '0', '.', '_', '-', ' ', '  ', '\t', '(', 'é', '°', '/'];
    for (let n = 0; n < 20_000; n++) {
      let seg = '';
      const len = 1 + Math.floor(rnd() * 8);
      for (let k = 0; k < len; k++) seg += alphabet[Math.floor(rnd() * alphabet.length)];
      expect(normalizeSegment(seg), JSON.stringify(seg)).toBe(rewriteSegment(seg));
    }
  });
});
