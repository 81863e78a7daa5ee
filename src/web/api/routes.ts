// Registers the JSON API under /api on the service's fastify instance. GETs are open (the server binds
// 127.0.0.1 by default); every POST goes through the admin bearer token.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { authorize } from '../admin-auth.js';
import { registerCanaryRoutes } from './canary.js';
import { registerCheckRoutes } from './checks.js';
import { registerDeviceRoutes } from './devices.js';
import { registerMetricDetailRoutes } from './metric-detail.js';
import { registerMetricHistoryRoutes } from './metric-history.js';
import { registerMetricRoutes } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { registerPipelineRoutes, type PipelineDeps } from './pipeline.js';
import type { ApplySettings } from '../../ingest/apply-settings.js';
import { registerQuarantineRoutes } from './quarantine.js';
import { registerTreeRoutes } from './tree.js';

export interface ApiDeps {
  pool: pg.Pool;
  pipeline: Omit<PipelineDeps, 'readiness'>;
  /** How a quarantine retry applies a birth (the service's own rules). */
  quarantine: ApplySettings;
}

export function registerApiRoutes(
  app: FastifyInstance,
  deps: ApiDeps & { adminToken?: string; readiness: PipelineDeps['readiness'] },
): void {
  const admin = async (req: FastifyRequest) => authorize(req, deps.adminToken);
  app.get('/api/openapi.json', async () => openApiDocument);
  registerPipelineRoutes(app, deps.pool, { ...deps.pipeline, readiness: deps.readiness });
  registerTreeRoutes(app, deps.pool);
  registerMetricRoutes(app, deps.pool);
  registerMetricDetailRoutes(app, deps.pool);
  registerMetricHistoryRoutes(app, deps.pool);
  registerDeviceRoutes(app, deps.pool);
  registerQuarantineRoutes(app, deps.pool, deps.quarantine, admin);
  registerCanaryRoutes(app, deps.pool, admin);
  registerCheckRoutes(app, deps.pool);
}
