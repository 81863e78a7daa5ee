// A real Mosquitto (MQTT 5, shared subscriptions, optional TLS) on 127.0.0.1 for tests: started on a
// free port, restartable on the SAME port, killed with the test worker. Config and log live in a temp
// directory removed on stop. Not a product broker: anonymous, no persistence.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/embedded/throwaway.js';

const MOSQUITTO = '/usr/sbin/mosquitto';
// setpriv makes the kernel SIGKILL the broker when the worker dies, even by a signal ('exit' hooks do not run then).
const SETPRIV = '/usr/bin/setpriv';
const READY_TIMEOUT_MS = 10_000;

export interface MosquittoTls {
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** Clients must present a certificate signed by caCert (default false). */
  requireClientCert?: boolean;
}

export interface MosquittoOptions {
  tls?: MosquittoTls;
  port?: number;
}

export interface Mosquitto {
  /** mqtt://127.0.0.1:P, or mqtts://127.0.0.1:P with TLS. */
  url: string;
  port: number;
  /** SIGTERM, waits for the exit, removes the temp directory. */
  stop(): Promise<void>;
  /** Stops the broker, runs `whileDown`, starts it again on the same port; resolves when it accepts connections. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  /** SIGKILL (no clean disconnects, no will suppression), then as stop(). */
  kill(): Promise<void>;
}

export async function startMosquitto(opts: MosquittoOptions = {}): Promise<Mosquitto> {
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'uns-meta-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  const log = join(dir, 'mosquitto.log');
  writeFileSync(conf, config(port, log, opts.tls));
  let child: ChildProcess | null = await launch(conf, log, port);
  let removed = false;

  const halt = async (signal: NodeJS.Signals) => {
    const c = child;
    child = null;
    if (c) await terminate(c, signal);
  };
  const cleanup = () => {
    if (removed) return;
    removed = true;
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    url: `${opts.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await halt('SIGTERM');
      cleanup();
    },
    kill: async () => {
      await halt('SIGKILL');
      cleanup();
    },
    restart: async (whileDown) => {
      if (removed) throw new Error('mosquitto test broker: restart() after stop()');
      await halt('SIGTERM');
      await whileDown?.();
      child = await launch(conf, log, port);
    },
  };
}

function config(port: number, log: string, tls: MosquittoTls | undefined): string {
  const lines = [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    'persistence false',
    `log_dest file ${log}`,
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    'connection_messages true',
    // As root, Mosquitto would switch to user "mosquitto" (and lose the parent-death signal, and the
    // right to read 0600 keys); naming the current user keeps it as it is.
    `user ${userInfo().username}`,
  ];
  if (tls) {
    lines.push(`cafile ${tls.caCert}`, `certfile ${tls.serverCert}`, `keyfile ${tls.serverKey}`);
    lines.push(`require_certificate ${tls.requireClientCert ? 'true' : 'false'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Spawns the broker and resolves once the port accepts TCP connections. */
async function launch(conf: string, log: string, port: number): Promise<ChildProcess> {
  const args = ['-c', conf];
  const child = existsSync(SETPRIV)
    ? spawn(SETPRIV, ['--pdeathsig', 'KILL', MOSQUITTO, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(MOSQUITTO, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  track(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  child.once('error', (err) => (exited = `failed to start: ${err.message}`));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await accepts(port))) {
    if (exited !== null || Date.now() > deadline) {
      await terminate(child, 'SIGKILL');
      const logged = existsSync(log) ? readFileSync(log, 'utf8').slice(-4000) : '';
      throw new Error(
        `mosquitto on port ${port} ${exited ?? 'did not accept connections in time'}:\n${stderr}${logged}`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return child;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  // Never spawned (no pid: 'error' instead of 'exit') or already gone.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return untrack(child);
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  // A broker that ignores SIGTERM for 5 s is killed.
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
  untrack(child);
}

// Brokers still running when the worker exits normally are killed synchronously from its 'exit' hook.
const running = new Set<ChildProcess>();
const killAll = () => {
  for (const c of running) c.kill('SIGKILL');
};

function track(child: ChildProcess): void {
  if (running.size === 0) process.once('exit', killAll);
  running.add(child);
}

function untrack(child: ChildProcess): void {
  running.delete(child);
  if (running.size === 0) process.removeListener('exit', killAll);
}
