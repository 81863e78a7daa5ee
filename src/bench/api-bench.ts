// `uns-meta bench api`: GET /api/metrics?q= (fragment anywhere in the path) and ?prefix= through the real
// route (fastify inject) on a throw-away PostgreSQL 16 holding 1,000,000 generated metrics; median and
// p95 against 200 ms, with a primary-key lookup (GET /api/metrics/:id) as the baseline of the same run.

import { cpus, totalmem } from 'node:os';
import { Registry } from 'prom-client';
import { createPool, type Pool } from '../db.js';
import { startThrowawayPostgres } from '../embedded/throwaway.js';
import { AppError } from '../errors.js';
import { withDatabase } from '../store/bootstrap.js';
import { startHttp } from '../web/server.js';
import { recreate } from './ingest-phase.js';
import { generateApiRows, FRAGMENTS, prefixesFor } from './api-rows.js';

const DB = 'bench_api';
const TARGET_MS = 200;

export interface ApiBenchOptions {
  devices: number;
  metricsPerDevice: number;
  adminUrl?: string;
  log: (line: string) => void;
}

export interface Timing {
  label: string;
  ms: number;
  items: number;
}
export interface Summary {
  medianMs: number;
  p95Ms: number;
  runs: Timing[];
}

export interface ApiBenchReport {
  machine: { cores: number; memoryBytes: number; postgres: string; node: string };
  inputs: { devices: number; metrics: number; generateSeconds: number };
  fragment: Summary;
  prefix: Summary;
  baseline: Summary;
  /** The UNS browser's levels (root, group, site, line) for information: counts scan the subtree. */
  tree: Summary;
  targetMs: number;
  met: boolean;
}

export async function runApiBench(o: ApiBenchOptions): Promise<ApiBenchReport> {
  const server = o.adminUrl ? null : await startThrowawayPostgres();
  const superUrl = o.adminUrl ?? (server?.superUrl as string);
  try {
    await recreate(superUrl, DB);
    const admin = createPool(withDatabase(superUrl, DB), { max: 1 });
    const app = createPool(withDatabase(superUrl, DB), { max: 4 });
    try {
      const started = performance.now();
      o.log(`generating ${o.devices} devices × ${o.metricsPerDevice} metrics`);
      const metrics = await generateApiRows(admin, o.devices, o.metricsPerDevice);
      const generateSeconds = (performance.now() - started) / 1000;
      const http = await startHttp({
        host: '127.0.0.1',
        port: 0,
        registry: new Registry(),
        readiness: async () => ({}),
        dbMode: { get: () => 'local', set: async () => undefined },
        api: {
          pool: app,
          pipeline: {},
          quarantine: {
            limits: { maxPayloadBytes: 1, maxInflatedBytes: 1 },
            writer: { changedBy: 'bench', renameByFingerprint: false, quarantinePayloadMaxBytes: 1 },
          },
        },
      });
      try {
        const get = async (label: string, url: string): Promise<Timing> => {
          const t = performance.now();
          const r = await http.app.inject({ method: 'GET', url });
          const ms = performance.now() - t;
          if (r.statusCode !== 200) throw new AppError('bench_failed', `${url}: HTTP ${r.statusCode} ${r.body}`);
          const body = r.json() as { items?: unknown[]; children?: unknown[] };
          return { label, ms, items: body.items?.length ?? body.children?.length ?? 1 };
        };
        const ids = await sampleIds(admin, 20);
        const prefixes = await prefixesFor(admin);
        const pass = async () => ({
          fragment: await serial(FRAGMENTS, (q) => get(q, `/api/metrics?q=${encodeURIComponent(q)}&limit=50`)),
          prefix: await serial(prefixes, (p) => get(p, `/api/metrics?prefix=${encodeURIComponent(p)}&limit=50`)),
          baseline: await serial(ids, (id) => get(`id ${id}`, `/api/metrics/${id}`)),
          tree: await serial(['', ...prefixes.slice(0, 4)], (p) => get(p, `/api/tree?path=${encodeURIComponent(p)}`)),
        });
        o.log('warm-up pass');
        await pass();
        o.log('timed pass');
        const timed = await pass();
        const pg = await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
        const fragment = summary(timed.fragment);
        const prefix = summary(timed.prefix);
        return {
          machine: {
            cores: cpus().length,
            memoryBytes: totalmem(),
            postgres: pg.rows[0]?.v ?? '?',
            node: process.version,
          },
          inputs: { devices: o.devices, metrics, generateSeconds },
          fragment,
          prefix,
          baseline: summary(timed.baseline),
          tree: summary(timed.tree),
          targetMs: TARGET_MS,
          met: fragment.p95Ms <= TARGET_MS && prefix.p95Ms <= TARGET_MS,
        };
      } finally {
        await http.stop();
      }
    } finally {
      await app.end();
      await admin.end();
    }
  } finally {
    await server?.stop();
  }
}

async function serial<T>(xs: readonly T[], fn: (x: T) => Promise<Timing>): Promise<Timing[]> {
  const out: Timing[] = [];
  for (const x of xs) out.push(await fn(x));
  return out;
}

async function sampleIds(pool: Pool, n: number): Promise<string[]> {
  const r = await pool.query<{ id: bigint }>(
    'SELECT metric_id AS id FROM uns_meta.metrics TABLESAMPLE SYSTEM (1) LIMIT $1',
    [n],
  );
  const ids = r.rows.map((x) => x.id.toString());
  return ids.length
    ? ids
    : (await pool.query<{ id: bigint }>('SELECT metric_id AS id FROM uns_meta.metrics LIMIT $1', [n])).rows.map((x) =>
        x.id.toString(),
      );
}

export function summary(runs: Timing[]): Summary {
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)] ?? 0;
  return { medianMs: at(0.5), p95Ms: at(0.95), runs };
}

const line = (label: string, t: Timing) => `  ${label.padEnd(52)} ${t.ms.toFixed(1).padStart(8)} ms  ${t.items} items`;

export function renderApiBench(r: ApiBenchReport): string {
  const f = (s: Summary) =>
    `median ${s.medianMs.toFixed(1)} ms, p95 ${s.p95Ms.toFixed(1)} ms (${s.runs.length} queries)`;
  return [
    `machine: ${r.machine.cores} cores, ${(r.machine.memoryBytes / 2 ** 30).toFixed(0)} GiB, PostgreSQL ${r.machine.postgres}, Node ${r.machine.node}`,
    `input: ${r.inputs.metrics} metrics on ${r.inputs.devices} devices (generated in ${r.inputs.generateSeconds.toFixed(1)} s)`,
    '',
    ...r.fragment.runs.map((t) => line(`q=${t.label}`, t)),
    ...r.prefix.runs.map((t) => line(`prefix=${t.label}`, t)),
    ...r.tree.runs.map((t) => line(`tree path=${t.label}`, t)),
    '',
    `GET /api/metrics?q=       ${f(r.fragment)}`,
    `GET /api/metrics?prefix=  ${f(r.prefix)}`,
    `baseline GET /api/metrics/:id (primary key)  ${f(r.baseline)}`,
    `GET /api/tree (root, group, site, line)      ${f(r.tree)}`,
    `target p95 ≤ ${r.targetMs} ms: ${r.met ? 'met' : 'NOT met'}`,
  ].join('\n');
}
