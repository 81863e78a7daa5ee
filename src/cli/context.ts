// What every command needs: the validated config and a logger. Built once per invocation.

import { userInfo } from 'node:os';
import { loadConfig, type Config } from '../config.js';
import { createLogger, type Logger } from '../log.js';

export interface Context {
  config: Config;
  log: Logger;
  /** `cli:<user>` for metric_versions.changed_by. */
  actor: string;
}

export function createContext(): Context {
  const warnings: string[] = [];
  const config = loadConfig(process.env, { warn: (m) => warnings.push(m) });
  // A command prints its own results; at the default level only warnings and errors are logged.
  const log = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, stage: 'cli' });
  for (const w of warnings) log.warn(w);
  return { config, log, actor: `cli:${userInfo().username}` };
}
