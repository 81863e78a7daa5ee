// Test support for the Canary simulator tests: JSON calls over real HTTP and a session opener.
// Deliberately not the product's Canary client: these tests check the simulator against the contract.

export interface Call {
  status: number;
  body: Record<string, unknown>;
}

export async function post(url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Call> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function get(
  url: string,
  query: Record<string, string | string[]> = {},
  headers: Record<string, string> = {},
): Promise<Call> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
  const res = await fetch(`${url}?${qs}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function openSession(
  safUrl: string,
  settings: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Promise<string> {
  const r = await post(`${safUrl}/getSessionToken`, {
    historians: ['localhost'],
    clientId: 'test',
    settings,
    ...extra,
  });
  if (r.status !== 200 || r.body.statusCode !== 'Good' || typeof r.body.sessionToken !== 'string') {
    throw new Error(`getSessionToken failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return r.body.sessionToken;
}

export const TS = '2026-11-24T12:00:00.0000000Z';
export const TS2 = '2026-11-24T12:00:01.5Z';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
