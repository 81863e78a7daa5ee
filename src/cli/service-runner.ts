// Builds and runs the long-running service from the config: database (embedded PostgreSQL 16 unless
// configured), broker (in-process aedes unless MQTT_URL), live ingest, CDC + Canary, the ops check
// scheduler, HTTP. Stops in reverse order on SIGTERM/SIGINT, finishing the birth being applied. Used by `start` and `demo`.

import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { maskUrl } from '../config.js';
import { createPool, type Pool } from '../db.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../embedded/broker.js';
import pino from 'pino';
import { openLogFile } from '../log-file.js';
import { createLogger, stageLogger, type Logger } from '../log.js';
import { registry } from '../metrics.js';
import { startIngest, type IngestService } from '../ingest/service.js';
import { SlotGate } from '../ingest/slot-gate.js';
import { startCdc, type CdcStage } from '../cdc/stream.js';
import { startCanaryStage, type CanaryStage } from '../canary/stage.js';
import { startHttp, type HttpServer } from '../web/server.js';
import { startPipelineSampler } from '../web/pipeline-sampler.js';
import { startOpsScheduler } from '../ops/scheduler.js';
import { openDatabase, type DatabaseTarget } from './database.js';
import { applySettings, canaryStageSettings, ingestSettings, schedulerSettings } from './settings.js';

export interface ServiceOptions {
  mqttPort?: number;
  httpPort?: number;
  /** When the preferred broker / HTTP port is taken, use a free one instead of failing (the demo does). */
  anyMqttPort?: boolean;
  anyHttpPort?: boolean;
  /** Overrides LOG_LEVEL (the demo keeps the terminal for its own story). */
  logLevel?: string;
  /** Overrides CDC_DEBOUNCE_SECONDS (the demo shows Canary updates within seconds, not minutes). */
  debounceSeconds?: number;
  print: (line: string) => void;
}

export interface RunningService {
  mqttUrl: string;
  httpUrl: string;
  ingest: IngestService;
  /** Present unless CDC_ENABLED=false. */
  canary: CanaryStage | null;
  pool: Pool;
  log: Logger;
  stop(): Promise<void>;
}

export async function runService(config: Config, o: ServiceOptions): Promise<RunningService> {
  // LOG_FILE: the same JSON lines go to stderr and to the rotated file.
  const file = config.LOG_FILE ? await openLogFile(config.LOG_FILE) : null;
  const destination = file ? pino.multistream([{ stream: pino.destination(2) }, { stream: file.stream }]) : undefined;
  const root = createLogger({ level: o.logLevel ?? config.LOG_LEVEL, ...(destination ? { destination } : {}) });
  const log = stageLogger(root, 'service');
  const stack: Array<() => Promise<void>> = [];
  if (file) stack.push(async () => file.close());
  const stop = async () => {
    for (const step of stack.splice(0).reverse())
      await step().catch((err: unknown) => log.error({ err }, 'shutdown step failed'));
  };
  try {
    const db: DatabaseTarget = await keepOwnSignals(() =>
      openDatabase(config, (line) => log.debug({ stage: 'embedded-pg' }, line)),
    );
    stack.push(() => db.close());
    o.print(`database   ${maskUrl(db.url)}${db.embedded ? ' (embedded PostgreSQL 16)' : ''}`);
    const pool = createPool(db.url, {
      max: config.DB_POOL_MAX,
      applicationName: 'uns-meta-service',
      log: stageLogger(root, 'database'),
    });
    stack.push(() => pool.end());

    let mqttUrl = config.MQTT_URL;
    if (!mqttUrl) {
      const broker = await embeddedBroker(o.mqttPort ?? config.EMBEDDED_MQTT_PORT, o.anyMqttPort ?? false, log);
      stack.push(() => broker.stop());
      mqttUrl = broker.url;
      o.print(`broker     ${mqttUrl} (in-process; edge nodes can publish here)`);
    } else o.print(`broker     ${maskUrl(mqttUrl)}`);

    const slotGate = config.CDC_ENABLED ? new SlotGate(pool, config.CDC_SLOT, stageLogger(root, 'ingest')) : undefined;
    const ingest = await startIngest({
      settings: ingestSettings(config),
      pool,
      mqttUrl,
      slotGate,
      log: stageLogger(root, 'ingest'),
    });
    stack.push(() => ingest.stop());

    let cdc: CdcStage | null = null;
    let canary: CanaryStage | null = null;
    if (config.CDC_ENABLED) {
      const quiet = (o.debounceSeconds ?? config.CDC_DEBOUNCE_SECONDS) * 1000;
      const max = o.debounceSeconds !== undefined ? quiet * 4 : config.CDC_DEBOUNCE_MAX_SECONDS * 1000;
      const c = startCdc({
        pool,
        leaderUrl: db.url,
        replUrl: db.replUrl,
        slot: config.CDC_SLOT,
        publication: config.CDC_PUBLICATION,
        debounceQuietMs: quiet,
        debounceMaxMs: Math.max(quiet, max),
        log: stageLogger(root, 'cdc'),
      });
      cdc = c;
      stack.push(() => c.stop());
      const stage = await startCanaryStage(
        canaryStageSettings(config),
        pool,
        stageLogger(root, 'canary'),
        () => c.status().leader,
        db.embedded ? join(dirname(config.EMBEDDED_PG_DIR), 'canary-sim.json') : undefined,
      );
      canary = stage;
      stack.push(() => stage.stop());
      o.print(
        `canary     ${stage.safUrl}${stage.simulator ? ' (the bundled Canary simulator, a test double)' : ''}; changes sent after ${quiet / 1000} s quiet`,
      );
    } else o.print('canary     off (CDC_ENABLED=false)');

    // The ops checks follow the CDC leadership, so one instance publishes the alerts; without CDC each does.
    const leading = cdc;
    const ops = startOpsScheduler({
      settings: schedulerSettings(config),
      pool,
      publish: (t, p, q) => ingest.publish(t, p, q),
      isLeader: leading ? () => leading.status().leader : undefined,
      canaryViews: canary?.simulator ? { url: canary.simulator.viewsUrl } : undefined,
      log: stageLogger(root, 'ops'),
    });
    stack.push(() => ops.stop());
    if (config.OPS_SCHEDULE)
      o.print(
        `ops        checks daily ${config.OPS_DAILY_AT}, weekly ${config.OPS_WEEKLY_AT}, monthly ${config.OPS_MONTHLY_AT}, quarterly ${config.OPS_QUARTERLY_AT}; alerts on uns-meta/alerts/<check>`,
      );
    const readiness = async () => {
      const r: Record<string, { ok: boolean; detail?: string }> = await ingest.readiness();
      if (cdc) {
        const s = cdc.status();
        r.cdc = {
          ok: !s.leader || s.streaming,
          detail: `${s.leader ? 'leader' : 'follower'}; ${s.streaming ? 'streaming' : 'not streaming'}${s.lastError ? `; last error: ${s.lastError}` : ''}`,
        };
      }
      if (canary) r.canary = canary.readiness();
      return r;
    };

    const sampler = startPipelineSampler({ db: pool, cdcEnabled: cdc !== null });
    stack.push(async () => sampler.stop());
    const httpDeps = {
      host: config.HTTP_HOST,
      port: o.httpPort ?? config.HTTP_PORT,
      registry,
      readiness,
      adminToken: config.ADMIN_TOKEN,
      dbMode: { get: () => ingest.mode(), set: (m: 'local' | 'mock') => ingest.setMode(m) },
      api: {
        pool,
        pipeline: { cdc: leading ? () => leading.status() : undefined, sampler },
        quarantine: applySettings(config, 'api'),
      },
      log: root,
    };
    const http: HttpServer = await startHttp(httpDeps).catch((err: unknown) => {
      if (!o.anyHttpPort || (err as { code?: string }).code !== 'port_in_use') throw err;
      return startHttp({ ...httpDeps, port: 0 });
    });
    stack.push(() => http.stop());
    o.print(`dashboard  ${http.url}/  (JSON API ${http.url}/api/openapi.json)`);
    o.print(`http       ${http.url}/metrics  ${http.url}/healthz  ${http.url}/readyz`);
    o.print(
      `DB_MODE    ${ingest.mode()}${ingest.mode() === 'mock' ? ' (writes halted; births kept in the birth cache)' : ''}`,
    );
    return { mqttUrl, httpUrl: http.url, ingest, canary, pool, log, stop };
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
    for (const [signal, had] of before)
      for (const l of process.listeners(signal)) if (!had.has(l)) process.removeListener(signal, l);
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
