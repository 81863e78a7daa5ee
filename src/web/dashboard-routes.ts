// Serves the dashboard's static files (src/web/dashboard, shipped with the package; no build step):
// index.html at `/`, the rest under /dashboard/<name>. Only files of that one folder; it holds no secret.

import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { packagePath } from '../package-root.js';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

// Same-origin only: the page loads its own modules and calls its own /api, nothing else.
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

export function registerDashboardRoutes(app: FastifyInstance, dir = packagePath('src', 'web', 'dashboard')): void {
  // The allowed names are fixed at start, so a request path can never reach outside the folder.
  const files = new Set(readdirSync(dir).filter((f) => /^[a-z0-9-]+\.(html|js|css)$/.test(f)));
  const send = async (name: string, reply: FastifyReply) => {
    const type = TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
    const body = await readFile(join(dir, name));
    return reply
      .header('content-type', type)
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .send(body);
  };
  app.get('/', async (_req, reply) => send('index.html', reply));
  app.get<{ Params: { name: string } }>('/dashboard/:name', async (req, reply) => {
    if (!files.has(req.params.name))
      return reply.code(404).send({ error: 'not_found', message: `no dashboard file ${req.params.name}` });
    return send(req.params.name, reply);
  });
}
