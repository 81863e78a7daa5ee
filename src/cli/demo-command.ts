// `uns-meta demo`: the service (embedded defaults) plus a simulated edge node publishing real-shaped
// births and, every few seconds, property edits, a rename and a retired metric — printing what it does
// and what the database now holds. Runs until Ctrl-C.

import type { Command } from 'commander';
import type { Pool } from '../db.js';
import { startEdgeSimulator } from '../demo/edge-node.js';
import { createContext } from './context.js';
import { runService, untilSignal } from './service-runner.js';
import { port } from './start-command.js';
import { EXIT } from './exit-codes.js';
import { command } from './outcome.js';

interface DemoOptions {
  mqttPort?: number;
  httpPort?: number;
  intervalMs: number;
  devices: number;
  metrics: number;
  logLevel: string;
  debounceSeconds: number;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('start the service and a simulated edge node; watch births, versions and renames appear')
    .option('--mqtt-port <port>', 'port of the in-process broker (a free one is used when it is taken)', port)
    .option('--http-port <port>', 'HTTP port (a free one is used when it is taken)', port)
    .option('--interval-ms <ms>', 'time between rebirth cycles of the edge node', Number, 5000)
    .option('--devices <n>', 'simulated devices', Number, 2)
    .option('--metrics <n>', 'metrics per device', Number, 40)
    .option('--log-level <level>', 'service log level (JSON lines on stderr)', 'warn')
    .option(
      '--debounce-seconds <s>',
      'quiet time before a change goes to Canary (CDC_DEBOUNCE_SECONDS is 180 in production)',
      Number,
      3,
    )
    .action(
      command(async (o: DemoOptions) => {
        const ctx = createContext();
        const print = (line: string) => console.log(line);
        const service = await runService(ctx.config, {
          mqttPort: o.mqttPort,
          httpPort: o.httpPort,
          anyMqttPort: true,
          anyHttpPort: true,
          logLevel: o.logLevel,
          debounceSeconds: o.debounceSeconds,
          print,
        });
        const edge = await startEdgeSimulator({
          mqttUrl: service.mqttUrl,
          intervalMs: o.intervalMs,
          devices: o.devices,
          metricsPerDevice: o.metrics,
          print,
        });
        const canaryTags = () =>
          service.canary?.simulator ? Object.keys(service.canary.simulator.tags()).length : null;
        const timer = setInterval(
          () => void report(service.pool, canaryTags()).then(print, () => undefined),
          o.intervalMs,
        );
        print('demo running; Ctrl-C to stop');
        await untilSignal(service.log);
        clearInterval(timer);
        await edge.stop();
        await service.stop();
        return EXIT.ok;
      }),
    );
}

async function report(pool: Pool, canaryTags: number | null): Promise<string> {
  const r = await pool.query<{
    devices: string;
    metrics: string;
    retired: string;
    properties: string;
    versions: string;
    renames: string;
  }>(
    `SELECT (SELECT count(*) FROM uns_meta.devices) AS devices,
            (SELECT count(*) FROM uns_meta.metrics WHERE retired_at IS NULL) AS metrics,
            (SELECT count(*) FROM uns_meta.metrics WHERE retired_at IS NOT NULL) AS retired,
            (SELECT count(*) FROM uns_meta.metric_properties) AS properties,
            (SELECT count(*) FROM uns_meta.metric_versions) AS versions,
            (SELECT count(*) FROM uns_meta.metric_path_lineage) AS renames`,
  );
  const x = r.rows[0];
  return x
    ? `database: ${x.devices} devices, ${x.metrics} active metrics (${x.retired} retired), ${x.properties} properties, ${x.versions} versions, ${x.renames} renames` +
        (canaryTags === null ? '' : `; Canary (simulator): ${canaryTags} tags`)
    : 'database: ?';
}
