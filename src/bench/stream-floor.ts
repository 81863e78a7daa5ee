// The floor under B8: how long after a birth's commit PostgreSQL's replication stream of it ends, for a
// consumer that only receives and parses it (pg-logical-replication's pgoutput parser; no fold, no
// outbox, no Canary). The B1 birth is written by the birth writer while the consumer is subscribed,
// as in the service; the time from the writer's return to the commit message is the figure, with
// B1 itself as the baseline of the same run. `decodingWorkMem` sets logical_decoding_work_mem on the
// replication connection: below the transaction's size the walsender spills it to disk and replays
// it from there after the commit.

import { cpus, loadavg, totalmem } from 'node:os';
import { LogicalReplicationService, PgoutputPlugin } from 'pg-logical-replication';
import { createPool } from '../db.js';
import { startThrowawayPostgres } from '../embedded/throwaway.js';
import { encodePayload } from '../sparkplug/encoder.js';
import { withDatabase } from '../store/bootstrap.js';
import { iterateMetrics } from './generate.js';
import { phase, recreate } from './ingest-phase.js';

export interface StreamFloorOptions {
  metrics: number;
  seed: number;
  /** logical_decoding_work_mem of the replication connection (e.g. '512MB'); unset = the server's. */
  decodingWorkMem?: string;
  adminUrl?: string;
  log: (line: string) => void;
}

export interface StreamFloorReport {
  machine: { cores: number; memoryBytes: number; node: string; loadAverage: [number, number] };
  inputs: { metrics: number; payloadBytes: number; seed: number; decodingWorkMem: string };
  b1Seconds: number;
  /** Messages of the birth's transaction (begin … commit), and their first and last after B1 returned. */
  messages: number;
  firstAfterCommitSeconds: number;
  lastAfterCommitSeconds: number;
  /** CPU of this process (the consumer) between B1's return and the last message. */
  consumerCpuSeconds: number;
}

export async function runStreamFloor(o: StreamFloorOptions): Promise<StreamFloorReport> {
  const server = o.adminUrl ? null : await startThrowawayPostgres();
  const superUrl = o.adminUrl ?? (server?.superUrl as string);
  const database = `bench_stream_${process.pid}`;
  const slot = `bench_stream_${process.pid}`;
  const load = loadavg()[0] as number;
  try {
    o.log(`generating a DBIRTH of ${o.metrics} metrics (seed ${o.seed})`);
    const payload = encodePayload({ timestamp: 1756392554816n, seq: 0n, metrics: iterateMetrics(o.metrics, o.seed) });
    await recreate(superUrl, database);
    const url = withDatabase(superUrl, database);
    const pool = createPool(url, { max: 2 });
    let svc: LogicalReplicationService | null = null;
    try {
      await pool.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [slot]);
      const replUrl = new URL(url);
      if (o.decodingWorkMem) replUrl.searchParams.set('options', `-c logical_decoding_work_mem=${o.decodingWorkMem}`);
      const setting = await pool.query<{ v: string }>(`SELECT current_setting('logical_decoding_work_mem') AS v`);
      svc = new LogicalReplicationService(
        { connectionString: replUrl.toString(), application_name: 'uns-meta-bench-stream' },
        { acknowledge: { auto: false, timeoutSeconds: 0 } },
      );
      let messages = 0;
      let first = 0;
      let finish: (at: number) => void = () => undefined;
      const committed = new Promise<number>((resolve) => (finish = resolve));
      svc.on('data', (_lsn: string, m: { tag: string }) => {
        messages += 1;
        first ||= performance.now();
        if (m.tag === 'commit') finish(performance.now());
      });
      void svc
        .subscribe(new PgoutputPlugin({ protoVersion: 1, publicationNames: ['uns_meta_pub'], messages: true }), slot)
        .catch(() => undefined);
      o.log('B1 with a parse-only consumer subscribed');
      const b1 = await phase('B1 ingest.cold', pool, pool, payload);
      const returned = performance.now();
      const cpu = process.cpuUsage();
      const last = await committed;
      const used = process.cpuUsage(cpu);
      return {
        machine: {
          cores: cpus().length,
          memoryBytes: totalmem(),
          node: process.version,
          loadAverage: [load, loadavg()[0] as number],
        },
        inputs: {
          metrics: o.metrics,
          payloadBytes: payload.length,
          seed: o.seed,
          decodingWorkMem: o.decodingWorkMem ?? `${setting.rows[0]?.v ?? '?'} (server)`,
        },
        b1Seconds: b1.seconds,
        messages,
        firstAfterCommitSeconds: (first - returned) / 1000,
        lastAfterCommitSeconds: (last - returned) / 1000,
        consumerCpuSeconds: (used.user + used.system) / 1e6,
      };
    } finally {
      await svc?.destroy().catch(() => undefined);
      await pool.query('SELECT pg_drop_replication_slot($1)', [slot]).catch(() => undefined);
      await pool.end();
    }
  } finally {
    await server?.stop();
  }
}

export function renderStreamFloor(r: StreamFloorReport): string {
  const s = (x: number) => `${x.toFixed(2)} s`;
  return [
    `machine: ${r.machine.cores} cores, ${(r.machine.memoryBytes / 2 ** 30).toFixed(0)} GiB, Node ${r.machine.node}; load average ${r.machine.loadAverage[0].toFixed(1)} → ${r.machine.loadAverage[1].toFixed(1)}`,
    `input: ${r.inputs.metrics} metrics, protobuf ${(r.inputs.payloadBytes / 2 ** 20).toFixed(1)} MiB (seed ${r.inputs.seed}); logical_decoding_work_mem ${r.inputs.decodingWorkMem}`,
    '',
    '| | seconds | × B1 |',
    '|---|---|---|',
    `| B1 ingest.cold (the birth writer, consumer subscribed) | ${s(r.b1Seconds)} | 1.00 |`,
    `| last of ${r.messages} messages after B1 returned (parse only) | ${s(r.lastAfterCommitSeconds)} | ${(r.lastAfterCommitSeconds / r.b1Seconds).toFixed(2)} |`,
    `| B1 + the stream: the floor of B8 before any outbox or Canary work | ${s(r.b1Seconds + r.lastAfterCommitSeconds)} | ${((r.b1Seconds + r.lastAfterCommitSeconds) / r.b1Seconds).toFixed(2)} |`,
    '',
    `first message ${s(r.firstAfterCommitSeconds)} after B1 returned; consumer CPU over the stream ${s(r.consumerCpuSeconds)}`,
  ].join('\n');
}
