// `uns-meta canary-sim` as a user runs it (bin/uns-meta.js → the BUILT code in dist; `npm test` builds
// first): the banner says it is a simulator and names the URLs to set, it answers over HTTP, SIGINT → exit 0.

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/package-root.js';
import { runCli } from '../support/cli.js';
import { post, TS } from './sim-client.js';

describe('uns-meta canary-sim', () => {
  it('prints a simulator banner with CANARY_SAF_URL / CANARY_VIEWS_URL, serves the API, and exits 0 on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      [packagePath('bin', 'uns-meta.js'), 'canary-sim', '--port', '0', '--dataset', 'Test', '--dataset', 'Secil'],
      {
        env: { ...process.env, LOG_LEVEL: 'warn' },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const until = Date.now() + 30_000;
      while (!out.includes('Ctrl-C to stop') && Date.now() < until && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 50));
      expect(out, `stdout:\n${out}\nstderr:\n${err}`).toContain('Ctrl-C to stop');
      expect(out).toMatch(/^Canary SIMULATOR: a test double of the Canary historian .*not the Canary product$/m);
      expect(out).toMatch(/datasets\s+Secil, Test/);
      const saf = /CANARY_SAF_URL=(http:\/\/127\.0\.0\.1:(\d+)\/api\/v1)$/m.exec(out);
      expect(saf?.[2]).toMatch(/^[1-9]\d*$/);
      expect(out).toContain(`CANARY_VIEWS_URL=http://127.0.0.1:${saf?.[2]}/api/v2`);
      const safUrl = saf?.[1] as string;

      const session = await post(`${safUrl}/getSessionToken`, { historians: ['localhost'], clientId: 'cli-test' });
      expect(session.status).toBe(200);
      expect(session.body).toMatchObject({ statusCode: 'Good', errors: [], sessionToken: expect.any(String) });
      const stored = await post(`${safUrl}/storeData`, {
        sessionToken: session.body.sessionToken,
        properties: { 'Test.A.B': [['engUnit', TS, 'm', 192]] },
      });
      expect(stored.body).toEqual({ statusCode: 'Good', errors: [] });
      const missing = await post(`${safUrl}/storeData`, {
        sessionToken: session.body.sessionToken,
        properties: { 'Other.A.B': [['engUnit', TS, 'm', 192]] },
      });
      expect(missing.body.errors).toEqual([expect.stringContaining("DataSet 'Other' does not exist")]);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });

  it('names a taken port and how to choose another (exit 1); a bad DataSet name is a usage error (exit 2)', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['canary-sim', '--port', String(taken)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Canary simulator port ${taken} on 127.0.0.1 is already taken`);
      expect(r.stderr).toContain('--port');
    } finally {
      blocker.close();
    }
    const bad = await runCli(['canary-sim', '--port', '0', '--dataset', 'A/B']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("DataSet name 'A/B' contains '/'");
  });
});
