// The Views read API v2 methods of the simulator: browseTags, browseNodes, getTagProperties (and version).
// Parameters come from the query string (GET) or the body (POST JSON or form), so values may be strings.
// Reads see the store at once: the real product's view-rebuild delay is not simulated.

import { browseNodes, browseTags } from './browse.js';
import { failed, good, type Answer } from './envelope.js';
import { API_TOKEN_TEXT, authorized, SIMULATOR_VERSION, type ApiMethod, type SimState } from './write-api.js';

export const BROWSE_MAX_SIZE = 10_000;

type Param<T> = { ok: true; value: T } | { ok: false; reason: string };

function text(params: Record<string, unknown>, name: string, fallback: string): Param<string> {
  const v = params[name];
  if (v === undefined || v === null) return { ok: true, value: fallback };
  return typeof v === 'string' ? { ok: true, value: v } : { ok: false, reason: `${name} must be a string` };
}

function flag(params: Record<string, unknown>, name: string): Param<boolean> {
  const v = params[name];
  if (v === undefined || v === null || v === '') return { ok: true, value: false };
  if (v === true || v === 'true' || v === '1') return { ok: true, value: true };
  if (v === false || v === 'false' || v === '0') return { ok: true, value: false };
  return { ok: false, reason: `${name} must be true or false` };
}

function count(params: Record<string, unknown>, name: string, fallback: number): Param<number> {
  const v = params[name];
  if (v === undefined || v === null || v === '') return { ok: true, value: fallback };
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0
    ? { ok: true, value: n }
    : { ok: false, reason: `${name} must be a positive integer` };
}

/** Runs `fn` with the parsed parameters, or answers `Errors` naming every bad one. */
function withParams<T extends unknown[]>(
  params: { [K in keyof T]: Param<T[K]> },
  fn: (...values: T) => Answer,
): Answer {
  const bad = params.filter((p) => !p.ok).map((p) => (p as { reason: string }).reason);
  if (bad.length > 0) return failed('invalid', bad);
  return fn(...(params.map((p) => (p as { value: unknown }).value) as T));
}

const token = (params: Record<string, unknown>, bearer?: string) => params.apiToken ?? params.accessToken ?? bearer;

/** Views auth: apiToken (or the older accessToken) in the body or query, or Authorization: Bearer. */
const guarded =
  (method: ApiMethod): ApiMethod =>
  (params, state, bearer) =>
    authorized(state, token(params, bearer)) ? method(params, state, bearer) : failed('unauthorized', [API_TOKEN_TEXT]);

const browseTagsMethod: ApiMethod = (params, state) =>
  withParams<[string, boolean, string, number, string]>(
    [
      text(params, 'path', ''),
      flag(params, 'deep'),
      text(params, 'search', ''),
      count(params, 'maxSize', BROWSE_MAX_SIZE),
      text(params, 'continuation', ''),
    ],
    (path, deep, search, maxSize, continuation) => {
      const r = browseTags(state.store.tagIds(), {
        path,
        deep,
        search,
        maxSize: Math.min(maxSize, BROWSE_MAX_SIZE),
        continuation: continuation || null,
      });
      return r.ok ? good({ tags: r.tags, continuation: r.continuation }) : failed('invalid', [r.reason]);
    },
  );

const browseNodesMethod: ApiMethod = (params, state) =>
  withParams<[string]>([text(params, 'path', '')], (path) =>
    good({ nodes: browseNodes(state.store.tagIds(), state.store.datasets(), path) }),
  );

/** Latest value per property name; an unknown tag answers `{}`. Values keep their JSON type. */
const getTagProperties: ApiMethod = (params, state: SimState) => {
  const raw = params.tags;
  const tags = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(tags) || tags.length === 0 || !tags.every((t) => typeof t === 'string')) {
    return failed('invalid', ['tags is required (an array of tag ids)']);
  }
  const properties: Record<string, Record<string, unknown>> = {};
  for (const tag of tags as string[]) properties[tag] = state.store.latest(tag) ?? {};
  return { ...good({ properties }), tags: tags.length };
};

const version: ApiMethod = () => good({ version: SIMULATOR_VERSION, simulator: true });

export const readApi = new Map<string, ApiMethod>(
  Object.entries({
    browseTags: guarded(browseTagsMethod),
    browseNodes: guarded(browseNodesMethod),
    getTagProperties: guarded(getTagProperties),
    version,
  }),
);
