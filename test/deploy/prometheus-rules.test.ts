// The Prometheus alert rules of deploy/: promtool accepts them and their unit tests pass (CRIT check,
// breaker open, Canary drift and the rest fire); a rules file with those three broken fails the same
// unit tests; every metric the rules read exists in the service registry.

import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/package-root.js';
import { metricNames, registryNames } from '../support/promql-names.js';

const RULES = packagePath('deploy', 'prometheus', 'uns-meta-rules.yml');
const TESTS = packagePath('deploy', 'prometheus', 'uns-meta-rules.test.yml');

function promtool(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    execFile('promtool', args, (err, stdout, stderr) => {
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT')
        reject(new Error('promtool is not installed: npm test installs it (scripts/test-tools.sh)'));
      else resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

describe('deploy/prometheus/uns-meta-rules.yml', () => {
  it('passes promtool check rules', async () => {
    const r = await promtool(['check', 'rules', RULES]);
    expect(r.out).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.code).toBe(0);
  });

  it('passes its unit tests (promtool test rules): check CRIT, breaker open, Canary drift and the others fire', async () => {
    const tests = readFileSync(TESTS, 'utf8');
    for (const alert of ['UnsMetaCheckCritical', 'UnsMetaCanaryBreakerOpen', 'UnsMetaCanaryDrift'])
      expect(tests).toMatch(new RegExp(`alertname: ${alert}\\n\\s+exp_alerts:\\n\\s+- exp_labels`));
    const r = await promtool(['test', 'rules', TESTS]);
    expect(r.out).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  it('the unit tests fail when the CRIT, breaker and drift rules never fire', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-broken-'));
    const broken = readFileSync(RULES, 'utf8')
      .replace('uns_meta_check_status == 2', 'uns_meta_check_status == 9')
      .replace('canary_circuit_state == 2', 'canary_circuit_state == 9')
      .replace('check="canary.parity"} == 1', 'check="canary.parity"} == 9');
    writeFileSync(join(dir, 'uns-meta-rules.yml'), broken);
    copyFileSync(TESTS, join(dir, 'uns-meta-rules.test.yml'));
    const r = await promtool(['test', 'rules', join(dir, 'uns-meta-rules.test.yml')]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/alertname: UnsMetaCheckCritical/);
    expect(r.out).toMatch(/alertname: UnsMetaCanaryBreakerOpen/);
    expect(r.out).toMatch(/alertname: UnsMetaCanaryDrift/);
  });

  it("reads only metrics of the service registry (and Prometheus's own up)", () => {
    const known = registryNames();
    const exprs = [...readFileSync(RULES, 'utf8').matchAll(/^\s*expr:\s*(.+)$/gm)].map((m) => m[1] as string);
    expect(exprs.length).toBeGreaterThanOrEqual(10);
    const unknown = exprs.flatMap((e) => metricNames(e)).filter((n) => !known.has(n) && n !== 'up');
    expect(unknown).toEqual([]);
  });
});
