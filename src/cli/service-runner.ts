// Builds and runs the long-running service from the config: database (embedded PostgreSQL 16 unless
// configured), broker (in-process aedes unless MQTT_URL), live ingest, HTTP. Stops in reverse order
// on SIGTERM/SIGINT, finishing the birth being applied. Shared by `start` and `demo`.

import type { Config } from '../config.js';
import { maskUrl } from '../config.js';
import { createPool, type Pool } from '../db.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../embedded/broker.js';
import { createLogger, stageLogger, type Logger } from '../log.js';
import { registry } from '../metrics.js';
import { startIngest, type IngestService } from '../ingest/service.js';
import { startHttp, type HttpServer } from '../web/server.js';
import { openDatabase, type DatabaseTarget } from './database.js';

export interface ServiceOptions {
  mqttPort?: number;
  httpPort?: number;
  /** When the preferred broker / HTTP port is taken, use a free one instead of failing (the demo does). */
  anyMqttPort?: boolean;
  anyHttpPort?: boolean;
  /** Overrides LOG_LEVEL (the demo keeps the terminal for its own story). */
  logLevel?: string;
  print: (line: string) => void;
}

export interface RunningService {
  mqttUrl: string;
  httpUrl: string;
  ingest: IngestService;
  pool: Pool;
  log: Logger;
  stop(): Promise<void>;
}

export async function runService(config: Config, o: ServiceOptions): Promise<RunningService> {
  const root = createLogger({ level: o.logLevel ?? config.LOG_LEVEL });
  const log = stageLogger(root, 'service');
  const stack: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stack.splice(0).reverse()) await step().catch((err: unknown) => log.error({ err: (err as Error).message }, 'shutdown step failed'));
  };
  try {
    const db: DatabaseTarget = await keepOwnSignals(() => openDatabase(config, (line) => log.debug({ stage: 'embedded-pg' }, line)));
    stack.push(() => db.close());
    o.print(`database   ${maskUrl(db.url)}${db.embedded ? ' (embedded PostgreSQL 16)' : ''}`);
    const pool = createPool(db.url, { max: config.DB_POOL_MAX, applicationName: 'uns-meta-service' });
    stack.push(() => pool.end());

    let mqttUrl = config.MQTT_URL;
    if (!mqttUrl) {
      const broker = await embeddedBroker(o.mqttPort ?? config.EMBEDDED_MQTT_PORT, o.anyMqttPort ?? false, log);
      stack.push(() => broker.stop());
      mqttUrl = broker.url;
      o.print(`broker     ${mqttUrl} (in-process; edge nodes can publish here)`);
    } else o.print(`broker     ${maskUrl(mqttUrl)}`);

    const ingest = await startIngest({ config, pool, mqttUrl, log: stageLogger(root, 'ingest') });
    stack.push(() => ingest.stop());

    const httpDeps = {
      host: config.HTTP_HOST,
      port: o.httpPort ?? config.HTTP_PORT,
      registry,
      readiness: () => ingest.readiness(),
      adminToken: config.ADMIN_TOKEN,
      dbMode: { get: () => ingest.mode(), set: (m: 'local' | 'mock') => ingest.setMode(m) },
      log: root,
    };
    const http: HttpServer = await startHttp(httpDeps).catch((err: unknown) => {
      if (!o.anyHttpPort || (err as { code?: string }).code !== 'port_in_use') throw err;
      return startHttp({ ...httpDeps, port: 0 });
    });
    stack.push(() => http.stop());
    o.print(`http       ${http.url}/metrics  ${http.url}/healthz  ${http.url}/readyz`);
    o.print(`DB_MODE    ${ingest.mode()}${ingest.mode() === 'mock' ? ' (writes halted; births kept in the birth cache)' : ''}`);
    return { mqttUrl, httpUrl: http.url, ingest, pool, log, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function embeddedBroker(port: number, anyPort: boolean, log: Logger): Promise<EmbeddedBroker> {
  try {
    return await startEmbeddedBroker({ port, log: (m) => log.debug({ stage: 'broker' }, m) });
  } catch (err) {
    if (!anyPort || (err as { code?: string }).code !== 'port_in_use') throw err;
    return startEmbeddedBroker({ port: 0, log: (m) => log.debug({ stage: 'broker' }, m) });
  }
}

/**
 * The embedded PostgreSQL package stops its servers and exits on SIGINT/SIGTERM by itself; the service
 * must shut down in its own order (finish the birth in flight first), so those listeners are removed.
 */
async function keepOwnSignals<T>(fn: () => Promise<T>): Promise<T> {
  const before = new Map((['SIGINT', 'SIGTERM'] as const).map((s) => [s, new Set(process.listeners(s))]));
  try {
    return await fn();
  } finally {
    for (const [signal, had] of before) for (const l of process.listeners(signal)) if (!had.has(l)) process.removeListener(signal, l);
  }
}

/** Resolves at the first SIGINT/SIGTERM; a second one exits at once. */
export function untilSignal(log: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.removeListener('SIGINT', on);
      process.removeListener('SIGTERM', on);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      log.info({ signal }, 'shutting down');
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
