// Zero configuration on a fresh directory: `uns-meta demo` brings up embedded PostgreSQL 16, the
// in-process broker, the HTTP endpoints, CDC with the Canary simulator and a simulated edge node; rows,
// versions, renames, retired metrics and Canary tags appear, the dashboard and its API serve them;
// Ctrl-C stops everything with exit 0. `start` names a taken broker port clearly.

import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/package-root.js';
import { freePort } from '../../src/embedded/throwaway.js';
import { runCli } from '../support/cli.js';

function freshDir(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'uns-meta-demo-'));
  chmodSync(cwd, 0o755); // the embedded server runs as another user when we are root
  return cwd;
}

describe('uns-meta demo', () => {
  it('shows births, versions, a rename and a retired metric landing, serves /readyz, and stops cleanly on SIGINT', async () => {
    const cwd = freshDir();
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(PG|DATABASE_|DB_MODE|EMBEDDED_|MQTT_|HTTP_)/.test(k)),
    );
    const child = spawn(
      process.execPath,
      [
        packagePath('bin', 'uns-meta.js'),
        'demo',
        '--interval-ms',
        '700',
        '--mqtt-port',
        '0',
        '--http-port',
        '0',
        '--debounce-seconds',
        '1',
      ],
      {
        cwd,
        env: { ...env, EMBEDDED_PG_PORT: String(await freePort()) },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const until = Date.now() + 120_000;
    // Births → PostgreSQL → logical replication → outbox → the bundled Canary simulator.
    const seen = () =>
      /database: 3 devices, 8\d active metrics \([1-9]\d* retired\), \d+ properties, \d+ versions, [1-9]\d* renames; Canary \(simulator\): (8\d|9\d|\d{3,}) tags/.test(
        out,
      );
    while (!seen() && Date.now() < until && child.exitCode === null) await new Promise((r) => setTimeout(r, 250));
    expect(seen(), `stdout:\n${out}\nstderr:\n${err}`).toBe(true);
    expect(out).toMatch(/edge Demo\/Maceira-Edge: DBIRTH Kiln-1 \(40 metrics\)/);
    const http = /http\s+(http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(out)?.[1];
    const ready = await fetch(`${http}/readyz`);
    expect(ready.status).toBe(200);
    expect(await (await fetch(`${http}/metrics`)).text()).toMatch(
      /uns_metadata_sync_births_total\{type="DBIRTH",result="applied"\} [1-9]/,
    );
    // The dashboard and its API show the live data.
    expect(out).toContain(`dashboard  ${http}/`);
    expect(await (await fetch(`${http}/`)).text()).toMatch(/<html/i);
    const found = (await (await fetch(`${http}/api/metrics?q=Kiln-1&limit=5`)).json()) as {
      items: Array<{ unsPath: string }>;
    };
    expect(found.items.length).toBeGreaterThan(0);
    expect(found.items.every((m) => m.unsPath.includes('Kiln-1'))).toBe(true);
    const pipeline = (await (await fetch(`${http}/api/pipeline`)).json()) as {
      database: { ok: boolean };
      broker: { ok: boolean };
    };
    expect(pipeline.database.ok && pipeline.broker.ok).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('`start` says which broker port is taken and how to choose another', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(
        ['start', '--mqtt-port', String(taken), '--http-port', '0'],
        { EMBEDDED_PG_PORT: String(await freePort()) },
        freshDir(),
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`MQTT port ${taken} on 127.0.0.1 is already taken`);
      expect(r.stderr).toContain('--mqtt-port');
    } finally {
      blocker.close();
    }
  });
});
