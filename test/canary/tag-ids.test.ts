// The tag id Canary gets: DataSet override, DataSet prefix family, naming rules — problems as values.
import { describe, expect, it } from 'vitest';
import { canaryTagId, datasetNameProblem, type DatasetOptions, type TagIdResult } from '../../src/canary/tag-ids.js';

const ok = (tag: string): TagIdResult => ({ ok: true, tag });

describe('canaryTagId', () => {
  it.each<[string, DatasetOptions, TagIdResult | string]>([
    ['Secil.Portugal.Kiln.PV', {}, ok('Secil.Portugal.Kiln.PV')],
    ['Secil.Portugal.Kiln.PV', { override: 'Test' }, ok('Test.Portugal.Kiln.PV')],
    ['Secil2.A.B', { override: 'Test' }, ok('Test.A.B')],
    ['Secil.A B._x0025.PV', { override: 'Test' }, ok('Test.A B._x0025.PV')],
    ['Secil.A', { override: '' }, ok('Secil.A')],
    // prefix: the DataSet family Name, Name2, Name3 …
    ['Secil.A', { prefix: 'Secil' }, ok('Secil.A')],
    ['Secil2.A', { prefix: 'Secil' }, ok('Secil2.A')],
    ['Secil17.A', { prefix: 'Secil' }, ok('Secil17.A')],
    ['SecilX.A', { prefix: 'Secil' }, 'dataset_not_allowed'],
    ['Other.A', { prefix: 'Secil' }, 'dataset_not_allowed'],
    ['secil.A', { prefix: 'Secil' }, 'dataset_not_allowed'],
    ['Other.A', { prefix: '' }, ok('Other.A')],
    // prefix is checked on the metric's own DataSet, then the override applies
    ['Secil.A', { prefix: 'Secil', override: 'Test' }, ok('Test.A')],
    ['Other.A', { prefix: 'Secil', override: 'Test' }, 'dataset_not_allowed'],
    // shape
    ['Secil', {}, 'invalid_tag'],
    ['', {}, 'invalid_tag'],
    ['Secil..A', {}, 'invalid_tag'],
    ['.Secil.A', {}, 'invalid_tag'],
    ['Secil.A.', {}, 'invalid_tag'],
    // DataSet naming rules, on the DataSet actually written
    ['Se:cil.A', {}, 'invalid_dataset'],
    ['Secil.A', { override: 'Te/st' }, 'invalid_dataset'],
    [' Secil.A', {}, 'invalid_dataset'],
    ['Secil.A:B', {}, ok('Secil.A:B')],
  ])('%j with %j', (id, options, expected) => {
    const result = canaryTagId(id, options);
    if (typeof expected === 'string') {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.reason).toBe(expected);
        expect(result.detail.length).toBeGreaterThan(0);
      }
    } else {
      expect(result).toEqual(expected);
    }
  });
});

describe('datasetNameProblem', () => {
  it.each([':', '=', '/', '*', '\\', '%', '?', '<', '>'])('refuses %s in a DataSet name', (c) => {
    expect(datasetNameProblem(`Se${c}cil`)).toContain(`'${c}'`);
  });

  it.each(['Secil', 'Secil2', 'Test', 'A-B_C D', 'Área'])('accepts %j', (name) => {
    expect(datasetNameProblem(name)).toBeNull();
  });

  it.each(['', ' Secil', 'Secil '])('refuses %j', (name) => {
    expect(datasetNameProblem(name)).not.toBeNull();
  });
});
