// The live intake under a birth storm: every device of a site rebirths at once (an edge restart) and a
// real MQTT client publishes the DBIRTHs through the in-process broker into the running ingest stage
// (receiver → birth cache → queue → writer), with a small INGEST_MEMORY_BYTES so the queue must spill
// to disk. Baseline in the same run: the birth writer applying the same births directly, with the same
// concurrency and no broker or cache. Reports the ratio, births/s, peak queue memory and peak RSS.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { createPool, type Pool } from '../db.js';
import { startEmbeddedBroker } from '../embedded/broker.js';
import { startThrowawayPostgres } from '../embedded/throwaway.js';
import { intakeBirth } from '../ingest/intake.js';
import { startIngest, type IngestSettings } from '../ingest/service.js';
import { createLogger } from '../log.js';
import { encodePayload } from '../sparkplug/encoder.js';
import { applyBirth } from '../store/birth-writer.js';
import { withDatabase } from '../store/bootstrap.js';
import { generateMetrics } from './generate.js';
import { recreate } from './ingest-phase.js';

export interface StormBenchOptions {
  devices: number;
  metrics: number;
  memoryBytes: number;
  concurrency: number;
  seed: number;
  adminUrl?: string;
  /** An external broker; unset = the in-process one (whose buffers then count in this process's RSS). */
  brokerUrl?: string;
  /** The ingest settings for an environment of its own, as `uns-meta` reads one (the CLI maps them). */
  ingestSettingsFor: (env: Record<string, string>) => IngestSettings;
  log: (line: string) => void;
}

export interface StormBenchReport {
  machine: { cores: number; memoryBytes: number; node: string };
  inputs: {
    devices: number;
    metricsPerDevice: number;
    payloadBytes: number;
    memoryBudgetBytes: number;
    concurrency: number;
    seed: number;
    broker: 'in-process' | 'external';
  };
  direct: { seconds: number; metrics: number };
  live: {
    seconds: number;
    metrics: number;
    birthsPerSecond: number;
    metricsPerSecond: number;
    peakQueueBytes: number;
    peakWaiting: number;
    peakRssBytes: number;
    rssBeforeBytes: number;
    peakHeapUsedBytes: number;
    peakArrayBuffersBytes: number;
  };
  ratioLiveToDirect: number;
}

const LIMITS = { maxPayloadBytes: 268_435_455, maxInflatedBytes: 536_870_912 };
// A group of its own: the broker may be shared.
const GROUP = `Storm${process.pid}`;
const topicOf = (d: number) => `spBv1.0/${GROUP}/DBIRTH/Edge/Dev${String(d).padStart(4, '0')}`;

export async function runStormBench(o: StormBenchOptions): Promise<StormBenchReport> {
  const server = o.adminUrl ? null : await startThrowawayPostgres();
  const superUrl = o.adminUrl ?? (server?.superUrl as string);
  const work = mkdtempSync(join(tmpdir(), 'uns-meta-storm-'));
  try {
    o.log(`generating ${o.devices} DBIRTHs of ${o.metrics} metrics (seed ${o.seed}) into ${work}`);
    // On disk, read one at a time: the publisher must not hold the storm in this process's memory.
    mkdirSync(join(work, 'births'));
    let payloadBytes = 0;
    for (let d = 0; d < o.devices; d++) {
      const p = encodePayload({
        timestamp: 1756392554816n + BigInt(d),
        seq: BigInt(d % 256),
        metrics: generateMetrics(o.metrics, o.seed + d),
      });
      payloadBytes += p.length;
      writeFileSync(join(work, 'births', `${d}.bin`), p);
    }
    const payload = (d: number) => readFileSync(join(work, 'births', `${d}.bin`));
    for (const db of ['bench_storm_warmup', 'bench_storm_direct', 'bench_storm_live']) await recreate(superUrl, db);

    // A new cluster creates its WAL segment files on first use; an untimed run of the same volume pays
    // for that, so neither timed run does.
    o.log('warm-up (untimed): the birth writer applying the births into a scratch database');
    await direct(o, withDatabase(superUrl, 'bench_storm_warmup'), payload);
    o.log('baseline: the birth writer applying the same births directly');
    const baseline = await direct(o, withDatabase(superUrl, 'bench_storm_direct'), payload);

    o.log('live: publish the storm through the broker into the running service');
    const live = await liveRun(o, superUrl, work, payload);
    return {
      machine: { cores: cpus().length, memoryBytes: totalmem(), node: process.version },
      inputs: {
        devices: o.devices,
        metricsPerDevice: o.metrics,
        payloadBytes,
        memoryBudgetBytes: o.memoryBytes,
        concurrency: o.concurrency,
        seed: o.seed,
        broker: o.brokerUrl ? 'external' : 'in-process',
      },
      direct: baseline,
      live,
      ratioLiveToDirect: live.seconds / baseline.seconds,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    await server?.stop();
  }
}

async function direct(
  o: StormBenchOptions,
  url: string,
  payload: (d: number) => Buffer,
): Promise<StormBenchReport['direct']> {
  const pool = createPool(url, { max: o.concurrency + 2 });
  try {
    const start = performance.now();
    await inParallel(o.devices, o.concurrency, async (d) => {
      const intake = intakeBirth(topicOf(d), payload(d), 'protobuf', LIMITS);
      if (!intake.ok) throw new Error(intake.reason);
      await applyBirth(pool, intake.birth, {
        changedBy: 'bench',
        renameByFingerprint: true,
        quarantinePayloadMaxBytes: 1024,
      });
    });
    return { seconds: (performance.now() - start) / 1000, metrics: await metricCount(pool) };
  } finally {
    await pool.end();
  }
}

async function liveRun(
  o: StormBenchOptions,
  superUrl: string,
  work: string,
  payload: (d: number) => Buffer,
): Promise<StormBenchReport['live']> {
  const url = withDatabase(superUrl, 'bench_storm_live');
  const broker = o.brokerUrl
    ? { url: o.brokerUrl, stop: async () => undefined }
    : await startEmbeddedBroker({ port: 0 });
  const poolMax = o.concurrency + 4;
  const settings = o.ingestSettingsFor({
    DATABASE_URL: url,
    MQTT_URL: broker.url,
    MQTT_GROUPS: GROUP,
    MQTT_QOS: '1',
    MQTT_CLIENT_ID: `storm-bench-${process.pid}`,
    BIRTH_CACHE_DIR: join(work, 'cache'),
    INGEST_MEMORY_BYTES: String(o.memoryBytes),
    INGEST_CONCURRENCY: String(o.concurrency),
    DB_POOL_MAX: String(poolMax),
  });
  const pool = createPool(url, { max: poolMax });
  const ingest = await startIngest({ settings, pool, mqttUrl: broker.url, log: createLogger({ level: 'warn' }) });
  const publisher = await mqtt.connectAsync(broker.url, { clientId: `storm-publisher-${process.pid}` });
  try {
    while (!(await ingest.readiness()).broker?.ok) await sleep(50);
    const rssBefore = process.memoryUsage.rss();
    let peakRss = rssBefore;
    let peakQueue = 0;
    let peakWaiting = 0;
    let peakHeap = 0;
    let peakBuffers = 0;
    const sampler = setInterval(() => {
      const q = ingest.queue.status();
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
      peakQueue = Math.max(peakQueue, q.bytesInMemory);
      peakWaiting = Math.max(peakWaiting, q.waiting);
    }, 10);
    const start = performance.now();
    for (let d = 0; d < o.devices; d++) await publisher.publishAsync(topicOf(d), payload(d), { qos: 1 });
    while ((await appliedBirths(pool)) < o.devices) await sleep(50);
    await ingest.queue.drained();
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    const metrics = await metricCount(pool);
    return {
      seconds,
      metrics,
      birthsPerSecond: o.devices / seconds,
      metricsPerSecond: metrics / seconds,
      peakQueueBytes: peakQueue,
      peakWaiting,
      peakRssBytes: peakRss,
      rssBeforeBytes: rssBefore,
      peakHeapUsedBytes: peakHeap,
      peakArrayBuffersBytes: peakBuffers,
    };
  } finally {
    await publisher.endAsync();
    await ingest.stop();
    await pool.end();
    await broker.stop();
  }
}

async function inParallel(n: number, width: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function appliedBirths(pool: Pool): Promise<number> {
  return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM uns_meta_sync.births')).rows[0]?.n);
}

async function metricCount(pool: Pool): Promise<number> {
  return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM uns_meta.metrics')).rows[0]?.n);
}

export function renderStormBench(r: StormBenchReport): string {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  const l = r.live;
  return [
    `storm: ${r.inputs.devices} DBIRTHs × ${r.inputs.metricsPerDevice} metrics (${mb(r.inputs.payloadBytes)} protobuf), concurrency ${r.inputs.concurrency}, INGEST_MEMORY_BYTES ${mb(r.inputs.memoryBudgetBytes)}, ${r.inputs.broker} broker`,
    `| run | seconds | metrics stored | births/s | metrics/s |`,
    `|---|---|---|---|---|`,
    `| direct (birth writer, baseline) | ${r.direct.seconds.toFixed(2)} | ${r.direct.metrics} | ${(r.inputs.devices / r.direct.seconds).toFixed(1)} | ${Math.round(r.direct.metrics / r.direct.seconds)} |`,
    `| live (MQTT → cache → queue → writer) | ${l.seconds.toFixed(2)} | ${l.metrics} | ${l.birthsPerSecond.toFixed(1)} | ${Math.round(l.metricsPerSecond)} |`,
    `live / direct: ${r.ratioLiveToDirect.toFixed(2)}×`,
    `queue: peak ${mb(l.peakQueueBytes)} of payloads in memory (budget ${mb(r.inputs.memoryBudgetBytes)}), peak ${l.peakWaiting} births waiting`,
    `process: peak JS heap ${mb(l.peakHeapUsedBytes)}, peak Buffers ${mb(l.peakArrayBuffersBytes)}; RSS ${mb(l.rssBeforeBytes)} before the storm, peak ${mb(l.peakRssBytes)} (+${mb(l.peakRssBytes - l.rssBeforeBytes)})${r.inputs.broker === 'in-process' ? '; includes the in-process broker, which holds what the service has not read yet' : ''}`,
  ].join('\n');
}
