// Topic parsing: the Sparkplug B shape, device level rules, and the rejections an operator would see.
import { describe, expect, it } from 'vitest';
import { isBirth, parseTopic } from '../../src/sparkplug/topic.js';

describe('parseTopic', () => {
  it.each([
    ['spBv1.0/Secil/DBIRTH/Portugal/Cement', { group: 'Secil', type: 'DBIRTH', edge: 'Portugal', device: 'Cement' }],
    ['spBv1.0/Secil/NBIRTH/Portugal', { group: 'Secil', type: 'NBIRTH', edge: 'Portugal', device: '' }],
    [
      'spBv1.0/EdgeDevices/NBIRTH/TransmissionMaceira',
      { group: 'EdgeDevices', type: 'NBIRTH', edge: 'TransmissionMaceira', device: '' },
    ],
    [
      'spBv1.0/Secil/DDATA/São Sebastião/Bomba-01',
      { group: 'Secil', type: 'DDATA', edge: 'São Sebastião', device: 'Bomba-01' },
    ],
    ['spBv1.0/g/NCMD/e', { group: 'g', type: 'NCMD', edge: 'e', device: '' }],
    ['spBv1.0/g/DDEATH/e/d', { group: 'g', type: 'DDEATH', edge: 'e', device: 'd' }],
  ])('accepts %s', (topic, expected) => {
    expect(parseTopic(topic)).toEqual({ ok: true, topic: expected });
  });

  it.each([
    ['spBv1.0/Secil/DBIRTH/Portugal', 'requires a device'],
    ['spBv1.0/Secil/NBIRTH/Portugal/Cement', 'must not have a device'],
    ['spBv1.0/STATE/host1', 'STATE'],
    ['STATE/host1', 'not a Sparkplug B topic'],
    ['spAv1.0/Secil/NBIRTH/Portugal', 'not a Sparkplug B topic'],
    ['spBv1.0/Secil/XBIRTH/Portugal', "unknown message type 'XBIRTH'"],
    ['spBv1.0/Secil/dbirth/Portugal/Cement', 'unknown message type'],
    ['spBv1.0//DBIRTH/Portugal/Cement', 'empty topic level'],
    ['spBv1.0/Secil/DBIRTH/Portugal/', 'empty topic level'],
    ['spBv1.0/Secil/DBIRTH/+/Cement', 'wildcard'],
    ['spBv1.0/Secil/DBIRTH/Portugal/#', 'wildcard'],
    ['spBv1.0/Secil/DBIRTH/Portugal/Cement/extra', 'levels'],
    ['spBv1.0/Secil/NBIRTH', 'levels'],
    ['', 'not a Sparkplug B topic'],
  ])('rejects %j', (topic, reason) => {
    const r = parseTopic(topic);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('isBirth', () => {
  it.each([
    ['NBIRTH', true],
    ['DBIRTH', true],
    ['NDATA', false],
    ['DDATA', false],
    ['NDEATH', false],
    ['DDEATH', false],
    ['NCMD', false],
    ['DCMD', false],
  ] as const)('%s → %s', (type, expected) => {
    expect(isBirth(type)).toBe(expected);
  });
});
