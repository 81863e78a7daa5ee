// Classifies one Canary reply (HTTP status + parsed body, or a transport error / timeout) into what the
// writer does next: success | bad_session | transient | permanent (canary.md "Writer behaviour").
// Pure: it never sends, retries or refreshes a session; error wording is interpreted by error-texts.ts.

import { errorMeaning, errorsByTag } from './error-texts.js';

/** What came back for one HTTP request. `body` is the parsed JSON, or undefined when it was not JSON. */
export type CanaryReply =
  | { type: 'http'; status: number; body: unknown }
  | { type: 'transport'; message: string }
  | { type: 'timeout'; afterMs: number };

export type TransientCause = 'timeout' | 'transport' | 'http_429' | 'http_5xx' | 'http_other' | 'not_an_envelope' | 'unknown_status' | 'canary_error';
export type PermanentCause = 'http_4xx' | 'canary_error';

export type CanaryOutcome =
  | { kind: 'success'; status: number }
  | { kind: 'bad_session'; status: number; message: string }
  | { kind: 'transient'; cause: TransientCause; status?: number; message: string }
  | {
      kind: 'permanent';
      cause: PermanentCause;
      status: number;
      message: string;
      errors: string[];
      /** Tags of the request named by an error (for bisection), each with the errors naming it. */
      tagErrors: Map<string, string[]>;
    };

interface Envelope {
  statusCode: string;
  errors: string[];
}

const SESSION_STATUS_CODES = new Set(['BadSessionToken', 'BadSessionId']);
const ERROR_STATUS_CODES = new Set(['Good', 'Errors', 'Error']);

/** The envelope of a body, or null when the body is not `{ statusCode: string, errors?: [...] }`. */
function envelopeOf(body: unknown): Envelope | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { statusCode, errors } = body as { statusCode?: unknown; errors?: unknown };
  if (typeof statusCode !== 'string') return null;
  const list = Array.isArray(errors) ? errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))) : [];
  return { statusCode, errors: list };
}

function describe(status: number, env: Envelope | null): string {
  if (env === null) return `HTTP ${status}`;
  const detail = env.errors.length > 0 ? `: ${env.errors.join('; ')}` : '';
  return `HTTP ${status} ${env.statusCode}${detail}`;
}

/**
 * `tags` are the tag ids the request carried (storeData), used to map errors back to tags.
 * Order of the rules: session signals (any HTTP status, any call) → HTTP 429/5xx → other 4xx →
 * a 2xx body that is not an envelope → statusCode/errors. Errors are transient only when every error
 * text marks a transient cause; otherwise (validation or unrecognised wording) permanent.
 */
export function classifyReply(reply: CanaryReply, tags: readonly string[] = []): CanaryOutcome {
  if (reply.type === 'timeout') return { kind: 'transient', cause: 'timeout', message: `no answer within ${reply.afterMs} ms` };
  if (reply.type === 'transport') return { kind: 'transient', cause: 'transport', message: reply.message };

  const { status } = reply;
  const env = envelopeOf(reply.body);
  const message = describe(status, env);
  const sessionText = env !== null && env.errors.some((e) => errorMeaning(e) === 'session');
  if ((env !== null && SESSION_STATUS_CODES.has(env.statusCode)) || sessionText || status === 401) {
    return { kind: 'bad_session', status, message };
  }
  if (status === 429) return { kind: 'transient', cause: 'http_429', status, message };
  if (status >= 500 && status <= 599) return { kind: 'transient', cause: 'http_5xx', status, message };
  const permanent = (cause: PermanentCause, errors: string[]): CanaryOutcome => ({
    kind: 'permanent', cause, status, message, errors, tagErrors: errorsByTag(errors, tags),
  });
  if (status >= 400 && status <= 499) return permanent('http_4xx', env?.errors ?? []);
  if (status < 200 || status > 299) return { kind: 'transient', cause: 'http_other', status, message };

  if (env === null) return { kind: 'transient', cause: 'not_an_envelope', status, message: `HTTP ${status}: body is not a Canary envelope` };
  if (!ERROR_STATUS_CODES.has(env.statusCode)) return { kind: 'transient', cause: 'unknown_status', status, message };
  if (env.statusCode === 'Good' && env.errors.length === 0) return { kind: 'success', status };
  if (env.errors.length > 0 && env.errors.every((e) => errorMeaning(e) === 'transient')) {
    return { kind: 'transient', cause: 'canary_error', status, message };
  }
  return permanent('canary_error', env.errors);
}

/** Whether the retry policy sends the same request again. */
export function isRetryable(outcome: { kind: string }): boolean {
  return outcome.kind === 'transient';
}
