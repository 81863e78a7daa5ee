// B8/B9's timed run: the service started as a child process against a fresh database, the birth
// published over MQTT, polled until the throttled Canary simulator holds every tag, then confirmed
// through the Views API as `canary verify` does; with the service's RSS by phase. No baseline here.

import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startCanarySimulator } from '../canary/simulator/server.js';
import { verifyParity } from '../canary/verify.js';
import type { ViewsTarget } from '../canary/views.js';
import { createPool, type Pool } from '../db.js';
import { startEmbeddedBroker } from '../embedded/broker.js';
import { freePort } from '../embedded/throwaway.js';
import { AppError } from '../errors.js';
import { withDatabase } from '../store/bootstrap.js';
import type { E2eBenchOptions } from './e2e-bench.js';
import {
  births,
  dropDatabase,
  dropSlot,
  outboxCounts,
  perSecond,
  postmasterPid,
  quantile,
  serviceLog,
} from './e2e-observe.js';
import type { Markers } from './e2e-report.js';
import { recreate } from './ingest-phase.js';
import { expectedState, verifyInPages, watchParity, type ExpectedState, type PagedParity } from './parity-watch.js';
import { startServiceChild, type ServiceChild } from './service-child.js';

const POLL_MS = 250;

export async function liveRun(
  o: E2eBenchOptions,
  superUrl: string,
  work: string,
  payload: Buffer,
  names: { live: string; slot: string; topic: string },
  expected: ExpectedState | null,
) {
  const group = o.group ?? 'Secil';
  const topic = names.topic;
  await recreate(superUrl, names.live);
  const url = withDatabase(superUrl, names.live);
  const as = (role: string) => {
    const u = new URL(url);
    u.username = role;
    return u.toString();
  };
  const observer = createPool(url, { max: 2 });
  const broker = o.brokerUrl
    ? { url: o.brokerUrl, stop: async () => undefined }
    : await startEmbeddedBroker({ port: 0 });
  const sim = await startCanarySimulator({ port: 0, datasets: [group], maxLogEntries: 1_000_000 });
  sim.faults.throttleRps = o.rateLimit;
  let svc: ServiceChild | null = null;
  try {
    await observer.query('CHECKPOINT');
    const httpPort = await freePort();
    svc = await startServiceChild({
      nodeArgs: o.serviceNodeArgs ?? [],
      cwd: work,
      logFile: join(work, 'service.log'),
      httpPort,
      readyTimeoutMs: 120_000,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? work,
        DATABASE_URL: as('uns_meta_app'),
        PG_REPL_URL: as('uns_meta_cdc'),
        MQTT_URL: broker.url,
        MQTT_GROUPS: group,
        MQTT_CLIENT_ID: `uns-meta-e2e-${process.pid}`,
        CANARY_SAF_URL: sim.safUrl,
        CANARY_VIEWS_URL: sim.viewsUrl,
        CANARY_RATE_LIMIT_RPS: String(o.rateLimit),
        CDC_DEBOUNCE_SECONDS: String(o.debounceSeconds),
        // The default name with this run's pid: slots are per server, not per database.
        CDC_SLOT: names.slot,
        // B7 measures the checks; a run-on-start pass would overlap the birth here.
        OPS_SCHEDULE: 'off',
        HTTP_PORT: String(httpPort),
        BIRTH_CACHE_DIR: join(work, 'births'),
        LOG_LEVEL: 'info',
      },
    });
    const service = svc;
    const idle = service.memory();
    const publisher = await mqtt.connectAsync(broker.url, { clientId: `uns-meta-e2e-publisher-${process.pid}` });
    const m: Markers = { published: 0, committed: null, firstOutbox: null, enqueued: null, parity: null };
    const outbox: Array<{ t: number; inserted: number; delivered: number }> = [];
    let ingestPeak = 0;
    let parityTags = 0;
    let remaining = -1;

    const sampler = service.sample(o.sampleMs, await postmasterPid(observer));
    const t0 = performance.now();
    const wall0 = Date.now();
    const since = () => (performance.now() - t0) / 1000;
    try {
      await publisher.publishAsync(topic, payload, { qos: 1 });
      m.published = since();
      const deadline = Date.now() + o.timeoutSeconds * 1000;
      let watch: ReturnType<typeof watchParity> | null = null;
      let lastOutboxPoll = 0;
      while (m.parity === null) {
        if (service.exitCode() !== undefined)
          throw new AppError(
            'bench_failed',
            `the service exited (code ${service.exitCode()}) before parity; its log: ${service.logFile}`,
          );
        if (Date.now() > deadline) {
          throw new AppError(
            'bench_failed',
            `no Canary parity within ${o.timeoutSeconds} s (birth committed: ${m.committed !== null}, tags still differing: ${remaining}, outbox ${JSON.stringify(outbox.at(-1) ?? {})}); raise --timeout-seconds or see ${service.logFile}`,
          );
        }
        if (m.committed === null && (await births(observer)) > 0) {
          m.committed = since();
          ingestPeak = service.memory().hwmBytes;
          // Without a baseline the expectation is read from the service's database now (one pass of queries
          // while CDC runs: the only load this harness puts on the server during the timed run).
          watch = watchParity(expected ?? (await expectedState(observer)), (tag) => sim.latest(tag));
          parityTags = watch.tags;
        }
        if (Date.now() - lastOutboxPoll >= 500) {
          lastOutboxPoll = Date.now();
          const s = { t: since(), ...(await outboxCounts(observer)) };
          outbox.push(s);
          if (m.firstOutbox === null && s.inserted > 0) m.firstOutbox = s.t;
          if (m.enqueued === null && parityTags > 0 && s.inserted >= parityTags) m.enqueued = s.t;
        }
        if (watch) {
          remaining = watch.poll();
          if (remaining === 0) m.parity = since();
        }
        if (m.parity === null) await new Promise((r) => setTimeout(r, POLL_MS));
      }
      outbox.push({ t: since(), ...(await outboxCounts(observer)) });
    } finally {
      await publisher.endAsync().catch(() => undefined);
    }
    const samples = sampler.stop();
    const peak = Math.max(service.memory().hwmBytes, ...samples.map((x) => x.rssBytes));
    const stats = sim.stats();
    o.log('parity reached; confirming through the Views API (canary verify)');
    const verify = await confirmParity(
      observer,
      { url: sim.viewsUrl, timeoutMs: 60_000 },
      parityTags > (o.pagedVerifyAbove ?? 200_000),
    );
    if (verify.inParity !== verify.tags || verify.tags !== parityTags) {
      throw new AppError(
        'bench_failed',
        `the Views API does not confirm parity: ${verify.inParity} of ${verify.tags} tags equal, ${verify.missingTags} missing, ${verify.differing} differing`,
      );
    }
    const stores = sim.requests().filter((r) => r.path.endsWith('/storeData') && r.time >= wall0);
    const first = stores[0]?.time;
    const last = stores.at(-1)?.time;
    const span = first !== undefined && last !== undefined ? (last - first) / 1000 : 0;
    const log = serviceLog(service.logFile);
    const version = await observer.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    const committed = m.committed ?? 0;
    return {
      postgres: version.rows[0]?.v ?? '?',
      e2e: {
        seconds: m.parity as number,
        markers: m,
        applySeconds: log.applySeconds,
        firstStoreSeconds: first === undefined ? null : (first - wall0) / 1000,
        lastStoreSeconds: last === undefined ? null : (last - wall0) / 1000,
        storeRequests: stores.length,
        storeRequestsPerSecond: span > 0 ? (stores.length - 1) / span : 0,
        storePerSecond: perSecond(stores.map((r) => (r.time - wall0) / 1000)),
        storeMs: {
          p50: quantile(
            stores.map((r) => r.ms),
            0.5,
          ),
          p95: quantile(
            stores.map((r) => r.ms),
            0.95,
          ),
        },
        entries: stats.entries,
        throttled: stats.throttled,
        maxInAnySecond: stats.maxRequestsInAnySecond,
        tags: verify.tags,
        inParity: verify.inParity,
        skipped: verify.skipped,
        verifiedBy: verify.by,
        outbox,
        serviceErrors: log.errors,
      },
      usage: {
        idleBytes: idle.rssBytes,
        ingestPeakBytes: ingestPeak,
        afterCommitPeakBytes: Math.max(0, ...samples.filter((s) => s.t >= committed).map((s) => s.rssBytes)),
        peakBytes: peak,
        samples: samples.map((s) => ({ ...s, phase: phaseAt(s.t, m) })),
      },
      nodeArgs: o.serviceNodeArgs ?? [],
    };
  } finally {
    await svc?.stop();
    if (o.serviceLog && svc && existsSync(svc.logFile)) copyFileSync(svc.logFile, o.serviceLog);
    await sim.stop();
    await broker.stop();
    await observer.end();
    // A slot left behind would hold WAL on the server for ever; the database cannot go while it exists.
    if (svc?.exitCode() !== undefined) {
      await dropSlot(superUrl, names.slot).catch((err: unknown) =>
        o.log(`could not drop the replication slot ${names.slot}: ${(err as Error).message}`),
      );
      await dropDatabase(superUrl, names.live).catch((err: unknown) =>
        o.log(`could not drop the database ${names.live}: ${(err as Error).message}`),
      );
    }
  }
}

/**
 * `canary verify` (verifyParity) on the whole state; for a huge birth the same steps a page at a time, so
 * the benchmark process does not hold the whole state twice next to the simulator's.
 */
async function confirmParity(
  db: Pool,
  views: ViewsTarget,
  paged: boolean,
): Promise<PagedParity & { by: 'verifyParity' | 'verifyParity in pages' }> {
  if (paged) return { ...(await verifyInPages(db, views)), by: 'verifyParity in pages' };
  const r = await verifyParity(db, views, { prefix: '', datasets: {} });
  const differing = r.differing.length + r.missingKeys.length + r.extraKeys.length;
  return {
    tags: r.tags,
    inParity: r.inParity,
    missingTags: r.missingTags.length,
    differing,
    skipped: r.skipped.length,
    by: 'verifyParity',
  };
}

/** Which stage the service was in at `t` seconds after the publish began. */
function phaseAt(t: number, m: Markers): string {
  if (t < m.published) return 'publish';
  if (m.committed === null || t < m.committed) return 'ingest';
  if (m.enqueued === null || t < m.enqueued) return 'cdc+writer';
  return 'writer';
}
