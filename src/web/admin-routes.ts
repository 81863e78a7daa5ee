// Operator endpoints behind a bearer token (ADMIN_TOKEN): read and switch DB_MODE at run time.
// Without a configured token they are closed (403); they never fall back to no authentication.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { authorize } from './admin-auth.js';

export type DbMode = 'local' | 'mock';
export interface DbModeControl {
  get(): DbMode;
  set(mode: DbMode): Promise<void>;
}

const DbModeBody = z.object({ mode: z.enum(['local', 'mock']) });

function parseBody(body: unknown): DbMode {
  const parsed = DbModeBody.safeParse(body);
  if (parsed.success) return parsed.data.mode;
  const got =
    body === undefined || body === null ? 'no JSON body' : `mode=${JSON.stringify((body as { mode?: unknown }).mode)}`;
  throw new AppError(
    'bad_request',
    `POST /admin/db-mode expects the JSON body {"mode":"local"} or {"mode":"mock"}; got ${got}`,
  );
}

export function registerAdminRoutes(app: FastifyInstance, deps: { adminToken?: string; dbMode: DbModeControl }): void {
  const onRequest = async (req: FastifyRequest) => authorize(req, deps.adminToken);

  app.get('/admin/db-mode', { onRequest }, async () => ({ mode: deps.dbMode.get() }));

  app.post('/admin/db-mode', { onRequest }, async (req) => {
    const mode = parseBody(req.body);
    await deps.dbMode.set(mode);
    return { mode };
  });
}
