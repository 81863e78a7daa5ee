// The Views read API v2 calls uns-meta needs: getTagProperties (latest value per property name of each
// tag, for `canary verify`) in chunks, and browseTags (the tags of one node, for CANARY_RESOLVE_TAGS),
// over fetch with a timeout. Read-only and separate from the SAF write client: no session, no retry, no
// breaker — a failure is reported to the caller.

import { AppError } from '../errors.js';

export interface ViewsTarget {
  /** CANARY_VIEWS_URL, e.g. https://host:55236/api/v2 */
  url: string;
  apiToken?: string | undefined;
  timeoutMs?: number;
  /** Tags per request. */
  chunk?: number;
}

export type TagProperties = Map<string, Record<string, unknown>>;

export async function getTagProperties(t: ViewsTarget, tags: readonly string[]): Promise<TagProperties> {
  const out: TagProperties = new Map();
  const chunk = t.chunk ?? 500;
  for (let i = 0; i < tags.length; i += chunk) {
    const slice = tags.slice(i, i + chunk);
    const body = await call(t, 'getTagProperties', { apiToken: t.apiToken, tags: slice });
    const props = (body.properties ?? {}) as Record<string, unknown>;
    for (const tag of slice) {
      const p = props[tag];
      out.set(tag, p !== null && typeof p === 'object' ? (p as Record<string, unknown>) : {});
    }
  }
  return out;
}

/** Every tag id directly under `path` (not deeper), following continuations. */
export async function browseTags(t: ViewsTarget, path: string): Promise<string[]> {
  const out: string[] = [];
  let continuation: string | null = null;
  do {
    const body = await call(t, 'browseTags', {
      apiToken: t.apiToken,
      path,
      deep: false,
      maxSize: 10_000,
      ...(continuation ? { continuation } : {}),
    });
    if (Array.isArray(body.tags)) out.push(...body.tags.filter((x): x is string => typeof x === 'string'));
    continuation = typeof body.continuation === 'string' && body.continuation !== '' ? body.continuation : null;
  } while (continuation);
  return out;
}

async function call(
  t: ViewsTarget,
  method: string,
  payload: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const url = `${t.url.replace(/\/+$/, '')}/${method}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(t.timeoutMs ?? 10_000),
    });
  } catch (err) {
    throw new AppError(
      'canary_unavailable',
      `Canary Views API at ${t.url} did not answer ${method} (${(err as Error).message}); check CANARY_VIEWS_URL and that Canary runs`,
      { cause: err },
    );
  }
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new AppError(
      'canary_unavailable',
      `Canary Views API ${method} answered HTTP ${res.status} with no JSON; check CANARY_VIEWS_URL points at /api/v2`,
    );
  }
  const errors = Array.isArray(body.errors) ? (body.errors as unknown[]).map(String) : [];
  if (!res.ok || body.statusCode !== 'Good' || errors.length > 0) {
    throw new AppError(
      'canary_unavailable',
      `Canary Views API ${method} refused: HTTP ${res.status} ${String(body.statusCode)} ${errors.join('; ')}; check CANARY_API_TOKEN and CANARY_VIEWS_URL`,
    );
  }
  return body;
}
