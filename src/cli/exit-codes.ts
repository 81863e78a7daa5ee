// The one table of exit codes. Most commands: 0 ok, 1 error (including "a finding": drift, parity, a
// failed verification), 2 usage or configuration error. The commands a monitoring system runs follow
// the Nagios plugin convention instead — 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN — and a usage or
// configuration error, or any failure before a result, is UNKNOWN: a typo must never page someone.

import type { ErrorCode } from '../errors.js';

export const EXIT = { ok: 0, error: 1, usage: 2 } as const;

export const NAGIOS = { ok: 0, warning: 1, critical: 2, unknown: 3 } as const;

/** Commands whose exit code is a Nagios status (their subcommands too). */
export const NAGIOS_COMMANDS: readonly string[] = [
  'ops check',
  'ops backup check',
  'ops grants',
  'ops doctor',
  'ops dr-rehearsal',
];

export function isNagiosCommand(path: readonly string[]): boolean {
  const joined = path.join(' ');
  return NAGIOS_COMMANDS.some((c) => joined === c || joined.startsWith(`${c} `));
}

/** The exit code of a failed command: `nagios` for the commands of NAGIOS_COMMANDS. */
export function exitCodeFor(code: ErrorCode | 'commander', nagios: boolean): number {
  if (nagios) return NAGIOS.unknown;
  return code === 'usage' || code === 'config_invalid' || code === 'commander' ? EXIT.usage : EXIT.error;
}
