// What the OS says about a process (Linux /proc): VmRSS and VmHWM (the kernel's own peak RSS), CPU
// seconds used, and the same summed over a PostgreSQL server's processes (postmaster and its children).
// Zeros for a process that is gone; nothing here starts or signals anything.

import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, what /proc reports CPU time in on Linux

export function procMemory(pid: number): { rssBytes: number; hwmBytes: number } {
  const text = read(`/proc/${pid}/status`);
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { rssBytes: kb('VmRSS'), hwmBytes: kb('VmHWM') };
}

/** user + system CPU seconds of one process, of its children it has waited for, and its parent's pid. */
function stat(pid: number): { cpuSeconds: number; reapedSeconds: number; ppid: number } {
  const text = read(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number(f[i] ?? 0) / TICKS_PER_SECOND;
  return { ppid: Number(f[1] ?? 0), cpuSeconds: n(11) + n(12), reapedSeconds: n(13) + n(14) };
}

export function procCpuSeconds(pid: number): number {
  return stat(pid).cpuSeconds;
}

/**
 * CPU seconds of a process and its direct children, running or exited (a PostgreSQL server: postmaster,
 * backends, walsenders, auxiliary processes).
 */
export function treeCpuSeconds(root: number): number {
  const r = stat(root);
  let total = r.cpuSeconds + r.reapedSeconds;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (s.ppid === root) total += s.cpuSeconds;
  }
  return total;
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
