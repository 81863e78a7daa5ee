// The `uns-meta` command: parses arguments (commander), builds the context, runs one command, and maps
// errors to exit codes. Each command group lives in its own file.

import { Command, CommanderError } from 'commander';
import { AppError } from '../errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { registerDbCommands } from './db-commands.js';
import { registerMigrateCommand } from './migrate-command.js';
import { registerIngestCommands } from './ingest-command.js';
import { registerMetricsCommands } from './metrics-command.js';
import { registerDevicesCommands } from './devices-command.js';
import { registerBenchCommands } from './bench-command.js';
import { registerStartCommand } from './start-command.js';
import { registerDemoCommand } from './demo-command.js';
import { registerCanarySimCommand } from './canary-sim-command.js';
import { registerCanaryCommands } from './canary-command.js';
import { registerOpsCommands } from './ops-command.js';

export function buildProgram(): Command {
  const program = new Command('uns-meta')
    .description('Sparkplug B birth metadata → PostgreSQL 16 (uns_meta) → Canary, and the database playbook as code')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerStartCommand(program);
  registerDemoCommand(program);
  registerDbCommands(program);
  registerMigrateCommand(program);
  registerIngestCommands(program);
  registerMetricsCommands(program);
  registerDevicesCommands(program);
  registerBenchCommands(program);
  registerCanarySimCommand(program);
  registerCanaryCommands(program);
  registerOpsCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof AppError) {
      process.stderr.write(`uns-meta: ${err.message}\n`);
      return exitCodeFor(err.code);
    }
    process.stderr.write(`uns-meta: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.error;
  }
}
