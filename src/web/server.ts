// The HTTP server (fastify): health, readiness, metrics and admin routes, bound to one host.
// It maps errors to statuses through error-statuses.ts; it logs requests only at debug level.

import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { registerAdminRoutes, type DbModeControl } from './admin-routes.js';
import { registerApiRoutes, type ApiDeps } from './api/routes.js';
import { registerDashboardRoutes } from './dashboard-routes.js';
import { httpError } from './error-statuses.js';
import { registerHealthRoutes, type Readiness } from './health-routes.js';

export interface HttpDeps {
  host: string;
  port: number;
  registry: Registry;
  readiness: Readiness;
  adminToken?: string;
  dbMode: DbModeControl;
  /** The JSON API under /api; absent where only health and metrics are served (tests of the server). */
  api?: ApiDeps;
  log?: Logger;
}

export interface HttpServer {
  url: string;
  port: number;
  app: FastifyInstance;
  stop(): Promise<void>;
}

function listenError(err: unknown, host: string, port: number): AppError {
  if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    return new AppError(
      'port_in_use',
      `HTTP port ${port} on ${host} is already taken; set HTTP_PORT to a free port or stop the process using it`,
      {
        details: { host, port },
        cause: err,
      },
    );
  }
  return new AppError(
    'listen_failed',
    `could not start the HTTP server on ${host}:${port}: ${(err as Error)?.message ?? err}`,
    { details: { host, port }, cause: err },
  );
}

export async function startHttp(deps: HttpDeps): Promise<HttpServer> {
  const log = deps.log?.child({ stage: 'web' });
  const app = Fastify({ logger: false, forceCloseConnections: true });

  app.addHook('onResponse', async (req, reply) => {
    log?.debug(
      {
        method: req.method,
        path: req.routeOptions.url ?? req.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  app.setErrorHandler(async (err, req, reply) => {
    const { status, body } = httpError(err);
    if (status >= 500) log?.error({ err, method: req.method, path: req.url }, 'request failed');
    return reply.code(status).send(body);
  });
  registerHealthRoutes(app, deps);
  registerAdminRoutes(app, deps);
  if (deps.api) registerApiRoutes(app, { ...deps.api, adminToken: deps.adminToken, readiness: deps.readiness });
  registerDashboardRoutes(app);

  try {
    await app.listen({ host: deps.host, port: deps.port });
  } catch (err) {
    await app.close().catch(() => undefined);
    throw listenError(err, deps.host, deps.port);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : deps.port;
  const url = `http://${deps.host.includes(':') ? `[${deps.host}]` : deps.host}:${port}`;
  log?.info({ port }, 'HTTP server listening');

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= app.close());
  return { url, port, app, stop };
}
