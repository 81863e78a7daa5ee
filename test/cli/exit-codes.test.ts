// The CLI's one exit-code table: the commands a monitoring system runs answer a usage or configuration
// mistake with 3 (UNKNOWN, never 2 = CRITICAL: a typo must not page anyone); the other commands with 2.

import { describe, expect, it } from 'vitest';
import { buildProgram, invokedPath } from '../../src/cli/main.js';
import { isNagiosCommand, NAGIOS_COMMANDS } from '../../src/cli/exit-codes.js';
import { runCli } from '../support/cli.js';

// Nothing here reaches a database: every case fails before connecting (a port nobody listens on).
const env = { DATABASE_URL: 'postgres://uns_meta_app@127.0.0.1:1/none' };

describe('exit codes', () => {
  it('finds the invoked command through options and arguments', () => {
    const program = buildProgram();
    expect(invokedPath(program, ['ops', 'backup', 'check', '--format', 'json'])).toEqual(['ops', 'backup', 'check']);
    expect(invokedPath(program, ['ops', 'check', '--cadence', 'dialy'])).toEqual(['ops', 'check']);
    expect(invokedPath(program, ['migrate', 'up', '--to', 'x'])).toEqual(['migrate', 'up']);
    expect(isNagiosCommand(['ops', 'check'])).toBe(true);
    expect(isNagiosCommand(['ops', 'checks'])).toBe(false);
    expect(isNagiosCommand(['ops', 'vacuum'])).toBe(false);
    // Every Nagios command named in the table exists.
    for (const c of NAGIOS_COMMANDS) expect(invokedPath(program, c.split(' '))).toEqual(c.split(' '));
  });

  it.each([
    [['ops', 'check', '--cadence', 'dialy']],
    [['ops', 'check', '--format', 'xml']],
    [['ops', 'check', '--bogus']],
    [['ops', 'backup', 'check', '--format', 'xml']],
    [['ops', 'backup', 'check', 'extra-argument']],
    [['ops', 'grants', '--bogus']],
    [['ops', 'doctor', 'no-such-flow']],
    [['ops', 'dr-rehearsal', '--bogus']],
  ])('%j exits 3 (UNKNOWN) with the reason on stderr', async (args) => {
    const r = await runCli(args, env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/\S/);
  });

  it('a configuration error of a Nagios command is UNKNOWN too; elsewhere it is 2', async () => {
    const bad = { DATABASE_URL: 'postgres://uns_meta_app@127.0.0.1:1/none', CDC_DEBOUNCE_SECONDS: 'soon' };
    const check = await runCli(['ops', 'check'], bad);
    expect(check.code).toBe(3);
    expect(check.stderr).toMatch(/CDC_DEBOUNCE_SECONDS/);
    expect((await runCli(['devices', 'list'], bad)).code).toBe(2);
  });

  it('a database that cannot be reached is UNKNOWN for a Nagios command, an error (1) elsewhere', async () => {
    expect((await runCli(['ops', 'grants'], env)).code).toBe(3);
    expect((await runCli(['devices', 'list'], env)).code).toBe(1);
  });

  it('usage errors of other commands stay 2', async () => {
    expect((await runCli(['ops', 'vacuum', '--bogus'], env)).code).toBe(2);
    expect((await runCli(['canary', 'verify', '--bogus'], env)).code).toBe(2);
    expect((await runCli(['ingest', 'nope'], env)).code).toBe(2);
  });
});
