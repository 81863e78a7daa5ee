// Canary's undocumented error strings: which mean an expired session, a refusal of access, a missing
// DataSet, a bad tag or value, a transient cause; and which tags or DataSets of a request a text names.
import { describe, expect, it } from 'vitest';
import {
  datasetsNamedIn,
  errorMeaning,
  errorsByTag,
  failureShape,
  tagsNamedIn,
  type ErrorMeaning,
} from '../../src/canary/error-texts.js';
import { BAD_SESSION_TEXT } from '../../src/canary/simulator/envelope.js';
import { TRANSIENT_ERROR_TEXT } from '../../src/canary/simulator/faults.js';
import { API_TOKEN_TEXT } from '../../src/canary/simulator/write-api.js';

describe('errorMeaning', () => {
  it.each<[string, ErrorMeaning]>([
    ['Session token is invalid or has expired', 'session'],
    ['BadSessionToken', 'session'],
    ['sessionToken expired', 'session'],
    ['Invalid session', 'session'],
    ['Unknown session', 'session'],
    ["Secil.A: invalid timestamp '2026-13-01'", 'tag'],
    ['Tag not found: Secil.A', 'tag'],
    ['Unknown tag Secil.A', 'tag'],
    ['Property value must be a scalar', 'tag'],
    ['Malformed property entry', 'tag'],
    ["DataSet 'Test' does not exist", 'missing_dataset'],
    ['Unknown DataSet Test', 'missing_dataset'],
    ['No such dataset: Test', 'missing_dataset'],
    // the DataSet's absence beats the transient-sounding "not available"
    ["DataSet 'X' is not available: does not exist", 'missing_dataset'],
    ['User is not allowed to write DataSet Secil', 'access'],
    ['Permission denied for DataSet Secil', 'access'],
    ['Access denied', 'access'],
    ['Unknown historian CANARY01', 'access'],
    ['License expired', 'access'],
    ['Request timed out', 'transient'],
    ['Timeout waiting for historian', 'transient'],
    ['Throttled', 'transient'],
    ['Rate limit exceeded', 'transient'],
    ['Too many requests', 'transient'],
    ['Server busy, try again', 'transient'],
    ['Historian is offline', 'transient'],
    ['Service unavailable', 'transient'],
    ['SAF buffer is full', 'transient'],
    ['Connection lost to historian', 'transient'],
    ['Unable to connect to historian scunscanary', 'transient'],
    ['Temporarily unable to store', 'transient'],
    ['Historian is shutting down', 'transient'],
    ['Historian CANARY01 is not responding', 'unknown'],
    ['Something odd happened', 'unknown'],
    ['', 'unknown'],
  ])('%j → %s', (text, meaning) => {
    expect(errorMeaning(text)).toBe(meaning);
  });
});

// The simulator's wording (a test double, but the texts the writer meets in every test run).
describe('errorMeaning of the simulator texts', () => {
  it.each<[string, ErrorMeaning]>([
    [BAD_SESSION_TEXT, 'session'],
    [TRANSIENT_ERROR_TEXT, 'transient'],
    [API_TOKEN_TEXT, 'access'],
    ["historian 'CANARY02' is not known", 'access'],
    ['too many requests: more than 5 requests per second', 'transient'],
    ["unknown method 'storeTagData'", 'access'],
    [
      'Secil.A: entry 0: invalid timestamp "x" (expected ISO-8601 UTC with Z, e.g. 2026-11-24T12:00:00.0000000Z)',
      'tag',
    ],
    [
      "Secil.A: DataSet 'Secil' does not exist (create it, or open the session with autoCreateDatasets=true)",
      'missing_dataset',
    ],
    ['Secil.A: invalid tag (rejected by the historian)', 'tag'],
    ['Secil.A: entry 0: value must be a JSON scalar (number, string or boolean), got null', 'tag'],
  ])('%j → %s', (text, meaning) => {
    expect(errorMeaning(text)).toBe(meaning);
  });
});

describe('datasetsNamedIn', () => {
  it.each<[string, string[]]>([
    ["Secil.A: DataSet 'Secil' does not exist", ['Secil']],
    ["Secil.A: DataSet 'Other' does not exist", ['Other']], // Secil only as a tag's first segment
    ['Unknown DataSet Secil2.', ['Secil2']],
    ['Unknown DataSet', []],
  ])('%j names %j', (text, named) => {
    expect(datasetsNamedIn(text, ['Secil', 'Secil2', 'Other'])).toEqual(named);
  });
});

describe('failureShape', () => {
  it('is the same for two tags refused for the same reason, different otherwise', () => {
    expect(failureShape('Secil.A', ['Secil.A: invalid tag'])).toBe(failureShape('Secil.B', ['Secil.B: invalid tag']));
    expect(failureShape('Secil.A', ['Secil.A: invalid tag'])).not.toBe(
      failureShape('Secil.B', ['Secil.B: invalid timestamp']),
    );
  });
});

describe('tagsNamedIn', () => {
  const tags = ['Secil.A', 'Secil.A.B', 'Secil.A B', 'Secil.C_x0025', 'Test.X'];
  it.each<[string, string[]]>([
    ["Secil.A: invalid timestamp 'x'", ['Secil.A']],
    ["Tag 'Secil.A.B' is invalid", ['Secil.A.B']], // not Secil.A, which it contains
    ['Secil.A B: bad', ['Secil.A B']],
    ['Secil.C_x0025 unknown', ['Secil.C_x0025']],
    ['Secil.AB: bad', []], // a longer word, not this tag
    ['XSecil.A: bad', []],
    ['Foo.Secil.A: bad', []], // a deeper path that ends like it
    ['Secil.A and Test.X failed', ['Secil.A', 'Test.X']],
    ['unknown tag Secil.A.', ['Secil.A']], // sentence full stop
    ['[Secil.A.B, Secil.A]', ['Secil.A', 'Secil.A.B']], // in the order of the request
    ['nothing named here', []],
  ])('%j names %j', (text, named) => {
    expect(tagsNamedIn(text, tags)).toEqual(named);
  });

  it('groups errors per tag', () => {
    expect([...errorsByTag(['Secil.A: x', 'Test.X: y', 'Secil.A: z', 'general'], tags)]).toEqual([
      ['Secil.A', ['Secil.A: x', 'Secil.A: z']],
      ['Test.X', ['Test.X: y']],
    ]);
  });
});
