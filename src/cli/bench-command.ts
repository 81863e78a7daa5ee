// `uns-meta bench ingest|storm|cdc|ops|api|e2e|stream`: the benchmarks of spec/performance.md (B1–B3, B6–B9) and the
// live intake under a birth storm; a table, and --json FILE.

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { command } from './outcome.js';
import { forEnv, ingestSettings, opsSettings } from './settings.js';

/** An integer option, at least `min`; anything else is a usage error naming the flag. */
function int(value: string | undefined, flag: string, min: number): number {
  const x = Number(value);
  if (!Number.isInteger(x) || x < min) throw new AppError('usage', `${flag} must be an integer ≥ ${min}`);
  return x;
}

/** Progress lines on stderr, only when someone watches it. */
function progress(): (line: string) => void {
  const quiet = !process.stderr.isTTY;
  return (l) => void (quiet ? undefined : process.stderr.write(`… ${l}\n`));
}

/** The rendered table on stdout, and with --json the full report. */
function report<R>(r: R, render: (r: R) => string, json: string | undefined): void {
  console.log(render(r));
  if (json) writeFileSync(json, JSON.stringify(r, null, 2) + '\n');
}

export function registerBenchCommands(program: Command): void {
  const bench = program
    .command('bench')
    .description('benchmarks of spec/performance.md (inputs generated, baseline measured in the same run)');
  bench
    .command('ingest')
    .description(
      'B1 cold ingest vs raw COPY, B2 unchanged rebirth vs its decode, B3 1 % delta (B4, B5 on request), on a throw-away PostgreSQL 16',
    )
    .option('--metrics <n>', 'metrics in the generated DBIRTH', '98332')
    .option('--seed <n>', 'generator seed', '42')
    .option('--admin-url <url>', 'use this PostgreSQL 16 (superuser) instead of a throw-away cluster')
    .option('--capture <file>', 'a protobuf DBIRTH capture (.bin) to use instead of generated metrics')
    .option('--b4', 'also B4: ten births of 100,000 metrics (--b4-births, --b4-metrics) against raw COPY, peak RSS')
    .option('--b4-births <n>', 'B4 births', '10')
    .option('--b4-metrics <n>', 'B4 metrics per birth', '100000')
    .option('--b5', 'also B5: one birth of 800,000 metrics (~250 MB) through `uns-meta ingest file`, its peak RSS')
    .option('--b5-metrics <n>', 'B5 metrics', '800000')
    .option('--json <file>', 'also write the full report as JSON')
    .action(
      command(
        async (o: {
          metrics: string;
          seed: string;
          adminUrl?: string;
          json?: string;
          capture?: string;
          b4?: boolean;
          b4Births: string;
          b4Metrics: string;
          b5?: boolean;
          b5Metrics: string;
        }) => {
          const metrics = int(o.metrics, '--metrics', 1000);
          // Loaded on demand: the embedded PostgreSQL package installs signal and exit hooks on import.
          const { runIngestBench, renderIngestBench } = await import('../bench/ingest-bench.js');
          const r = await runIngestBench({
            metrics,
            seed: int(o.seed, '--seed', 0),
            adminUrl: o.adminUrl,
            capture: o.capture,
            b4: o.b4
              ? { births: int(o.b4Births, '--b4-births', 1), metrics: int(o.b4Metrics, '--b4-metrics', 100) }
              : undefined,
            b5: o.b5 ? { metrics: int(o.b5Metrics, '--b5-metrics', 100) } : undefined,
            log: progress(),
          });
          report(r, renderIngestBench, o.json);
        },
      ),
    );
  bench
    .command('storm')
    .description(
      'live intake under a birth storm (MQTT → birth cache → queue → writer) vs the writer alone, with peak memory',
    )
    .option('--devices <n>', 'DBIRTHs published at once', '100')
    .option('--metrics <n>', 'metrics per DBIRTH', '2000')
    .option('--memory-bytes <n>', 'INGEST_MEMORY_BYTES of the service under test', String(16 * 1024 * 1024))
    .option('--concurrency <n>', "INGEST_CONCURRENCY (and the baseline's parallel writers)", '4')
    .option('--seed <n>', 'generator seed', '42')
    .option('--admin-url <url>', 'use this PostgreSQL 16 (superuser) instead of a throw-away cluster')
    .option(
      '--broker-url <url>',
      'publish through this MQTT broker instead of an in-process one (its buffers then stay out of the RSS)',
    )
    .option('--json <file>', 'also write the full report as JSON')
    .action(
      command(
        async (o: {
          brokerUrl?: string;
          devices: string;
          metrics: string;
          memoryBytes: string;
          concurrency: string;
          seed: string;
          adminUrl?: string;
          json?: string;
        }) => {
          const { runStormBench, renderStormBench } = await import('../bench/storm-bench.js');
          const r = await runStormBench({
            devices: int(o.devices, '--devices', 1),
            metrics: int(o.metrics, '--metrics', 1),
            memoryBytes: int(o.memoryBytes, '--memory-bytes', 1),
            concurrency: int(o.concurrency, '--concurrency', 1),
            seed: int(o.seed, '--seed', 0),
            adminUrl: o.adminUrl,
            brokerUrl: o.brokerUrl,
            ingestSettingsFor: forEnv(ingestSettings),
            log: progress(),
          });
          report(r, renderStormBench, o.json);
        },
      ),
    );
  bench
    .command('cdc')
    .description(
      'B6: changed properties through slot → debounce → outbox → Canary simulator; latency unthrottled, sustained rate at the limit',
    )
    .option('--devices <n>', 'devices', '10')
    .option('--metrics <n>', 'metrics per device', '1000')
    .option('--properties <n>', 'properties per metric (all change)', '10')
    .option('--per-birth <n>', 'metrics changed by one birth', '100')
    .option('--debounce-seconds <n>', 'CDC_DEBOUNCE_SECONDS', '1')
    .option('--rate <n>', "CANARY_RATE_LIMIT_RPS and the simulator's throttle", '500')
    .option('--latency-ms <n>', 'simulated Canary reply time in the throttled phase', '10')
    .option('--in-flight <n>', 'CANARY_MAX_IN_FLIGHT', '16')
    .option(
      '--admin-url <url>',
      'use this PostgreSQL 16 (superuser, wal_level=logical) instead of a throw-away cluster',
    )
    .option('--json <file>', 'also write the full report as JSON')
    .action(
      command(async (o: Record<string, string | undefined>) => {
        const { runCdcBench, renderCdcBench } = await import('../bench/cdc-bench.js');
        const r = await runCdcBench({
          devices: int(o.devices, '--devices', 1),
          metricsPerDevice: int(o.metrics, '--metrics', 1),
          propertiesPerMetric: int(o.properties, '--properties', 1),
          metricsPerBirth: int(o.perBirth, '--per-birth', 1),
          debounceSeconds: int(o.debounceSeconds, '--debounce-seconds', 0),
          rateLimit: int(o.rate, '--rate', 1),
          latencyMs: int(o.latencyMs, '--latency-ms', 0),
          maxInFlight: int(o.inFlight, '--in-flight', 1),
          adminUrl: o.adminUrl,
          log: progress(),
        });
        report(r, renderCdcBench, o.json);
      }),
    );
  bench
    .command('e2e')
    .description(
      'B8/B9: a DBIRTH over MQTT to the running service (child process, CDC on) until every tag is equal in the Canary simulator at 500 req/s, vs B1 of the same run; service peak RSS',
    )
    .option('--metrics <n>', 'metrics in the generated DBIRTH (B8: 98332)', '98332')
    .option('--huge', 'B9: the ~250 MB birth near the MQTT packet limit (--metrics 800000)')
    .option('--seed <n>', 'generator seed', '42')
    .option('--rate <n>', "the simulator's throttle and the service's CANARY_RATE_LIMIT_RPS", '500')
    .option('--debounce-seconds <n>', 'CDC_DEBOUNCE_SECONDS of the service', '1')
    .option('--no-baseline', 'skip B1 (and its warm-up) in the same run')
    .option('--timeout-seconds <n>', 'give up when Canary is not in parity by then', '1800')
    .option('--sample-ms <n>', "how often the service's RSS is read from /proc", '100')
    .option(
      '--admin-url <url>',
      'use this PostgreSQL 16 (superuser, wal_level=logical) instead of a throw-away cluster',
    )
    .option('--broker-url <url>', 'publish through this MQTT broker instead of an in-process aedes')
    .option(
      '--service-node-args <flags>',
      'node flags of the service child, for diagnosis (e.g. "--cpu-prof --cpu-prof-dir=DIR"); none as deployed',
    )
    .option('--service-log <file>', "keep the service's log there")
    .option('--json <file>', 'also write the full report as JSON')
    .action(
      command(async (o: Record<string, string | boolean | undefined>) => {
        const { runE2eBench, renderE2eBench } = await import('../bench/e2e-bench.js');
        const r = await runE2eBench({
          metrics: o.huge ? 800_000 : int(o.metrics as string, '--metrics', 1),
          seed: int(o.seed as string, '--seed', 0),
          rateLimit: int(o.rate as string, '--rate', 1),
          debounceSeconds: int(o.debounceSeconds as string, '--debounce-seconds', 0),
          baseline: o.baseline !== false,
          timeoutSeconds: int(o.timeoutSeconds as string, '--timeout-seconds', 1),
          sampleMs: int(o.sampleMs as string, '--sample-ms', 10),
          adminUrl: o.adminUrl as string | undefined,
          brokerUrl: o.brokerUrl as string | undefined,
          serviceLog: o.serviceLog as string | undefined,
          serviceNodeArgs:
            typeof o.serviceNodeArgs === 'string' ? o.serviceNodeArgs.split(/\s+/).filter(Boolean) : undefined,
          log: progress(),
        });
        report(r, renderE2eBench, o.json as string | undefined);
      }),
    );
  bench
    .command('stream')
    .description(
      "the floor under B8: seconds from a birth's commit to the end of its replication stream, for a consumer that only parses it, vs B1",
    )
    .option('--metrics <n>', 'metrics in the generated DBIRTH', '98332')
    .option('--seed <n>', 'generator seed', '42')
    .option(
      '--decoding-work-mem <size>',
      "logical_decoding_work_mem of the replication connection (e.g. 512MB); default the server's",
    )
    .option(
      '--admin-url <url>',
      'use this PostgreSQL 16 (superuser, wal_level=logical) instead of a throw-away cluster',
    )
    .option('--json <file>', 'also write the full report as JSON')
    .action(
      command(
        async (o: { metrics: string; seed: string; decodingWorkMem?: string; adminUrl?: string; json?: string }) => {
          if (o.decodingWorkMem !== undefined && !/^\d+(kB|MB|GB)$/.test(o.decodingWorkMem))
            throw new AppError('usage', '--decoding-work-mem must be a size like 64MB or 1GB');
          const { runStreamFloor, renderStreamFloor } = await import('../bench/stream-floor.js');
          const r = await runStreamFloor({
            metrics: int(o.metrics, '--metrics', 1),
            seed: int(o.seed, '--seed', 0),
            decodingWorkMem: o.decodingWorkMem,
            adminUrl: o.adminUrl,
            log: progress(),
          });
          report(r, renderStreamFloor, o.json);
        },
      ),
    );
  bench
    .command('ops')
    .description(
      'B7: `ops check --cadence daily` on the B1 database (≤ 10 s), per-check durations, vs the same number of SELECT 1 round trips',
    )
    .option('--metrics <n>', 'metrics in the generated DBIRTH', '98332')
    .option('--seed <n>', 'generator seed', '42')
    .option('--runs <n>', 'timed runs of the daily cadence', '3')
    .option(
      '--admin-url <url>',
      'use this PostgreSQL 16 (superuser, wal_level=logical) instead of a throw-away cluster',
    )
    .option('--json <file>', 'also write the full report as JSON')
    .action(
      command(async (o: { metrics: string; seed: string; runs: string; adminUrl?: string; json?: string }) => {
        const { runOpsBench, renderOpsBench } = await import('../bench/ops-bench.js');
        const r = await runOpsBench({
          metrics: int(o.metrics, '--metrics', 1),
          seed: int(o.seed, '--seed', 0),
          runs: int(o.runs, '--runs', 1),
          adminUrl: o.adminUrl,
          opsSettingsFor: forEnv(opsSettings),
          log: progress(),
        });
        report(r, renderOpsBench, o.json);
      }),
    );
  bench
    .command('api')
    .description(
      'GET /api/metrics search by fragment and by prefix on 1,000,000 metrics (p95 ≤ 200 ms), vs a primary-key lookup',
    )
    .option('--devices <n>', 'generated devices', '1000')
    .option('--metrics-per-device <n>', 'generated metrics per device', '1000')
    .option('--admin-url <url>', 'use this PostgreSQL 16 (superuser) instead of a throw-away cluster')
    .option('--json <file>', 'also write the full report as JSON')
    .action(
      command(async (o: { devices: string; metricsPerDevice: string; adminUrl?: string; json?: string }) => {
        const { runApiBench, renderApiBench } = await import('../bench/api-bench.js');
        const r = await runApiBench({
          devices: int(o.devices, '--devices', 1),
          metricsPerDevice: int(o.metricsPerDevice, '--metrics-per-device', 1),
          adminUrl: o.adminUrl,
          log: progress(),
        });
        report(r, renderApiBench, o.json);
      }),
    );
}
