// WAL positions: both text forms in play (the server's and the zero-padded one of the pgoutput parser)
// compare and print alike.

import { describe, expect, it } from 'vitest';
import { formatLsn, normalizeLsn, parseLsn } from '../../src/cdc/lsn.js';

describe('lsn', () => {
  it.each([
    ['0/0', 0n, '0/0'],
    ['0/1DE94D0', 0x1de94d0n, '0/1DE94D0'],
    ['00000000/01DE94D0', 0x1de94d0n, '0/1DE94D0'],
    ['16/b374d848', 0x16b374d848n, '16/B374D848'],
    ['FFFFFFFF/FFFFFFFF', 0xffffffffffffffffn, 'FFFFFFFF/FFFFFFFF'],
  ])('%s', (text, value, canonical) => {
    expect(parseLsn(text)).toBe(value);
    expect(formatLsn(value)).toBe(canonical);
    expect(normalizeLsn(text)).toBe(canonical);
  });

  it('the low half carries into the high half', () => {
    expect(formatLsn(parseLsn('0/FFFFFFFF') + 1n)).toBe('1/0');
  });

  it.each(['', '1DE94D0', '0/123456789', 'x/1', '0/-1'])('refuses %j', (text) => {
    expect(() => parseLsn(text)).toThrow(/is not a WAL position/);
  });
});
