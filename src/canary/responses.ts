// The writer's one classification table (canary.md "Writer behaviour"): a Canary reply (HTTP status +
// parsed body, or a transport error / timeout) and the tags the request carried → success | bad_session |
// transient (Canary-wide: retried, counted by the breaker, never dead-lettered) | missing_dataset (held) |
// permanent (only for the tags it names). Pure; the wording of `errors` is read by error-texts.ts.

import { datasetsNamedIn, errorMeaning, errorsByTag, failureShape, type ErrorMeaning } from './error-texts.js';

/** What came back for one HTTP request. `body` is the parsed JSON, or undefined when it was not JSON. */
export type CanaryReply =
  | { type: 'http'; status: number; body: unknown }
  | { type: 'transport'; message: string }
  | { type: 'timeout'; afterMs: number };

export type TransientCause =
  | 'timeout'
  | 'transport'
  | 'http_429'
  | 'http_5xx'
  | 'http_refused'
  | 'http_other'
  | 'not_an_envelope'
  | 'unknown_status'
  | 'session_refused'
  | 'canary_busy'
  | 'canary_access'
  | 'unrecognised_error'
  | 'unattributed'
  | 'every_tag_same'
  | 'too_large_alone';

/** `too_large`: a 413 for several tags, which smaller requests cure (bisect halves it). */
export type PermanentCause = 'tag_refused' | 'too_large';

export type CanaryOutcome =
  | { kind: 'success'; status: number }
  | { kind: 'bad_session'; status: number; message: string }
  | { kind: 'transient'; cause: TransientCause; status?: number; message: string }
  | { kind: 'missing_dataset'; status: number; message: string; datasets: string[] }
  | {
      kind: 'permanent';
      cause: PermanentCause;
      status: number;
      message: string;
      errors: string[];
      /** Tags of the request named by an error (for bisection), each with the errors naming it. */
      tagErrors: Map<string, string[]>;
    };

/** Statuses that decide on their own once session signals are ruled out. 400/422 (and 2xx) are read from
 * the body; 401 is a session signal; 413 depends on the number of tags. */
const BY_STATUS: ReadonlyArray<[(status: number) => boolean, TransientCause]> = [
  [(s) => s === 429, 'http_429'],
  [(s) => s >= 500 && s <= 599, 'http_5xx'],
  // 403 proxy, 404 moved path, 408/409/423/425 and the rest: nothing the tags of a batch can cause.
  [(s) => s >= 400 && s <= 499 && s !== 400 && s !== 413 && s !== 422, 'http_refused'],
  [(s) => s < 200 || (s >= 300 && s <= 399) || s > 599, 'http_other'],
];

/** Error meanings that make the whole reply Canary-wide, strongest first (an unknown text outranks all). */
const CANARY_WIDE: ReadonlyArray<[ErrorMeaning, TransientCause]> = [
  ['unknown', 'unrecognised_error'],
  ['access', 'canary_access'],
  ['transient', 'canary_busy'],
];

const SESSION_STATUS_CODES = new Set(['BadSessionToken', 'BadSessionId']);
const ERROR_STATUS_CODES = new Set(['Good', 'Errors', 'Error']);

interface Envelope {
  statusCode: string;
  errors: string[];
}

function envelopeOf(body: unknown): Envelope | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { statusCode, errors } = body as { statusCode?: unknown; errors?: unknown };
  if (typeof statusCode !== 'string') return null;
  return {
    statusCode,
    errors: Array.isArray(errors) ? errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))) : [],
  };
}

function describe(status: number, env: Envelope | null): string {
  if (env === null) return `HTTP ${status}`;
  return `HTTP ${status} ${env.statusCode}${env.errors.length > 0 ? `: ${env.errors.join('; ')}` : ''}`;
}

/** `tags` are the tag ids the request carried (storeData; none for session calls). */
export function classifyReply(reply: CanaryReply, tags: readonly string[] = []): CanaryOutcome {
  if (reply.type === 'timeout')
    return { kind: 'transient', cause: 'timeout', message: `no answer within ${reply.afterMs} ms` };
  if (reply.type === 'transport') return { kind: 'transient', cause: 'transport', message: reply.message };
  const { status } = reply;
  const env = envelopeOf(reply.body);
  const message = describe(status, env);
  const transient = (cause: TransientCause, why = message): CanaryOutcome => ({
    kind: 'transient',
    cause,
    status,
    message: why,
  });

  if (
    status === 401 ||
    (env !== null &&
      (SESSION_STATUS_CODES.has(env.statusCode) || env.errors.some((e) => errorMeaning(e) === 'session')))
  ) {
    return { kind: 'bad_session', status, message };
  }
  const byStatus = BY_STATUS.find(([applies]) => applies(status));
  if (byStatus) return transient(byStatus[1]);
  if (status === 413) {
    if (new Set(tags).size > 1)
      return {
        kind: 'permanent',
        cause: 'too_large',
        status,
        message,
        errors: env?.errors ?? [],
        tagErrors: new Map(),
      };
    return transient(
      'too_large_alone',
      `${message}: Canary refuses one tag's write as too large; lower CANARY_MAX_PAYLOAD_BYTES to Canary's limit`,
    );
  }
  if (env === null)
    return transient(status >= 400 ? 'http_refused' : 'not_an_envelope', `${message}: body is not a Canary envelope`);
  if (!ERROR_STATUS_CODES.has(env.statusCode)) return transient('unknown_status');
  if (env.statusCode === 'Good' && env.errors.length === 0 && status < 300) return { kind: 'success', status };
  return refusal(status, message, env.errors, tags);
}

/** An `Errors` answer (or 400/422): Canary-wide unless every text is about the request's DataSets or tags. */
function refusal(status: number, message: string, errors: string[], tags: readonly string[]): CanaryOutcome {
  const transient = (cause: TransientCause): CanaryOutcome => ({ kind: 'transient', cause, status, message });
  if (errors.length === 0) return transient('unrecognised_error');
  const meanings = new Set(errors.map(errorMeaning));
  const wide = CANARY_WIDE.find(([meaning]) => meanings.has(meaning));
  if (wide) return transient(wide[1]);

  const missing = errors.filter((e) => errorMeaning(e) === 'missing_dataset');
  if (missing.length > 0) {
    const datasets = missingDatasets(missing, tags);
    return datasets.length > 0 ? { kind: 'missing_dataset', status, message, datasets } : transient('unattributed');
  }
  const unique = [...new Set(tags)];
  let tagErrors = errorsByTag(errors, unique);
  // One tag in the request: a text about a tag or a value can only be about that one.
  if (tagErrors.size === 0 && unique.length === 1) tagErrors = new Map([[unique[0] as string, errors]]);
  if (tagErrors.size === 0) return transient('unattributed');
  const shapes = new Set([...tagErrors].map(([tag, list]) => failureShape(tag, list)));
  if (unique.length > 1 && tagErrors.size === unique.length && shapes.size === 1) return transient('every_tag_same');
  return { kind: 'permanent', cause: 'tag_refused', status, message, errors, tagErrors };
}

/** The request's DataSets the texts name: by name, else through the tags they name, else the only one. */
function missingDatasets(texts: readonly string[], tags: readonly string[]): string[] {
  const datasetOf = (tag: string): string => tag.split('.')[0] as string;
  const all = [...new Set(tags.map(datasetOf))];
  const found = new Set<string>();
  for (const text of texts) {
    const named = datasetsNamedIn(text, all);
    const viaTags = errorsByTag([text], tags);
    const these =
      named.length > 0 ? named : viaTags.size > 0 ? [...viaTags.keys()].map(datasetOf) : all.length === 1 ? all : [];
    for (const d of these) found.add(d);
  }
  return all.filter((d) => found.has(d));
}

/** A request that came back bad_session again with a fresh token: Canary refuses us, not the session. */
export function afterRefresh(outcome: CanaryOutcome): CanaryOutcome {
  if (outcome.kind !== 'bad_session') return outcome;
  return {
    kind: 'transient',
    cause: 'session_refused',
    status: outcome.status,
    message: `${outcome.message} (again with a new session token)`,
  };
}

/** Whether the retry policy sends the same request again. */
export function isRetryable(outcome: { kind: string }): boolean {
  return outcome.kind === 'transient';
}
