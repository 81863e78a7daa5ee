// B6 of spec/performance.md: 100,000 changed properties over 10,000 metrics flow from PostgreSQL 16
// through the replication slot, the debounce (1 s) and the outbox to the Canary simulator over HTTP.
//   unthrottled: births change 10 properties of 100 metrics each, one after another; every outbox row's
//     latency is measured from its transaction's commit to Canary's accepting reply (p50/p95/max);
//   throttled:   the simulator refuses above 500 req/s; the same volume waits in the outbox and the
//     writer drains it one tag per request, so the request rate is the bottleneck: the rate sustained
//     between the first and the last request, and the simulator's own count of requests over the limit.
// Baseline in the same run: the debounce window itself (the latency floor) and the limit (the ceiling).

import { cpus, totalmem } from 'node:os';
import { CircuitBreaker } from '../canary/breaker.js';
import { CanaryClient } from '../canary/client.js';
import { createRateLimiter } from '../canary/rate-limiter.js';
import { startCanarySimulator, type CanarySimulator } from '../canary/simulator/server.js';
import { ROUND_ROWS, startCanaryWriter, type CanaryWriter, type WriterDeps } from '../canary/writer.js';
import { startCdc } from '../cdc/stream.js';
import { createPool, type Pool } from '../db.js';
import { startThrowawayPostgres } from '../embedded/throwaway.js';
import { intakeBirth } from '../ingest/intake.js';
import { createLogger } from '../log.js';
import { encodePayload, type MetricInput } from '../sparkplug/encoder.js';
import { applyBirth } from '../store/birth-writer.js';
import { withDatabase } from '../store/bootstrap.js';
import { recreate } from './ingest-phase.js';

export interface CdcBenchOptions {
  devices: number;
  metricsPerDevice: number;
  propertiesPerMetric: number;
  /** Metrics changed by one birth. */
  metricsPerBirth: number;
  debounceSeconds: number;
  rateLimit: number;
  /** Simulated Canary reply time in the throttled phase (a LAN round trip and SAF buffering). */
  latencyMs: number;
  maxInFlight: number;
  adminUrl?: string;
  log: (line: string) => void;
}

export interface CdcBenchReport {
  machine: { cores: number; memoryBytes: number; node: string };
  inputs: Omit<CdcBenchOptions, 'log' | 'adminUrl'> & {
    changedProperties: number;
    changedMetrics: number;
    births: number;
  };
  unthrottled: {
    rows: number;
    entries: number;
    requests: number;
    seconds: number;
    latency: { p50: number; p95: number; max: number };
    targetP95Seconds: number;
    p95OverDebounce: number;
  };
  throttled: {
    rows: number;
    requests: number;
    seconds: number;
    requestsPerSecond: number;
    shareOfLimit: number;
    overLimit: number;
    maxInAnySecond: number;
    entries: number;
  };
}

const GROUP = 'Bench';
const topicOf = (d: number) => `spBv1.0/${GROUP}/DBIRTH/Edge/Dev${String(d).padStart(3, '0')}`;
const WRITER = { changedBy: 'bench', renameByFingerprint: true, quarantinePayloadMaxBytes: 1024 };

export async function runCdcBench(o: CdcBenchOptions): Promise<CdcBenchReport> {
  const server = o.adminUrl ? null : await startThrowawayPostgres();
  const superUrl = o.adminUrl ?? (server?.superUrl as string);
  const sim = await startCanarySimulator({ port: 0, autoCreateDatasets: true, maxLogEntries: 1_000_000 });
  const births = o.devices * Math.ceil(o.metricsPerDevice / o.metricsPerBirth);
  try {
    await recreate(superUrl, 'bench_cdc');
    const url = withDatabase(superUrl, 'bench_cdc');
    const pool = createPool(url, { max: 8 });
    try {
      o.log(
        `seeding ${o.devices} devices × ${o.metricsPerDevice} metrics × ${o.propertiesPerMetric} properties (before the slot exists: sent by the initial snapshot, not timed)`,
      );
      const plant = new Plant(o);
      for (let d = 0; d < o.devices; d++) await plant.birth(pool, d);
      await pool.query('CHECKPOINT');

      const slot = 'bench_cdc_slot';
      const cdc = startCdc({
        pool,
        leaderUrl: url,
        replUrl: url,
        slot,
        publication: 'uns_meta_pub',
        debounceQuietMs: o.debounceSeconds * 1000,
        debounceMaxMs: o.debounceSeconds * 10_000,
        leaderPollMs: 200,
        log: createLogger({ level: 'warn' }),
      });
      try {
        while (!cdc.status().streaming) await sleep(50);
        // The slot's creation enqueued the seed (initial snapshot): deliver it first, outside the figures.
        const w0 = writer(pool, sim, o, 100, () => undefined);
        await until(async () => (await outboxRows(pool)) === 0, 300_000, 'the initial snapshot delivered');
        await w0.writer.stop();
        await w0.client.close();
        sim.clearRequests();
        const seeded = sim.stats().entries;

        o.log(
          `unthrottled: ${births} births, ${o.metricsPerBirth} metrics × ${o.propertiesPerMetric} properties changed by each`,
        );
        const latencies: number[] = [];
        const w1 = writer(pool, sim, o, 100, (rows, at) => {
          for (const r of rows) if (r.sourceAt) latencies.push((at - r.sourceAt.getTime()) / 1000);
        });
        const started = performance.now();
        await plant.changeAll(pool);
        await until(() => latencies.length >= births * o.metricsPerBirth, 120_000, 'every changed metric delivered');
        const seconds = (performance.now() - started) / 1000;
        await w1.writer.stop();
        await w1.client.close();
        const u = sim.stats();
        latencies.sort((a, b) => a - b);
        const p95 = quantile(latencies, 0.95);

        o.log(
          `throttled: the same volume again, drained from the outbox one tag per request at ≤ ${o.rateLimit} req/s`,
        );
        await plant.changeAll(pool);
        await until(
          async () => (await outboxRows(pool)) >= births * o.metricsPerBirth && cdc.status().pending === 0,
          120_000,
          'the outbox filled',
        );
        const rows = await outboxRows(pool);
        sim.clearRequests();
        const entriesBefore = sim.stats().entries;
        sim.faults.throttleRps = o.rateLimit;
        sim.faults.latencyMs = o.latencyMs;
        const w2 = writer(pool, sim, o, 1, () => undefined);
        const t0 = performance.now();
        await until(async () => (await outboxRows(pool)) === 0, 300_000, 'the outbox drained');
        const drainSeconds = (performance.now() - t0) / 1000;
        await w2.writer.stop();
        await w2.client.close();
        const stores = sim.requests().filter((r) => r.path.endsWith('/storeData'));
        const span = ((stores.at(-1)?.time ?? 0) - (stores[0]?.time ?? 0)) / 1000;
        const t = sim.stats();
        const rate = span > 0 ? (stores.length - 1) / span : 0;
        return {
          machine: { cores: cpus().length, memoryBytes: totalmem(), node: process.version },
          inputs: {
            ...strip(o),
            changedProperties: births * o.metricsPerBirth * o.propertiesPerMetric,
            changedMetrics: births * o.metricsPerBirth,
            births,
          },
          unthrottled: {
            rows: latencies.length,
            entries: u.entries - seeded,
            requests: u.byPath['/api/v1/storeData'] ?? 0,
            seconds,
            latency: { p50: quantile(latencies, 0.5), p95, max: latencies.at(-1) ?? 0 },
            targetP95Seconds: o.debounceSeconds + 2,
            p95OverDebounce: p95 - o.debounceSeconds,
          },
          throttled: {
            rows,
            requests: stores.length,
            seconds: drainSeconds,
            requestsPerSecond: rate,
            shareOfLimit: rate / o.rateLimit,
            overLimit: t.throttled,
            maxInAnySecond: t.maxRequestsInAnySecond,
            entries: t.entries - entriesBefore,
          },
        };
      } finally {
        await cdc.stop();
        await pool.query('SELECT pg_drop_replication_slot($1)', [slot]).catch(() => undefined);
      }
    } finally {
      await pool.end();
    }
  } finally {
    await sim.stop();
    await server?.stop();
  }
}

/** Per device, the version of each metric: a metric's ten property values are a function of it. */
class Plant {
  private readonly versions: Uint32Array[];
  private timestamp = 1_756_392_554_000n;

  constructor(private readonly o: CdcBenchOptions) {
    this.versions = Array.from({ length: o.devices }, () => new Uint32Array(o.metricsPerDevice));
  }

  /** A full DBIRTH of device `d` after bumping the metrics in [from, to): exactly their properties change. */
  async birth(pool: Pool, d: number, from = 0, to = 0): Promise<void> {
    const v = this.versions[d] as Uint32Array;
    for (let m = from; m < to; m++) v[m] = (v[m] as number) + 1;
    const metrics: MetricInput[] = [];
    for (let m = 0; m < this.o.metricsPerDevice; m++) {
      const version = v[m] as number;
      const properties: NonNullable<MetricInput['properties']> = { engUnit: { type: 'String', value: `u${version}` } };
      for (let k = 1; k < this.o.propertiesPerMetric; k++)
        properties[`p${k}`] = { type: 'Double', value: version * 1000 + k };
      metrics.push({
        name: `Area${m % 10}/Unit${Math.floor(m / 10) % 10}/Tag${m}`,
        alias: BigInt(m + 1),
        datatype: 'Double',
        value: 0,
        properties,
      });
    }
    this.timestamp++;
    const intake = intakeBirth(topicOf(d), encodePayload({ timestamp: this.timestamp, seq: 0n, metrics }), 'protobuf', {
      maxPayloadBytes: 1 << 28,
      maxInflatedBytes: 1 << 29,
    });
    if (!intake.ok) throw new Error(intake.reason);
    await applyBirth(pool, intake.birth, WRITER);
  }

  /** Every metric of every device changed once, `metricsPerBirth` at a time. */
  async changeAll(pool: Pool): Promise<void> {
    for (let from = 0; from < this.o.metricsPerDevice; from += this.o.metricsPerBirth) {
      for (let d = 0; d < this.o.devices; d++)
        await this.birth(pool, d, from, Math.min(from + this.o.metricsPerBirth, this.o.metricsPerDevice));
    }
  }
}

function writer(
  pool: Pool,
  sim: CanarySimulator,
  o: CdcBenchOptions,
  maxTags: number,
  onDelivered: WriterDeps['onDelivered'],
): { writer: CanaryWriter; client: CanaryClient } {
  const client = new CanaryClient({
    safUrl: sim.safUrl,
    clientId: 'uns-meta-bench',
    historians: ['localhost'],
    sessionTimeoutMs: 120_000,
    autoCreateDatasets: true,
    keepaliveIdleMs: 30_000,
    attemptTimeoutMs: 10_000,
    limiter: createRateLimiter(o.rateLimit),
    breaker: new CircuitBreaker(),
  });
  const w = startCanaryWriter({
    pool,
    client,
    limits: { maxTags, maxBytes: 1_000_000 },
    datasets: {},
    batchRows: ROUND_ROWS,
    maxInFlight: o.maxInFlight,
    idleMs: 20,
    retryLaterMs: 1_000,
    onDelivered,
    log: createLogger({ level: 'warn' }),
  });
  return { writer: w, client };
}

async function outboxRows(pool: Pool): Promise<number> {
  return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM uns_meta_sync.canary_outbox')).rows[0]?.n);
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`benchmark: ${what} did not happen within ${timeoutMs / 1000} s`);
    await sleep(20);
  }
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number) : 0;
}

function strip(o: CdcBenchOptions): Omit<CdcBenchOptions, 'log' | 'adminUrl'> {
  const { log: _log, adminUrl: _admin, ...rest } = o;
  return rest;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function renderCdcBench(r: CdcBenchReport): string {
  const u = r.unthrottled;
  const t = r.throttled;
  const s = (x: number) => `${x.toFixed(2)} s`;
  // Below two seconds' worth of requests the limit is never reached, so no rate is sustained.
  const sustained = t.requests >= 2 * r.inputs.rateLimit;
  return [
    `cdc: ${r.inputs.changedProperties} changed properties over ${r.inputs.changedMetrics} metrics in ${r.inputs.births} births; debounce ${r.inputs.debounceSeconds} s; ${r.machine.cores} cores`,
    `| phase | result | target | |`,
    `|---|---|---|---|`,
    `| unthrottled: commit → Canary accepted, p95 | ${s(u.latency.p95)} (p50 ${s(u.latency.p50)}, max ${s(u.latency.max)}; ${u.rows} rows, ${u.requests} requests, ${u.entries} entries) | ≤ ${s(u.targetP95Seconds)} | ${u.latency.p95 <= u.targetP95Seconds ? 'met' : 'NOT met'} |`,
    `| throttled: sustained rate | ${t.requestsPerSecond.toFixed(1)} req/s = ${(t.shareOfLimit * 100).toFixed(1)} % of ${r.inputs.rateLimit} (${t.requests} requests in ${s(t.seconds)}, ${r.inputs.latencyMs} ms replies, ${r.inputs.maxInFlight} in flight) | ≥ 95 % | ${sustained ? (t.shareOfLimit >= 0.95 ? 'met' : 'NOT met') : 'not measured: fewer than 2 s of requests at the limit'} |`,
    `| throttled: over the limit (simulator's count) | ${t.overLimit} refused; busiest second ${t.maxInAnySecond} | 0 | ${t.overLimit === 0 && t.maxInAnySecond <= r.inputs.rateLimit ? 'met' : 'NOT met'} |`,
    `p95 over the debounce window: ${s(u.p95OverDebounce)}; throttled phase sent ${t.entries} property entries for ${t.rows} outbox rows`,
  ].join('\n');
}
