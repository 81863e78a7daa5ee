// The Canary response envelope `{ statusCode, errors, … }` and the one table from an answer's outcome to
// its HTTP status: 200 for every application outcome unless the HTTP-error fault mode is on.
// It builds bodies only; which outcome a request gets is decided by the API handlers and faults.

export type StatusCode = 'Good' | 'Errors' | 'BadSessionToken';

export interface Envelope {
  statusCode: StatusCode;
  errors: string[];
  [field: string]: unknown;
}

/** What happened to a request, before it is turned into an HTTP status. */
export type Outcome =
  | 'good'
  | 'invalid' // validation Errors (bad tag, timestamp, dataset, …)
  | 'bad_session' // BadSessionToken
  | 'unauthorized' // missing or wrong apiToken
  | 'transient' // Errors whose text marks a transient cause
  | 'throttled' // 429
  | 'server_error' // 5xx
  | 'too_large' // 413
  | 'malformed' // body is not JSON
  | 'not_found'; // unknown method or route

export interface Answer {
  outcome: Outcome;
  body: Envelope;
  /** Tags named by the request (storeData properties, getTagProperties tags) for the request log. */
  tags?: number;
  /** Overrides the status of server_error answers (500, 502, 503, …). */
  status?: number;
}

export const BAD_SESSION_TEXT = 'Session token is invalid or has expired';

export function good(fields: Record<string, unknown> = {}): Answer {
  return { outcome: 'good', body: { statusCode: 'Good', errors: [], ...fields } };
}

export function failed(outcome: Exclude<Outcome, 'good' | 'bad_session'>, errors: string[], status?: number): Answer {
  return { outcome, body: { statusCode: 'Errors', errors }, ...(status === undefined ? {} : { status }) };
}

export function badSession(): Answer {
  return { outcome: 'bad_session', body: { statusCode: 'BadSessionToken', errors: [BAD_SESSION_TEXT] } };
}

/** Application outcomes answer 200 unless httpErrorMode maps them to 401/400/503; transport faults always use their status. */
export function httpStatusFor(answer: Answer, httpErrorMode: boolean): number {
  switch (answer.outcome) {
    case 'good':
      return 200;
    case 'invalid':
      return httpErrorMode ? 400 : 200;
    case 'bad_session':
    case 'unauthorized':
      return httpErrorMode ? 401 : 200;
    case 'transient':
      return httpErrorMode ? 503 : 200;
    case 'throttled':
      return 429;
    case 'server_error':
      return answer.status ?? 503;
    case 'too_large':
      return 413;
    case 'malformed':
      return 400;
    case 'not_found':
      return 404;
  }
}
