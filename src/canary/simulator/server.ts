// The Canary simulator's HTTP server (fastify): SAF write API v1 under /api/v1 (POST), Views read API v2
// under /api/v2 (GET or POST), the fault switches applied around them, and the request log. A test double
// of an external product for tests, benchmarks and the zero-config start; plain HTTP only, no TLS.

import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { failed, httpStatusFor, type Answer } from './envelope.js';
import { createFaults, type FaultControl } from './faults.js';
import { createSaver, loadState } from './persistence.js';
import { readApi } from './read-api.js';
import { RequestLog, type RequestLogEntry, type RequestStats } from './request-log.js';
import { createSessions } from './sessions.js';
import { createTagStore, type TagSnapshot } from './store.js';
import { datasetNameProblem, isRecord, type Scalar } from './validation.js';
import { writeApi, type ApiMethod, type SimState } from './write-api.js';

export interface CanarySimulatorOptions {
  host?: string;
  /** 0 = an ephemeral port. */
  port: number;
  /** DataSets that exist from the start. */
  datasets?: string[];
  /** Default of the session setting autoCreateDatasets (a session's own setting overrides it). */
  autoCreateDatasets?: boolean;
  /** When set, getSessionToken, getDatasets and every Views call must carry it. */
  apiToken?: string;
  /** Known historian names; unset = any name is accepted. */
  historians?: string[];
  /** JSON file the DataSets and properties are loaded from and saved to. */
  persistFile?: string;
  /** Request log entries kept (oldest dropped first); counts and windows are exact regardless. */
  maxLogEntries?: number;
  log?: Logger;
}

export interface SimulatorStats extends RequestStats {
  sessions: number;
  datasets: number;
  tags: number;
  entries: number;
}

export interface CanarySimulator {
  /** Base URL, e.g. http://127.0.0.1:55293 */
  url: string;
  port: number;
  /** url + '/api/v1' (CANARY_SAF_URL) */
  safUrl: string;
  /** url + '/api/v2' (CANARY_VIEWS_URL) */
  viewsUrl: string;
  faults: FaultControl;
  requests(): RequestLogEntry[];
  stats(): SimulatorStats;
  /** Forgets the request log and counts. */
  clearRequests(): void;
  tags(): TagSnapshot;
  /** Latest value per property name of one tag (what getTagProperties answers). */
  latest(tag: string): Record<string, Scalar> | undefined;
  datasets(): string[];
  /** What an operator does in Canary Admin: the DataSet exists from now on. */
  createDataset(name: string): void;
  stop(): Promise<void>;
}

const BODY_LIMIT = 256 * 1024 * 1024; // the size fault (maxBodyBytes) is applied below this

interface Ctx {
  time: number;
  t0: number;
  bytes: number;
  answer?: Answer;
}

class AnswerError extends Error {
  constructor(readonly answer: Answer) {
    super(answer.body.errors.join('; '));
  }
}

function listenError(err: unknown, host: string, port: number): AppError {
  if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    return new AppError(
      'port_in_use',
      `Canary simulator port ${port} on ${host} is already taken; pass --port <n> (0 = any free port) or stop the process using it`,
      {
        details: { host, port },
        cause: err,
      },
    );
  }
  return new AppError(
    'listen_failed',
    `could not start the Canary simulator on ${host}:${port}: ${(err as Error)?.message ?? err}`,
    { details: { host, port }, cause: err },
  );
}

function parseBody(contentType: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(text)) {
      const had = out[k];
      out[k] = had === undefined ? v : [...(Array.isArray(had) ? had : [had]), v];
    }
    return out;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AnswerError(failed('malformed', [`request body is not valid JSON: ${(err as Error).message}`]));
  }
}

/** Tags a request named, for answers given before its method ran (faults, proxy): the log is about the request. */
function tagsIn(body: unknown): number {
  if (!isRecord(body)) return 0;
  if (isRecord(body.properties)) return Object.keys(body.properties).length;
  return Array.isArray(body.tags) ? body.tags.length : 0;
}

export async function startCanarySimulator(opts: CanarySimulatorOptions): Promise<CanarySimulator> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log?.child({ stage: 'canary-sim' });
  for (const d of opts.datasets ?? []) {
    const problem = datasetNameProblem(d);
    if (problem)
      throw new AppError('config_invalid', `cannot pre-create DataSet: ${problem}`, { details: { dataset: d } });
  }
  const store = createTagStore(opts.persistFile ? loadState(opts.persistFile) : undefined);
  for (const d of opts.datasets ?? []) store.addDataset(d);
  const saver = opts.persistFile
    ? createSaver(
        opts.persistFile,
        () => store.snapshot(),
        (err) => log?.error({ err }, 'saving the simulator state failed'),
      )
    : undefined;
  if (opts.datasets?.length) saver?.schedule();
  const sessions = createSessions({ defaultAutoCreateDatasets: opts.autoCreateDatasets ?? false });
  const faults = createFaults(() => sessions.expireAll());
  const state: SimState = {
    sessions,
    store,
    faults,
    apiToken: opts.apiToken,
    historians: opts.historians,
    changed: () => saver?.schedule(),
  };
  const requestLog = new RequestLog(opts.maxLogEntries);
  const contexts = new WeakMap<FastifyRequest, Ctx>();

  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: BODY_LIMIT });
  const send = (req: FastifyRequest, reply: FastifyReply, answer: Answer): FastifyReply => {
    const ctx = contexts.get(req);
    if (ctx) ctx.answer = answer;
    return reply.code(httpStatusFor(answer, faults.httpErrorMode)).send(answer.body);
  };

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, raw: Buffer, done) => {
    const ctx = contexts.get(req);
    if (ctx) ctx.bytes = raw.length;
    const max = faults.maxBodyBytes;
    if (max !== null && raw.length > max)
      return done(
        new AnswerError(failed('too_large', [`request body of ${raw.length} bytes is over the limit of ${max} bytes`])),
        undefined,
      );
    try {
      done(null, parseBody(req.headers['content-type'], raw));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    const t0 = performance.now();
    contexts.set(req, { time: Date.now(), t0, bytes: 0 });
    if (!requestLog.arrive(t0, faults.throttleRps)) {
      return send(
        req,
        reply,
        failed('throttled', [`too many requests: more than ${faults.throttleRps} requests per second`]),
      );
    }
  });
  app.addHook('onResponse', async (req, reply) => {
    const ctx = contexts.get(req);
    if (!ctx) return;
    const entry: RequestLogEntry = {
      time: ctx.time,
      method: req.method,
      path: req.url.split('?')[0] as string,
      httpStatus: reply.statusCode,
      statusCode: ctx.answer?.body.statusCode ?? null,
      errors: ctx.answer?.body.errors ?? [],
      tags: ctx.answer?.tags ?? tagsIn(req.body),
      bytes: ctx.bytes || Number(req.headers['content-length'] ?? 0) || 0,
      ms: Math.round((performance.now() - ctx.t0) * 10) / 10,
    };
    requestLog.record(entry);
    log?.debug(
      {
        method: entry.method,
        path: entry.path,
        status: entry.httpStatus,
        statusCode: entry.statusCode,
        tags: entry.tags,
        ms: entry.ms,
      },
      'request',
    );
  });
  app.setErrorHandler(async (err, req, reply) => {
    if (err instanceof AnswerError) return send(req, reply, err.answer);
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) log?.error({ err }, 'simulator request failed');
    return send(
      req,
      reply,
      status < 500
        ? failed(status === 413 ? 'too_large' : 'malformed', [(err as Error).message])
        : failed('server_error', ['internal simulator error'], status),
    );
  });
  app.setNotFoundHandler(async (req, reply) =>
    send(req, reply, failed('not_found', [`no such route: ${req.method} ${req.url.split('?')[0]}`])),
  );

  const handle =
    (api: Map<string, ApiMethod>, withQuery: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
      const name = (req.params as { method: string }).method;
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      const proxy = faults.proxied(name);
      // What a proxy or web server sends: its own HTML page, no Canary envelope.
      if (proxy !== null)
        return reply
          .code(proxy)
          .type('text/html')
          .send(`<html><body><h1>${proxy} refused by the proxy in front of Canary</h1></body></html>`);
      const method = api.get(name);
      if (!method) return send(req, reply, failed('not_found', [`unknown method '${name}'`]));
      const fault = faults.pick(name);
      if (fault === 'server_error')
        return send(req, reply, failed('server_error', ['simulated server error'], faults.serverErrorStatus));
      if (fault === 'transient') return send(req, reply, failed('transient', [faults.transientErrorText]));
      const body = req.body ?? {};
      if (!isRecord(body)) return send(req, reply, failed('invalid', ['request body must be a JSON object']));
      const params = withQuery && isRecord(req.query) ? { ...req.query, ...body } : body;
      const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      return send(req, reply, method(params, state, bearer));
    };
  app.post('/api/v1/:method', handle(writeApi, false));
  app.route({ method: ['GET', 'POST'], url: '/api/v2/:method', handler: handle(readApi, true) });

  try {
    await app.listen({ host, port: opts.port });
  } catch (err) {
    await app.close().catch(() => undefined);
    throw listenError(err, host, opts.port);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log?.info({ port, datasets: store.datasets().length }, 'Canary simulator listening');

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    safUrl: `${url}/api/v1`,
    viewsUrl: `${url}/api/v2`,
    faults,
    requests: () => requestLog.list(),
    stats: () => ({
      ...requestLog.summary(),
      sessions: sessions.count(),
      datasets: store.datasets().length,
      tags: store.tagIds().length,
      entries: store.entryCount(),
    }),
    clearRequests: () => requestLog.clear(),
    tags: () => store.snapshot().tags,
    latest: (tag) => store.latest(tag),
    datasets: () => store.datasets(),
    createDataset: (name) => {
      const problem = datasetNameProblem(name);
      if (problem)
        throw new AppError('bad_request', `cannot create DataSet: ${problem}`, { details: { dataset: name } });
      store.addDataset(name);
      saver?.schedule();
    },
    stop: () =>
      (stopping ??= (async () => {
        await app.close();
        await saver?.flush();
      })()),
  };
}
