// deploy/systemd/uns-meta.service: systemd itself checks the unit (syntax, known keys, the executable)
// and rates its hardening (`systemd-analyze security --offline`). Skipped where systemd-analyze is
// not installed; a copy points ExecStart at this machine's node when /usr/bin/node is missing.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/package-root.js';

const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
const unitText = readFileSync(packagePath('deploy', 'systemd', 'uns-meta.service'), 'utf8');

function unitCopy(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'uns-meta-unit-'));
  const file = join(dir, 'uns-meta.service');
  const node = existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath;
  writeFileSync(file, text.replace('/usr/bin/node', node));
  return file;
}

function verify(file: string): { code: number | null; out: string } {
  const r = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8', cwd: tmpdir() });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!analyze)('systemd unit', () => {
  it('passes systemd-analyze verify without a warning', () => {
    const r = verify(unitCopy(unitText));
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toMatch(/Unknown|ignoring|Failed|not executable/i);
  });

  it('a misspelt hardening option or a missing executable is caught', () => {
    expect(verify(unitCopy(unitText.replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes'))).out).toMatch(
      /Unknown key 'NoNewPrivilege'/,
    );
    expect(verify(unitCopy(unitText.replace(/ExecStart=\S+/, 'ExecStart=/nonexistent/node'))).code).not.toBe(0);
  });

  it('is hardened: own user, read-only system, no new privileges, restart on failure, exposure rated OK', () => {
    for (const line of [
      'User=uns-meta',
      'ProtectSystem=strict',
      'NoNewPrivileges=yes',
      'Restart=on-failure',
      'EnvironmentFile=/etc/uns-meta/uns-meta.env',
      'CapabilityBoundingSet=',
    ]) {
      expect(unitText.split('\n')).toContain(line);
    }
    expect(unitText).toMatch(/install -m 0600 \/dev\/null \/etc\/uns-meta\/uns-meta.env/);
    const out = execFileSync('systemd-analyze', ['security', '--offline=true', unitCopy(unitText)], {
      encoding: 'utf8',
      cwd: tmpdir(),
    });
    const exposure = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(out)?.[1]);
    expect(exposure).toBeLessThanOrEqual(2);
  });
});
