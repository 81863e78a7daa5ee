// `uns-meta start` as a child process, run from the checkout's sources, against a test database, broker
// and Canary simulator; the test reads its /readyz and logs, and may freeze it (SIGSTOP) or kill it.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTsChild, type TsChild } from './ts-child.js';

export interface ServiceProcess extends TsChild {
  httpUrl: string;
  /** The `cdc` component of /readyz, e.g. "leader; streaming". */
  cdc(): Promise<string>;
  /** SIGTERM, then waits for the exit code. */
  terminate(): Promise<number | null>;
}

export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const child = startTsChild('test/support/service-main.ts', ['start'], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    BIRTH_CACHE_DIR: mkdtempSync(join(tmpdir(), 'uns-meta-svc-')),
    ...env,
  });
  const line = await child.waitForLine((l) => /^http\s+http:\/\//.test(l), 60_000, 'the service to listen');
  const httpUrl = /^http\s+(http:\/\/[^/\s]+)\/metrics/.exec(line)?.[1] as string;
  return {
    ...child,
    httpUrl,
    cdc: async () => {
      const r = (await (await fetch(`${httpUrl}/readyz`, { signal: AbortSignal.timeout(5_000) })).json()) as {
        components: Record<string, { detail?: string }>;
      };
      return r.components.cdc?.detail ?? '';
    },
    terminate: async () => {
      if (child.process.exitCode !== null) return child.process.exitCode;
      const exited = new Promise<number | null>((resolve) => child.process.once('exit', (code) => resolve(code)));
      child.wake();
      child.process.kill('SIGTERM');
      return exited;
    },
  };
}
