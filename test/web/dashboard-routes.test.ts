// The dashboard's static serving over a real socket: `/` is index.html, every module it imports is served
// as JavaScript, nothing outside the dashboard folder is reachable, and no configured token leaks into a file.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { startHttp, type HttpServer } from '../../src/web/server.js';

const TOKEN = 'dash-admin-token-7f3a9c';
let http: HttpServer;

beforeAll(async () => {
  const deps = {
    host: '127.0.0.1',
    port: 0,
    registry: new Registry(),
    readiness: async () => ({}),
    dbMode: { get: () => 'local' as const, set: async () => undefined },
  };
  http = await startHttp({ ...deps, adminToken: TOKEN });
});
afterAll(() => http.stop());

/** Follows the ES-module imports from the page, as a browser would, and returns every file's response. */
async function crawl(): Promise<Map<string, { status: number; type: string | null; text: string }>> {
  const seen = new Map<string, { status: number; type: string | null; text: string }>();
  const queue = ['/'];
  while (queue.length) {
    const path = queue.shift() as string;
    if (seen.has(path)) continue;
    const res = await fetch(`${http.url}${path}`);
    const text = await res.text();
    seen.set(path, { status: res.status, type: res.headers.get('content-type'), text });
    for (const m of text.matchAll(/(?:src|href)="(\/dashboard\/[^"]+)"|from '\.\/([^']+)'/g))
      queue.push(m[1] ?? `/dashboard/${m[2]}`);
  }
  return seen;
}

describe('dashboard files', () => {
  it('/ is the page; it and every module it loads are served with their type and no token inside', async () => {
    const files = await crawl();
    const page = files.get('/');
    expect(page?.status).toBe(200);
    expect(page?.type).toBe('text/html; charset=utf-8');
    expect(page?.text).toContain('<script type="module" src="/dashboard/app.js"></script>');
    expect([...files.keys()].sort()).toEqual(
      [
        '/',
        '/dashboard/app.js',
        '/dashboard/browse.js',
        '/dashboard/checks.js',
        '/dashboard/dom.js',
        '/dashboard/metric.js',
        '/dashboard/pipeline.js',
        '/dashboard/plot.js',
        '/dashboard/queues.js',
        '/dashboard/style.css',
      ].sort(),
    );
    for (const [path, f] of files) {
      expect(f.status, path).toBe(200);
      if (path.endsWith('.js')) expect(f.type, path).toBe('text/javascript; charset=utf-8');
      if (path.endsWith('.css')) expect(f.type, path).toBe('text/css; charset=utf-8');
      expect(f.text, path).not.toContain(TOKEN);
    }
  });

  it('sends a same-origin content security policy with the page', async () => {
    const res = await fetch(`${http.url}/`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 404 for names outside the dashboard folder or not in it', async () => {
    for (const path of [
      '/dashboard/package.json',
      '/dashboard/..%2Fpackage.json',
      '/dashboard/%2e%2e%2fserver.ts',
      '/dashboard/missing.js',
      '/dashboard/index.htm',
    ]) {
      const res = await fetch(`${http.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('"name": "uns-meta"');
    }
  });
});
