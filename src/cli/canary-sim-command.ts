// `uns-meta canary-sim`: runs the Canary simulator (a test double of the Canary historian's SAF and Views
// APIs, not the product) until SIGINT/SIGTERM, printing the URLs to set. Fault switches are for tests
// (startCanarySimulator's FaultControl); this command does not expose them.

import type { Command } from 'commander';
import { startCanarySimulator } from '../canary/simulator/server.js';
import { createLogger } from '../log.js';
import { EXIT } from './exit-codes.js';
import { untilSignal } from './service-runner.js';
import { port } from './start-command.js';
import { command } from './outcome.js';

interface CanarySimOptions {
  port: number;
  host: string;
  dataset: string[];
  autoCreateDatasets?: boolean;
  persist?: string;
  apiToken?: string;
  logLevel: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerCanarySimCommand(program: Command): void {
  program
    .command('canary-sim')
    .description('run the Canary simulator: a local test double of the Canary SAF write API v1 and Views read API v2')
    .option('--port <port>', 'HTTP port (0 = any free port)', port, 55293)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--dataset <name>', 'a DataSet that exists from the start (repeatable)', collect, [])
    .option('--auto-create-datasets', 'create missing DataSets on write unless a session says otherwise')
    .option('--persist <file>', 'load the DataSets and properties from this JSON file and save them to it')
    .option('--api-token <token>', 'require this apiToken (default: any token is accepted)')
    .option('--log-level <level>', 'log level (JSON lines on stderr; debug logs every request)', 'warn')
    .action(
      command(async (o: CanarySimOptions) => {
        const log = createLogger({ level: o.logLevel });
        const sim = await startCanarySimulator({
          host: o.host,
          port: o.port,
          datasets: o.dataset,
          autoCreateDatasets: o.autoCreateDatasets ?? false,
          apiToken: o.apiToken,
          persistFile: o.persist,
          log,
        });
        const datasets = sim.datasets();
        console.log(
          'Canary SIMULATOR: a test double of the Canary historian (SAF write API v1, Views read API v2), not the Canary product',
        );
        console.log(`listening  ${sim.url}`);
        console.log(`set        CANARY_SAF_URL=${sim.safUrl}`);
        console.log(`set        CANARY_VIEWS_URL=${sim.viewsUrl}`);
        console.log(
          `datasets   ${datasets.length > 0 ? datasets.join(', ') : '(none)'}; missing ones are ${o.autoCreateDatasets ? 'created' : 'refused'} unless a session sets autoCreateDatasets`,
        );
        console.log(`apiToken   ${o.apiToken ? 'required' : 'any accepted'}`);
        console.log(`state      ${o.persist ? `saved to ${o.persist}` : 'in memory only'}`);
        console.log('Ctrl-C to stop');
        await untilSignal(log);
        await sim.stop();
        return EXIT.ok;
      }),
    );
}
