// The OpenAPI 3 description served at GET /api/openapi.json: one entry per route with its parameters
// and response schema. Every POST carries the bearer scheme; GETs are open.

import { paged, ref, schemas } from './openapi-schemas.js';

type Param = {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  schema: Record<string, unknown>;
  description?: string;
};
const q = (name: string, type: 'string' | 'integer', description?: string): Param => ({
  name,
  in: 'query',
  required: false,
  schema: { type },
  ...(description ? { description } : {}),
});
const id: Param = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const pageParams = [
  q('limit', 'integer', '1–500, default 50'),
  q('cursor', 'string', 'nextCursor of the previous page'),
];
const errors = {
  400: { description: 'bad input', content: json(ref('Error')) },
  404: { description: 'not found', content: json(ref('Error')) },
};
const adminErrors = {
  401: { description: 'missing or wrong admin token' },
  403: { description: 'ADMIN_TOKEN not configured' },
  409: { description: 'not possible in its current state', content: json(ref('Error')) },
};

function json(schema: unknown) {
  return { 'application/json': { schema } };
}

function get(summary: string, schema: unknown, parameters: Param[] = []) {
  return { get: { summary, parameters, responses: { 200: { description: 'OK', content: json(schema) }, ...errors } } };
}

function post(summary: string, schema: unknown) {
  return {
    post: {
      summary,
      security: [{ bearer: [] }],
      parameters: [id],
      responses: { 200: { description: 'OK', content: json(schema) }, ...errors, ...adminErrors },
    },
  };
}

export const openApiDocument = {
  openapi: '3.0.3',
  info: {
    title: 'uns-meta API',
    version: '1',
    description: 'Read-only without a token; POSTs need Authorization: Bearer <ADMIN_TOKEN>.',
  },
  components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  paths: {
    '/api/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OK' } } } },
    '/api/pipeline': get(
      'Broker, database, CDC and Canary state with the last hour sampled every 10 s',
      ref('Pipeline'),
    ),
    '/api/tree': get('Children of a UNS path with active metric counts', ref('Tree'), [
      q('path', 'string', "'' = root"),
    ]),
    '/api/metrics': get('Search metrics by a fragment of the path and/or a path prefix', paged('MetricItem'), [
      q('q', 'string'),
      q('prefix', 'string'),
      ...pageParams,
    ]),
    '/api/metrics/{id}': get('One metric with its properties and Canary state', ref('Metric'), [id]),
    '/api/metrics/{id}/versions': get('Versions of a metric, newest first', paged('Version'), [id, ...pageParams]),
    '/api/metrics/{id}/lineage': get('Renames of a metric', ref('Lineage'), [id]),
    '/api/devices': get('Devices with their active metric counts and liveness', paged('Device'), [
      q('state', 'string', 'online | offline | unknown'),
      ...pageParams,
    ]),
    '/api/quarantine': get('Quarantined births, newest first', paged('QuarantineItem'), pageParams),
    '/api/quarantine/{id}/retry': post('Re-apply a complete quarantined payload', ref('QuarantineRetry')),
    '/api/quarantine/{id}/drop': post('Mark a quarantine entry dropped', ref('QuarantineDrop')),
    '/api/canary/outbox': get(
      'Rows waiting for Canary, oldest first',
      paged('OutboxItem', { depth: { type: 'integer' } }),
      pageParams,
    ),
    '/api/canary/dead-letters': get('Canary dead letters, newest first', paged('DeadLetter'), pageParams),
    '/api/canary/dead-letters/{id}/retry': post('Put an open dead letter back in the outbox', ref('DeadLetterAction')),
    '/api/canary/dead-letters/{id}/drop': post('Give up an open dead letter', ref('DeadLetterAction')),
    '/api/checks': get('Latest verdict of every check', ref('Checks')),
    '/api/checks/{id}/history': get('Runs of one check, oldest first', ref('CheckHistory'), [
      { ...id, schema: { type: 'string' } },
      q('limit', 'integer', '1–1000, default 100'),
    ]),
  },
};
