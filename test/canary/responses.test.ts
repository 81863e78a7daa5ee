// Every kind of Canary reply lands in the right class: success only on 2xx + Good + no errors; session
// signals from any call; 429/5xx/transport/timeout and transient texts retried; the rest permanent.
import { describe, expect, it } from 'vitest';
import { classifyReply, isRetryable, type CanaryOutcome, type CanaryReply } from '../../src/canary/responses.js';

const http = (status: number, body: unknown): CanaryReply => ({ type: 'http', status, body });
const env = (statusCode: string, errors: unknown[] = []) => ({ statusCode, errors });

describe('classifyReply', () => {
  it.each<[string, CanaryReply, CanaryOutcome['kind'], string?]>([
    // success needs all three
    ['200 Good, no errors', http(200, env('Good')), 'success'],
    ['204 Good', http(204, env('Good')), 'success'],
    ['200 Good without an errors field', http(200, { statusCode: 'Good' }), 'success'],
    ['200 Good with extra fields', http(200, { statusCode: 'Good', errors: [], sessionToken: 'T' }), 'success'],
    ['200 Good but errors present (validation)', http(200, env('Good', ["Secil.A: invalid timestamp 'x'"])), 'permanent', 'canary_error'],
    ['200 Good but errors present (transient)', http(200, env('Good', ['SAF buffer is full'])), 'transient', 'canary_error'],
    // session, from any call and any HTTP status
    ['200 BadSessionToken', http(200, env('BadSessionToken', ['Session token is invalid or has expired'])), 'bad_session'],
    ['200 BadSessionToken, no text', http(200, env('BadSessionToken')), 'bad_session'],
    ['200 BadSessionId (HMS)', http(200, env('BadSessionId')), 'bad_session'],
    ['200 Error + session text (birdsong)', http(200, env('Error', ['Session token is invalid or has expired'])), 'bad_session'],
    ['200 Errors + expired session', http(200, env('Errors', ['Invalid session'])), 'bad_session'],
    ['401 (http-error mode)', http(401, env('BadSessionToken')), 'bad_session'],
    ['401 without a body', http(401, undefined), 'bad_session'],
    ['500 whose body says BadSessionToken', http(500, env('BadSessionToken')), 'bad_session'],
    // transport-level and HTTP-level transient
    ['429', http(429, undefined), 'transient', 'http_429'],
    ['500', http(500, undefined), 'transient', 'http_5xx'],
    ['503 with an Errors envelope', http(503, env('Errors', ['DataSet does not exist'])), 'transient', 'http_5xx'],
    ['599', http(599, 'oops'), 'transient', 'http_5xx'],
    ['302 (not followed)', http(302, undefined), 'transient', 'http_other'],
    ['2xx HTML from a proxy', http(200, undefined), 'transient', 'not_an_envelope'],
    ['2xx array', http(200, []), 'transient', 'not_an_envelope'],
    ['2xx with a numeric statusCode', http(200, { statusCode: 0 }), 'transient', 'not_an_envelope'],
    ['200 BadLicense (unknown status)', http(200, env('BadLicense')), 'transient', 'unknown_status'],
    ['transport error', { type: 'transport', message: 'ECONNRESET' }, 'transient', 'transport'],
    ['timeout', { type: 'timeout', afterMs: 10_000 }, 'transient', 'timeout'],
    ['200 Errors, all transient', http(200, env('Errors', ['Historian is offline', 'request timed out'])), 'transient', 'canary_error'],
    ['200 Errors, throttled', http(200, env('Errors', ['Throttled: more than 500 requests per second'])), 'transient', 'canary_error'],
    // permanent
    ['200 Errors, validation', http(200, env('Errors', ["DataSet 'Test' does not exist"])), 'permanent', 'canary_error'],
    ['200 Errors, one transient + one validation', http(200, env('Errors', ['server busy', "Secil.A: invalid timestamp 'x'"])), 'permanent', 'canary_error'],
    ['200 Errors, unrecognised wording', http(200, env('Errors', ['Something odd happened'])), 'permanent', 'canary_error'],
    ['200 Errors, no text', http(200, env('Errors')), 'permanent', 'canary_error'],
    ['200 Errors with non-string errors', http(200, env('Errors', [{ code: 7 }])), 'permanent', 'canary_error'],
    ['400', http(400, env('Errors', ['bad'])), 'permanent', 'http_4xx'],
    ['403', http(403, undefined), 'permanent', 'http_4xx'],
    ['404 unknown route', http(404, undefined), 'permanent', 'http_4xx'],
    ['413 body too large', http(413, undefined), 'permanent', 'http_4xx'],
  ])('%s', (_name, reply, kind, cause) => {
    const outcome = classifyReply(reply);
    expect(outcome.kind).toBe(kind);
    if (cause !== undefined) expect('cause' in outcome ? outcome.cause : undefined).toBe(cause);
    expect(isRetryable(outcome)).toBe(kind === 'transient');
  });

  it('keeps the HTTP status and a message that names what Canary said', () => {
    const outcome = classifyReply(http(200, env('Errors', ["DataSet 'Test' does not exist"])));
    expect(outcome).toMatchObject({ kind: 'permanent', status: 200, message: "HTTP 200 Errors: DataSet 'Test' does not exist" });
    expect(classifyReply(http(503, undefined))).toMatchObject({ status: 503, message: 'HTTP 503' });
  });

  it('maps errors back to the tags of the request they name', () => {
    const tags = ['Secil.K1.PV', 'Secil.K1.PV.Hi', 'Secil.K2.PV'];
    const outcome = classifyReply(
      http(200, env('Errors', ["Secil.K1.PV.Hi: invalid timestamp 'x'", "Tag 'Secil.K2.PV' is invalid", 'Secil.K2.PV: invalid value'])),
      tags,
    );
    expect(outcome.kind).toBe('permanent');
    if (outcome.kind !== 'permanent') return;
    expect([...outcome.tagErrors]).toEqual([
      ['Secil.K1.PV.Hi', ["Secil.K1.PV.Hi: invalid timestamp 'x'"]],
      ['Secil.K2.PV', ["Tag 'Secil.K2.PV' is invalid", 'Secil.K2.PV: invalid value']],
    ]);
  });

  it('maps tag errors of an HTTP 400 too (the simulator\'s http-error mode)', () => {
    const outcome = classifyReply(http(400, env('Errors', ['Secil.A: invalid timestamp'])), ['Secil.A', 'Secil.B']);
    expect(outcome.kind === 'permanent' ? [...outcome.tagErrors.keys()] : null).toEqual(['Secil.A']);
  });
});
