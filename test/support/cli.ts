// Runs the built `uns-meta` command as a user would (bin/uns-meta.js → dist), with a controlled environment.

import { spawn } from 'node:child_process';
import { packagePath } from '../../src/package-root.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<CliResult> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(PG|DATABASE_|DB_MODE|EMBEDDED_)/.test(k)),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [packagePath('bin', 'uns-meta.js'), ...args], {
      cwd: cwd ?? packagePath(),
      env: { ...clean, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const fixture = (name: string) => packagePath('test', 'sparkplug', 'fixtures', name);
