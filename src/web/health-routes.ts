// Liveness, readiness and Prometheus scrape endpoints. Readiness only reports what the given
// readiness() says; it never waits longer than READINESS_TIMEOUT_MS for it.

import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export type ComponentStatus = { ok: boolean; detail?: string };
export type Readiness = () => Promise<Record<string, ComponentStatus>>;

export const READINESS_TIMEOUT_MS = 2000;

async function checkReadiness(readiness: Readiness): Promise<Record<string, ComponentStatus>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`readiness check did not answer within ${READINESS_TIMEOUT_MS} ms`)),
      READINESS_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([readiness(), timeout]);
  } catch (err) {
    return { readiness: { ok: false, detail: (err as Error)?.message ?? String(err) } };
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(app: FastifyInstance, deps: { registry: Registry; readiness: Readiness }): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const components = await checkReadiness(deps.readiness);
    const ready = Object.values(components).every((c) => c.ok);
    return reply.code(ready ? 200 : 503).send({ ready, components });
  });

  app.get('/metrics', async (_req, reply) => {
    const body = await deps.registry.metrics();
    return reply.header('content-type', deps.registry.contentType).send(body);
  });
}
