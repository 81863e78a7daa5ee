// The JSON of a 'created' version keeps every property key, including ones that are special in JS.

import { describe, expect, it } from 'vitest';
import { createdDiffJson } from '../../src/store/property-json.js';

describe('created diff JSON', () => {
  it('keeps keys named __proto__ or constructor as ordinary properties', () => {
    const props = new Map([
      ['__proto__', { type: 'string' as const, value: 'x' }],
      ['constructor', { type: 'int' as const, value: 3 }],
    ]);
    const doc = JSON.parse(createdDiffJson(props, 'Int32', 'G/E/D/m', '"test"')) as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(doc.properties)).toEqual(['__proto__', 'constructor']);
    expect(doc.properties.constructor).toEqual({ old: null, new: 3 });
  });
});
