// Tiny DOM and API helpers for the dashboard modules. Text goes in through textContent only (never
// innerHTML), so names and messages from the database cannot inject markup.

const TOKEN_KEY = 'uns-meta.adminToken';

/** el('a', { href: '#/x', 'data-testid': 'y' }, 'text', child) → an element. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat())
    if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}

export const adminToken = {
  get: () => sessionStorage.getItem(TOKEN_KEY) ?? '',
  set: (t) => (t ? sessionStorage.setItem(TOKEN_KEY, t) : sessionStorage.removeItem(TOKEN_KEY)),
};

/** An API failure carrying the server's own message (the body is { error, message }). */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, path) {
  const headers = { accept: 'application/json' };
  const token = adminToken.get();
  if (method !== 'GET' && token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(path, { method, headers });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, `${res.status}: ${body?.message ?? res.statusText}`);
  return body;
}

export const getJson = (path) => call('GET', path);
export const postJson = (path) => call('POST', path);

/** A query string from an object, skipping empty values. */
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function when(ts) {
  if (!ts) return '—';
  const d = new Date(ts);
  return Number.isNaN(d.getTime())
    ? String(ts)
    : d
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z');
}

/** A JSON value as it is stored: strings quoted, so "5" and 5 stay distinguishable in diffs. */
export function shown(v) {
  return v === undefined ? '(absent)' : JSON.stringify(v);
}

export function badge(status, testid) {
  const s = String(status ?? 'unknown');
  return el('span', { class: `badge badge-${s.toLowerCase().replace(/[^a-z_]/g, '')}`, 'data-testid': testid }, s);
}

export function errorBox(err) {
  return el('p', { class: 'error', role: 'alert' }, err instanceof Error ? err.message : String(err));
}
