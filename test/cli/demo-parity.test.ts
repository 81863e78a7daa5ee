// `uns-meta demo` with its own defaults on a fresh directory: the edge node's first births race the CDC
// leader creating its slot, yet Canary (the bundled simulator) comes to equal the database, as
// `uns-meta canary verify` says — every metric with properties has its tag, nothing differs.

import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/package-root.js';
import { freePort } from '../../src/embedded/throwaway.js';
import { runCli } from '../support/cli.js';

interface Verify {
  tags: number;
  inParity: number;
  missingTags: unknown[];
  missingKeys: unknown[];
  differing: unknown[];
  extraKeys: unknown[];
}

describe('uns-meta demo, default settings', () => {
  it('Canary equals the database within the demo debounce (canary verify clean)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'uns-meta-demo-parity-'));
    chmodSync(cwd, 0o755);
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^(PG|DATABASE_|DB_MODE|EMBEDDED_|MQTT_|HTTP_|CANARY_|CDC_)/.test(k),
      ),
    );
    const pgPort = String(await freePort());
    const child = spawn(
      process.execPath,
      [packagePath('bin', 'uns-meta.js'), 'demo', '--mqtt-port', '0', '--http-port', '0'],
      { cwd, env: { ...env, EMBEDDED_PG_PORT: pgPort } },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', () => undefined);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const until = Date.now() + 90_000;
      const saf = async () => {
        while (Date.now() < until) {
          const m = /canary\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(out);
          if (m) return m[1];
          await new Promise((r) => setTimeout(r, 200));
        }
        throw new Error(`no Canary line in:\n${out}`);
      };
      const views = `${await saf()}/api/v2`;
      let last: Verify | null = null;
      let clean = false;
      // The edge node edits every 5 s and the demo debounce is 3 s: Canary catches up between edits.
      while (!clean && Date.now() < until) {
        const r = await runCli(
          ['canary', 'verify', '--json'],
          { ...env, EMBEDDED_PG_PORT: pgPort, CANARY_VIEWS_URL: views },
          cwd,
        );
        if (r.stdout.trim().startsWith('{')) {
          last = JSON.parse(r.stdout) as Verify;
          clean = last.tags >= 80 && last.inParity === last.tags && r.code === 0;
        }
        if (!clean) await new Promise((res) => setTimeout(res, 1_000));
      }
      expect(clean, `last verify: ${JSON.stringify(last)?.slice(0, 2000)}`).toBe(true);
    } finally {
      child.kill('SIGINT');
      await exited;
    }
  }, 150_000);
});
