// Canary's undocumented error strings: which mean an expired session, a validation problem, a transient
// cause; and which tags of a request an error text names.
import { describe, expect, it } from 'vitest';
import { errorMeaning, errorsByTag, tagsNamedIn, type ErrorMeaning } from '../../src/canary/error-texts.js';
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
    ["Secil.A: invalid timestamp '2026-13-01'", 'validation'],
    ["DataSet 'Test' does not exist", 'validation'],
    ['Unknown DataSet Test', 'validation'],
    ['Tag not found: Secil.A', 'validation'],
    ['Property value must be a scalar', 'validation'],
    ['User is not allowed to write DataSet Secil', 'validation'],
    ['Permission denied for DataSet Secil', 'validation'],
    ['Malformed property entry', 'validation'],
    // a validation word beats a transient one: the request itself is wrong
    ["DataSet 'X' is not available: does not exist", 'validation'],
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
    [API_TOKEN_TEXT, 'validation'],
    ['too many requests: more than 5 requests per second', 'transient'],
    ["unknown method 'storeTagData'", 'validation'],
    ['Secil.A: entry 0: invalid timestamp "x" (expected ISO-8601 UTC with Z, e.g. 2026-11-24T12:00:00.0000000Z)', 'validation'],
    ["Secil.A: DataSet 'Secil' does not exist (create it, or open the session with autoCreateDatasets=true)", 'validation'],
    ['Secil.A: invalid tag (rejected by the historian)', 'validation'],
    ['Secil.A: entry 0: value must be a JSON scalar (number, string or boolean), got null', 'validation'],
  ])('%j → %s', (text, meaning) => {
    expect(errorMeaning(text)).toBe(meaning);
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
