// The writer's classification table, row by row (canary.md "Writer behaviour"): success only on 2xx + Good +
// no errors; session signals refresh; everything Canary-wide is transient (retried, counted by the breaker,
// never dead-lettered); a missing DataSet is held; permanent only for the tags a refusal names.
import { describe, expect, it } from 'vitest';
import {
  afterRefresh,
  classifyReply,
  isRetryable,
  type CanaryOutcome,
  type CanaryReply,
} from '../../src/canary/responses.js';
import { BAD_SESSION_TEXT } from '../../src/canary/simulator/envelope.js';
import { TRANSIENT_ERROR_TEXT } from '../../src/canary/simulator/faults.js';

const http = (status: number, body: unknown): CanaryReply => ({ type: 'http', status, body });
const env = (statusCode: string, errors: unknown[] = []) => ({ statusCode, errors });
const errors = (...texts: string[]) => http(200, env('Errors', texts));
const HTML = '<html><body>403 Forbidden</body></html>';
const BATCH = ['Secil.K1.PV', 'Secil.K2.PV', 'Secil.K3.PV'];
const ONE = ['Secil.K1.PV'];
const MIXED = ['Secil.K1.PV', 'Nowhere.K1.PV'];

type Row = [name: string, reply: CanaryReply, tags: string[], kind: CanaryOutcome['kind'], detail?: string];

describe('classifyReply: the classification table', () => {
  it.each<Row>([
    // success needs all three
    ['200 Good, no errors', http(200, env('Good')), BATCH, 'success'],
    ['204 Good', http(204, env('Good')), BATCH, 'success'],
    ['200 Good without an errors field', http(200, { statusCode: 'Good' }), BATCH, 'success'],
    ['200 Good with extra fields', http(200, { statusCode: 'Good', errors: [], sessionToken: 'T' }), [], 'success'],
    // bad session: refresh the token and retry once
    ['200 BadSessionToken', http(200, env('BadSessionToken', [BAD_SESSION_TEXT])), BATCH, 'bad_session'],
    ['200 BadSessionToken, no text', http(200, env('BadSessionToken')), BATCH, 'bad_session'],
    ['200 BadSessionId (HMS)', http(200, env('BadSessionId')), BATCH, 'bad_session'],
    ['200 Error + session text (birdsong)', http(200, env('Error', [BAD_SESSION_TEXT])), BATCH, 'bad_session'],
    ['401 (refresh first)', http(401, env('BadSessionToken')), BATCH, 'bad_session'],
    ['401 without a body', http(401, undefined), BATCH, 'bad_session'],
    ['500 whose body says BadSessionToken', http(500, env('BadSessionToken')), BATCH, 'bad_session'],
    // Canary-wide by HTTP status: never a tag's fault
    ['403 from a proxy', http(403, HTML), BATCH, 'transient', 'http_refused'],
    [
      '403 with an envelope naming a tag',
      http(403, env('Errors', ['Secil.K1.PV: invalid tag'])),
      BATCH,
      'transient',
      'http_refused',
    ],
    ['404 of a moved path', http(404, HTML), ONE, 'transient', 'http_refused'],
    ['408 request timeout', http(408, undefined), BATCH, 'transient', 'http_refused'],
    ['409 conflict', http(409, undefined), BATCH, 'transient', 'http_refused'],
    ['423 locked', http(423, undefined), BATCH, 'transient', 'http_refused'],
    ['425 too early', http(425, undefined), BATCH, 'transient', 'http_refused'],
    ['405 (other 4xx)', http(405, undefined), BATCH, 'transient', 'http_refused'],
    ['429', http(429, undefined), BATCH, 'transient', 'http_429'],
    ['500', http(500, undefined), BATCH, 'transient', 'http_5xx'],
    [
      '503 with an Errors envelope',
      http(503, env('Errors', ["DataSet 'Secil' does not exist"])),
      BATCH,
      'transient',
      'http_5xx',
    ],
    ['599', http(599, 'oops'), BATCH, 'transient', 'http_5xx'],
    ['302 (not followed)', http(302, undefined), BATCH, 'transient', 'http_other'],
    // Canary-wide: no answer, or not an answer from Canary
    ['transport error', { type: 'transport', message: 'ECONNRESET' }, BATCH, 'transient', 'transport'],
    ['timeout', { type: 'timeout', afterMs: 10_000 }, BATCH, 'transient', 'timeout'],
    ['2xx HTML from a proxy', http(200, HTML), BATCH, 'transient', 'not_an_envelope'],
    ['2xx array', http(200, []), BATCH, 'transient', 'not_an_envelope'],
    ['400 without an envelope (proxy)', http(400, HTML), ONE, 'transient', 'http_refused'],
    ['200 BadLicense (unknown status)', http(200, env('BadLicense')), BATCH, 'transient', 'unknown_status'],
    // Canary-wide by the Errors text
    [
      'Errors the writer does not recognise',
      errors('Historian CANARY01 is not responding'),
      BATCH,
      'transient',
      'unrecognised_error',
    ],
    [
      '…even for a one-tag batch',
      errors('Historian CANARY01 is not responding'),
      ONE,
      'transient',
      'unrecognised_error',
    ],
    [
      '…even naming a tag',
      errors('Secil.K1.PV: historian CANARY01 is not responding'),
      ONE,
      'transient',
      'unrecognised_error',
    ],
    ['Errors with no text', errors(), BATCH, 'transient', 'unrecognised_error'],
    [
      'Errors with non-string errors',
      http(200, env('Errors', [{ code: 7 }])),
      BATCH,
      'transient',
      'unrecognised_error',
    ],
    ['Errors, transient text', errors(TRANSIENT_ERROR_TEXT), BATCH, 'transient', 'canary_busy'],
    ['Errors, throttled', errors('Throttled: more than 500 requests per second'), BATCH, 'transient', 'canary_busy'],
    [
      'Good but errors present (transient)',
      http(200, env('Good', ['SAF buffer is full'])),
      BATCH,
      'transient',
      'canary_busy',
    ],
    [
      'a transient text beside a tag error: try the whole again',
      errors('server busy', 'Secil.K1.PV: invalid timestamp'),
      BATCH,
      'transient',
      'canary_busy',
    ],
    [
      'Errors, access (permission)',
      errors('User is not allowed to write DataSet Secil'),
      BATCH,
      'transient',
      'canary_access',
    ],
    ['Errors, access (apiToken)', errors('apiToken is missing or not valid'), ONE, 'transient', 'canary_access'],
    [
      'a batch in which every tag fails the same way',
      errors(...BATCH.map((t) => `${t}: invalid tag (rejected by the historian)`)),
      BATCH,
      'transient',
      'every_tag_same',
    ],
    [
      'tag wording naming no tag of a batch',
      errors('Property value must be a scalar'),
      BATCH,
      'transient',
      'unattributed',
    ],
    [
      '400 naming no tag of a batch',
      http(400, env('Errors', ['request is invalid'])),
      BATCH,
      'transient',
      'unattributed',
    ],
    [
      "a missing DataSet not among the batch's",
      errors("DataSet 'Other' does not exist"),
      MIXED,
      'transient',
      'unattributed',
    ],
    ["413 for one tag (Canary's limit is below ours)", http(413, undefined), ONE, 'transient', 'too_large_alone'],
    // missing DataSet: held, never dead-lettered
    [
      'Errors naming a missing DataSet',
      errors(
        "Nowhere.K1.PV: DataSet 'Nowhere' does not exist (create it, or open the session with autoCreateDatasets=true)",
      ),
      MIXED,
      'missing_dataset',
      'Nowhere',
    ],
    ['Unknown DataSet, the only one of the batch', errors('Unknown DataSet'), BATCH, 'missing_dataset', 'Secil'],
    [
      '400 naming a missing DataSet (HTTP-error mode)',
      http(400, env('Errors', ["DataSet 'Nowhere' does not exist"])),
      MIXED,
      'missing_dataset',
      'Nowhere',
    ],
    // permanent: only for the named tags
    [
      'Errors naming one tag of three',
      errors('Secil.K2.PV: invalid tag (rejected by the historian)'),
      BATCH,
      'permanent',
      'Secil.K2.PV',
    ],
    [
      'Good but errors present (validation)',
      http(200, env('Good', ["Secil.K1.PV: invalid timestamp 'x'"])),
      BATCH,
      'permanent',
      'Secil.K1.PV',
    ],
    [
      'every tag named, not the same way',
      errors('Secil.K1.PV: invalid tag', 'Secil.K2.PV: invalid timestamp', 'Secil.K3.PV: invalid tag'),
      BATCH,
      'permanent',
      'Secil.K1.PV,Secil.K2.PV,Secil.K3.PV',
    ],
    ['a value error in a one-tag batch', errors('Property value must be a scalar'), ONE, 'permanent', 'Secil.K1.PV'],
    [
      '400 naming a tag',
      http(400, env('Errors', ['Secil.K3.PV: invalid timestamp'])),
      BATCH,
      'permanent',
      'Secil.K3.PV',
    ],
    ['422 naming a tag', http(422, env('Errors', ["Tag 'Secil.K1.PV' is invalid"])), BATCH, 'permanent', 'Secil.K1.PV'],
    ['413 for several tags: smaller requests cure it', http(413, undefined), BATCH, 'permanent', ''],
  ])('%s', (_name, reply, tags, kind, detail) => {
    const outcome = classifyReply(reply, tags);
    expect(outcome.kind).toBe(kind);
    expect(isRetryable(outcome)).toBe(kind === 'transient');
    if (outcome.kind === 'transient') expect(outcome.cause).toBe(detail);
    if (outcome.kind === 'missing_dataset') expect(outcome.datasets.join(',')).toBe(detail);
    if (outcome.kind === 'permanent') expect([...outcome.tagErrors.keys()].join(',')).toBe(detail);
  });

  it('a refused request carries no permanent class when it names no tags (session calls)', () => {
    for (const reply of [
      errors('request is invalid'),
      errors("DataSet 'X' does not exist"),
      http(422, env('Errors', ['x must be a string'])),
    ]) {
      expect(classifyReply(reply, []).kind).toBe('transient');
    }
  });

  it('bad_session again after a fresh token is Canary-wide (counted by the breaker), anything else stays', () => {
    expect(afterRefresh(classifyReply(http(401, undefined)))).toMatchObject({
      kind: 'transient',
      cause: 'session_refused',
      status: 401,
    });
    const ok = classifyReply(http(200, env('Good')));
    expect(afterRefresh(ok)).toBe(ok);
  });

  it('keeps the HTTP status and a message that names what Canary said', () => {
    expect(classifyReply(errors('Historian CANARY01 is not responding'), BATCH)).toMatchObject({
      status: 200,
      message: 'HTTP 200 Errors: Historian CANARY01 is not responding',
    });
    expect(classifyReply(http(503, undefined))).toMatchObject({ status: 503, message: 'HTTP 503' });
  });

  it('maps errors back to the tags of the request they name', () => {
    const tags = ['Secil.K1.PV', 'Secil.K1.PV.Hi', 'Secil.K2.PV'];
    const outcome = classifyReply(
      errors("Secil.K1.PV.Hi: invalid timestamp 'x'", "Tag 'Secil.K2.PV' is invalid", 'Secil.K2.PV: invalid value'),
      tags,
    );
    expect(outcome.kind === 'permanent' ? [...outcome.tagErrors] : null).toEqual([
      ['Secil.K1.PV.Hi', ["Secil.K1.PV.Hi: invalid timestamp 'x'"]],
      ['Secil.K2.PV', ["Tag 'Secil.K2.PV' is invalid", 'Secil.K2.PV: invalid value']],
    ]);
  });
});
