// The pgBackRest adapter: runs the configured binary with execFile (no shell, arguments never
// interpreted) for info, check, backup and restore. It reads no results itself (see backup-info.ts);
// a missing binary and a failing command become AppErrors saying what to install or look at.

import { execFile } from 'node:child_process';
import { AppError } from '../../errors.js';

export interface PgBackRest {
  bin: string;
  stanza: string;
  configFile?: string;
  /** When uns-meta runs as root: the OS user that owns the repository (archive-push writes it as that user). */
  runAs?: string;
}

export const INSTALL_HINT =
  'install pgBackRest (apt-get install pgbackrest; PostgreSQL 16 needs pgBackRest 2.47 or newer) or point OPS_PGBACKREST_BIN at it';

/** OPS_PGBACKREST_*: the binary, and the stanza when this database is backed up by pgBackRest. */
export interface PgBackRestSettings {
  bin: string;
  stanza: string | undefined;
  configFile: string | undefined;
  runAs: string | undefined;
}

/** The configured stanza, or null when none is (backup checks SKIP then). */
export function pgBackRestFrom(s: PgBackRestSettings): PgBackRest | null {
  if (!s.stanza) return null;
  return { bin: s.bin, stanza: s.stanza, configFile: s.configFile, runAs: s.runAs };
}

export interface RunResult {
  stdout: string;
  stderr: string;
  ms: number;
}

/** `pgbackrest [--config=…] --stanza=… <command> <args>`; throws an AppError on a missing binary or a non-zero exit. */
export async function runPgBackRest(
  p: PgBackRest,
  command: string,
  args: readonly string[] = [],
  o: { timeoutMs?: number } = {},
): Promise<RunResult> {
  const argv = [...(p.configFile ? [`--config=${p.configFile}`] : []), `--stanza=${p.stanza}`, command, ...args];
  const ids = await userIds(p.runAs);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // cwd '/': another user may not be allowed into ours. Backups and restores are large: a big buffer.
    execFile(
      p.bin,
      argv,
      {
        ...ids,
        cwd: ids.uid === undefined ? undefined : '/',
        timeout: o.timeoutMs ?? 0,
        maxBuffer: 256 * 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        const ms = Math.round(performance.now() - started);
        if (!err) return resolve({ stdout, stderr, ms });
        const e = err as NodeJS.ErrnoException & { code?: string | number; killed?: boolean; signal?: string | null };
        if (e.code === 'ENOENT' || e.code === 'EACCES') {
          return reject(
            new AppError('tool_missing', `pgBackRest cannot be run as "${p.bin}" (${e.code}): ${INSTALL_HINT}`, {
              details: { tool: 'pgbackrest', missing: true },
            }),
          );
        }
        const said = lastLines(stderr || stdout);
        const why = e.killed
          ? `took longer than ${(o.timeoutMs ?? 0) / 1000} s`
          : `exited with ${String(e.code ?? e.signal)}`;
        reject(
          new AppError('db_error', `pgbackrest ${command} (stanza ${p.stanza}) ${why}: ${said || e.message}`, {
            details: { tool: 'pgbackrest', command, exitCode: e.code, stderr: said },
          }),
        );
      },
    );
  });
}

export function isPgBackRestMissing(err: unknown): boolean {
  return err instanceof AppError && err.code === 'tool_missing' && err.details.tool === 'pgbackrest';
}

/** `info --output=json`: the stanza's entry, parsed but not interpreted. */
export async function pgBackRestInfo(p: PgBackRest): Promise<unknown> {
  const r = await runPgBackRest(p, 'info', ['--output=json'], { timeoutMs: 120_000 });
  const parsed = JSON.parse(r.stdout) as unknown;
  return Array.isArray(parsed) ? (parsed.find((s: { name?: string }) => s?.name === p.stanza) ?? null) : null;
}

/** `check`: the archive_command works and the repository is reachable (it forces a WAL switch). */
export function pgBackRestCheck(p: PgBackRest): Promise<RunResult> {
  return runPgBackRest(p, 'check', [], { timeoutMs: 300_000 });
}

export function pgBackRestBackup(p: PgBackRest, type: 'full' | 'diff' | 'incr'): Promise<RunResult> {
  return runPgBackRest(p, 'backup', [`--type=${type}`]);
}

export interface RestoreOptions {
  /** An empty scratch data directory; never the live one. */
  pgPath: string;
  /** Where every tablespace goes: without it they would be restored over their LIVE locations. */
  tablespaceDir: string;
  /** Point in time (recovery_target_time); unset = the end of the archived WAL. */
  targetTime?: string;
}

export function pgBackRestRestore(p: PgBackRest, o: RestoreOptions): Promise<RunResult> {
  const args = [
    '--delta',
    `--pg1-path=${o.pgPath}`,
    `--tablespace-map-all=${o.tablespaceDir}`,
    // The restored copy must never push its own WAL into the repository of the live cluster.
    '--archive-mode=off',
  ];
  // promote: a paused recovery would leave a read-only server that cannot be migrated or smoke-tested.
  if (o.targetTime) args.push('--type=time', `--target=${o.targetTime}`, '--target-action=promote');
  return runPgBackRest(p, 'restore', args);
}

async function userIds(user: string | undefined): Promise<{ uid?: number; gid?: number }> {
  if (!user || process.getuid?.() !== 0 || user === 'root') return {};
  const id = (flag: string) =>
    new Promise<number>((resolve, reject) =>
      execFile('id', [flag, user], (err, out) =>
        err
          ? reject(new AppError('config_invalid', `OPS_PGBACKREST_USER: no OS user "${user}"`))
          : resolve(Number(out.trim())),
      ),
    );
  return { uid: await id('-u'), gid: await id('-g') };
}

function lastLines(text: string, n = 6): string {
  return text
    .trim()
    .split('\n')
    .filter((l) => /\S/.test(l))
    .slice(-n)
    .join('\n');
}
