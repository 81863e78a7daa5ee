// The service under an end-to-end benchmark: `node bin/uns-meta.js start` (the built dist/) as a child
// process with the given environment, its log in a file, readiness from its /readyz, and its memory as
// the OS sees it (/proc/<pid>/status VmRSS sampled, VmHWM the kernel's own peak). It does not decide
// what the service is configured with: the caller passes the whole environment.

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { procCpuSeconds, procMemory, treeCpuSeconds } from './proc-stats.js';
import { packagePath } from '../package-root.js';
import { AppError } from '../errors.js';

export interface Sample {
  /** Seconds since the sampler started. */
  t: number;
  rssBytes: number;
  /** CPU seconds the service has used so far. */
  cpuSeconds: number;
  /** CPU seconds the PostgreSQL server (all its processes) has used so far; 0 when not watched. */
  pgCpuSeconds: number;
  /** CPU seconds of this (the benchmark's) process so far: publisher, in-process broker, Canary simulator. */
  benchCpuSeconds: number;
}

export interface ServiceChild {
  pid: number;
  httpUrl: string;
  logFile: string;
  /** undefined while it runs, else its exit code (null when a signal ended it). */
  exitCode(): number | null | undefined;
  /** VmRSS and VmHWM (the process's peak RSS so far) now. */
  memory(): { rssBytes: number; hwmBytes: number };
  /** Samples VmRSS and CPU (and the PostgreSQL server's CPU when its postmaster pid is given) every `everyMs`. */
  sample(everyMs: number, postmasterPid?: number): { stop(): Sample[] };
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
}

export async function startServiceChild(o: {
  nodeArgs: string[];
  env: Record<string, string>;
  cwd: string;
  logFile: string;
  httpPort: number;
  readyTimeoutMs: number;
}): Promise<ServiceChild> {
  const fd = openSync(o.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...o.nodeArgs, packagePath('bin', 'uns-meta.js'), 'start'], {
      env: o.env,
      cwd: o.cwd,
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new AppError('bench_failed', 'the service child process could not be started');
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve((exitCode = code))));
  const httpUrl = `http://127.0.0.1:${o.httpPort}`;
  const svc: ServiceChild = {
    pid,
    httpUrl,
    logFile: o.logFile,
    exitCode: () => exitCode,
    memory: () => procMemory(pid),
    sample(everyMs, postmasterPid) {
      const started = performance.now();
      const samples: Sample[] = [];
      // The server's processes are walked less often: a /proc scan costs more than one status file.
      let pgCpu = 0;
      let pgAt = -Infinity;
      const tick = () => {
        const m = procMemory(pid);
        if (m.rssBytes === 0) return;
        const t = (performance.now() - started) / 1000;
        if (postmasterPid !== undefined && t - pgAt >= 0.5) {
          pgCpu = treeCpuSeconds(postmasterPid);
          pgAt = t;
        }
        const own = process.cpuUsage();
        samples.push({
          t,
          rssBytes: m.rssBytes,
          cpuSeconds: procCpuSeconds(pid),
          pgCpuSeconds: pgCpu,
          benchCpuSeconds: (own.user + own.system) / 1e6,
        });
      };
      tick();
      const timer = setInterval(tick, everyMs);
      return {
        stop: () => {
          clearInterval(timer);
          pgAt = -Infinity;
          tick();
          return samples;
        },
      };
    },
    async stop(graceMs = 30_000) {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  try {
    await untilReady(httpUrl, o.readyTimeoutMs, () => exitCode, o.logFile);
  } catch (err) {
    await svc.stop(5_000);
    throw err;
  }
  return svc;
}

/** Ready = /readyz 200 (database, broker subscribed, writer) and CDC streaming the slot as the leader. */
async function untilReady(
  httpUrl: string,
  timeoutMs: number,
  exitCode: () => number | null | undefined,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (exitCode() !== undefined)
      throw new AppError(
        'bench_failed',
        `the service exited with code ${exitCode()} before it was ready; its log: ${logFile}\n${tail(logFile)}`,
      );
    try {
      const res = await fetch(`${httpUrl}/readyz`, { signal: AbortSignal.timeout(3_000) });
      const body = (await res.json()) as {
        ready: boolean;
        components: Record<string, { ok: boolean; detail?: string }>;
      };
      last = JSON.stringify(body.components);
      if (body.ready && /leader; streaming/.test(body.components.cdc?.detail ?? '')) return;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new AppError(
    'bench_failed',
    `the service was not ready within ${timeoutMs / 1000} s (last /readyz: ${last}); its log: ${logFile}`,
  );
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}
