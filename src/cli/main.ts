// The `uns-meta` command: parses arguments (commander), builds the context, runs one command, and maps
// errors to exit codes. Each command group lives in its own file.

import { Command, CommanderError } from 'commander';
import { AppError } from '../errors.js';
import { EXIT, exitCodeFor, isNagiosCommand } from './exit-codes.js';
import { takeOutcome } from './outcome.js';
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
import { registerQuarantineCommands } from './quarantine-command.js';

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
  registerQuarantineCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const nagios = isNagiosCommand(invokedPath(program, argv.slice(2)));
  try {
    await program.parseAsync(argv);
    return takeOutcome();
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
        return EXIT.ok;
      return exitCodeFor('commander', nagios);
    }
    if (err instanceof AppError) {
      process.stderr.write(`uns-meta: ${err.message}\n`);
      return exitCodeFor(err.code, nagios);
    }
    process.stderr.write(`uns-meta: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    return nagios ? exitCodeFor('db_error', true) : EXIT.error;
  }
}

/** The names of the (sub)commands `args` invokes, e.g. ['ops', 'backup', 'check']; options are skipped. */
export function invokedPath(program: Command, args: readonly string[]): string[] {
  const path: string[] = [];
  let at = program;
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    const sub = at.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!sub) break;
    path.push(sub.name());
    at = sub;
  }
  return path;
}
