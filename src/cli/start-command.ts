// `uns-meta start`: the long-running service (embedded PostgreSQL 16 and broker when nothing is
// configured). Runs until SIGTERM/SIGINT, then shuts down cleanly (exit 0).

import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { createContext } from './context.js';
import { runService, untilSignal } from './service-runner.js';
import { EXIT } from './exit-codes.js';
import { command } from './outcome.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'run the service: take births off the broker into PostgreSQL (embedded defaults when nothing is configured)',
    )
    .option(
      '--mqtt-port <port>',
      'port of the in-process broker when MQTT_URL is unset (default EMBEDDED_MQTT_PORT=1883)',
      port,
    )
    .option('--http-port <port>', 'HTTP port (default HTTP_PORT=8080; 0 = any free port)', port)
    .action(
      command(async (o: { mqttPort?: number; httpPort?: number }) => {
        const ctx = createContext();
        const service = await runService(ctx.config, { ...o, print: (l) => console.log(l) });
        console.log('uns-meta is running; Ctrl-C to stop');
        await untilSignal(service.log);
        await service.stop();
        return EXIT.ok;
      }),
    );
}

export function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new AppError('usage', `not a port number: "${v}"`);
  return n;
}
