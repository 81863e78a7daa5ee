// A child process running one of the checkout's TypeScript files (through ts-register.mjs), whose
// stdout lines the test can wait for, and which the test can freeze (SIGSTOP), wake (SIGCONT) or kill.

import { spawn, type ChildProcess } from 'node:child_process';
import { packagePath } from '../../src/package-root.js';

export interface TsChild {
  process: ChildProcess;
  /** stdout lines so far. */
  lines: string[];
  /** stdout lines that are JSON objects, in order. */
  events(): Array<Record<string, unknown>>;
  stderr(): string;
  /** Resolves with the first stdout line (from `from` on) that `match` accepts. */
  waitForLine(match: (line: string) => boolean, ms: number, what: string, from?: number): Promise<string>;
  freeze(): void;
  wake(): void;
  kill(): Promise<void>;
}

const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of alive) c.kill('SIGKILL');
});

export function startTsChild(
  file: string,
  args: string[],
  env: Record<string, string | undefined> = process.env,
): TsChild {
  const child = spawn(
    process.execPath,
    ['--import', packagePath('test', 'support', 'ts-register.mjs'), packagePath(file), ...args],
    {
      cwd: packagePath(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  alive.add(child);
  child.once('exit', () => alive.delete(child));
  const lines: string[] = [];
  let partial = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    lines,
    events: () => lines.flatMap((l) => (l.startsWith('{') ? [JSON.parse(l) as Record<string, unknown>] : [])),
    stderr: () => err,
    waitForLine: async (match, ms, what, from = 0) => {
      const until = Date.now() + ms;
      for (;;) {
        const hit = lines.slice(from).find(match);
        if (hit !== undefined) return hit;
        if (child.exitCode !== null || Date.now() > until) {
          throw new Error(
            `${file}: timed out waiting for ${what} (exit code ${child.exitCode})\nstdout:\n${lines.join('\n')}\nstderr:\n${err}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    freeze: () => void child.kill('SIGSTOP'),
    wake: () => void child.kill('SIGCONT'),
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await exited;
    },
  };
}
