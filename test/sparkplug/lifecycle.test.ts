// The liveness rules on their own: births, deaths reaching a node's devices, the host losing sight and
// a DATA message confirming a scope again, and the dirty set the ingest stores from.

import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../../src/sparkplug/lifecycle.js';

const node = { group: 'G', edge: 'E' };
const dev = (device: string) => ({ ...node, device });
const states = (l: Lifecycle) =>
  Object.fromEntries(['', 'A', 'B'].map((d) => [d || '(node)', l.get(dev(d))?.state ?? '-']));

describe('Lifecycle', () => {
  it('a device carries its node session; an NDEATH takes every device of the node offline, a DDEATH one', () => {
    const l = new Lifecycle();
    l.nodeBirth(node, 7n, 1000);
    l.deviceBirth(dev('A'), 1001);
    l.deviceBirth(dev('B'), 1002);
    expect(l.get(dev('B'))).toMatchObject({ state: 'online', bdSeq: 7n, lastBirthAt: 1002, lastDeathAt: null });
    l.deviceDeath(dev('A'), 2000);
    expect(states(l)).toEqual({ '(node)': 'online', A: 'offline', B: 'online' });
    l.nodeDeath(node, 3000);
    expect(states(l)).toEqual({ '(node)': 'offline', A: 'offline', B: 'offline' });
    // A died earlier: its death time stays the DDEATH's.
    expect(l.get(dev('A'))?.lastDeathAt).toBe(2000);
    expect(l.get(dev('B'))?.lastDeathAt).toBe(3000);
  });

  it('unwatched makes everything unknown; DATA confirms the device and its node, not its siblings', () => {
    const l = new Lifecycle();
    l.nodeBirth(node, 1n, 1);
    l.deviceBirth(dev('A'), 2);
    l.deviceBirth(dev('B'), 3);
    l.deviceDeath(dev('B'), 4);
    l.unwatched();
    expect(states(l)).toEqual({ '(node)': 'unknown', A: 'unknown', B: 'unknown' });
    l.seen(dev('A'));
    expect(states(l)).toEqual({ '(node)': 'online', A: 'online', B: 'unknown' });
  });

  it('restored rows are not dirty; changes are, once each, and a failed write marks them again', () => {
    const l = new Lifecycle();
    l.restore([{ ...dev('A'), state: 'online', bdSeq: 3n, lastBirthAt: 5, lastDeathAt: null }]);
    expect(l.takeDirty()).toEqual([]);
    l.nodeBirth(node, 4n, 10);
    l.deviceBirth(dev('A'), 11);
    l.deviceBirth(dev('A'), 12);
    const dirty = l.takeDirty();
    const byDevice = (a: { device: string }, b: { device: string }) => a.device.localeCompare(b.device);
    expect(dirty.sort(byDevice).map((r) => [r.device, r.lastBirthAt, r.bdSeq])).toEqual([
      ['', 10, 4n],
      ['A', 12, 4n],
    ]);
    expect(l.takeDirty()).toEqual([]);
    l.markDirty(dirty);
    expect(l.takeDirty()).toHaveLength(2);
  });
});
