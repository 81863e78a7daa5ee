// Real TLS handshakes to read a peer's certificate: PostgreSQL (8-byte SSLRequest, answer 'S', then TLS
// over the same socket) and plain TLS (MQTT, Canary). Never logs in and never sends a query; chain and
// host verdicts are left to the caller (the chain result against `ca` is reported, never enforced).

import type { X509Certificate } from 'node:crypto';
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

export interface PeerCertificate {
  cert: X509Certificate;
  protocol: string | null;
  /** OpenSSL's chain verification against `ca` (or Node's default CAs). */
  authorized: boolean;
  authorizationError: string | null;
}

export type PostgresHandshake = ({ tls: true } & PeerCertificate) | { tls: false; reason: string };

export interface HandshakeOptions {
  ca?: string | Buffer;
  timeoutMs?: number;
}

// Int32 length 8, Int32 80877103: the SSLRequest code of the PostgreSQL protocol.
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
const DEFAULT_TIMEOUT_MS = 10_000;

export async function postgresHandshake(
  host: string,
  port: number,
  o: HandshakeOptions = {},
): Promise<PostgresHandshake> {
  if (host.startsWith('/'))
    return { tls: false, reason: `${host} is a Unix socket directory: PostgreSQL speaks no TLS over Unix sockets` };
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const answer = await sslRequest(host, port, timeoutMs);
  if ('refused' in answer) return { tls: false, reason: answer.refused };
  return {
    tls: true,
    ...(await overTls({ socket: answer.socket, ...target(host, o.ca) }, `${host}:${port}`, timeoutMs)),
  };
}

export async function plainHandshake(host: string, port: number, o: HandshakeOptions = {}): Promise<PeerCertificate> {
  return overTls({ host, port, ...target(host, o.ca) }, `${host}:${port}`, o.timeoutMs ?? DEFAULT_TIMEOUT_MS);
}

function target(host: string, ca: string | Buffer | undefined): ConnectionOptions {
  // SNI only carries names, never addresses.
  return { servername: isIP(host) ? undefined : host, ca };
}

function sslRequest(host: string, port: number, timeoutMs: number): Promise<{ socket: Socket } | { refused: string }> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host, port });
    const fail = (err: Error) =>
      reject(new Error(`cannot reach PostgreSQL at ${host}:${port}: ${err.message}`, { cause: err }));
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    socket.once('error', fail);
    socket.once('connect', () => socket.write(SSL_REQUEST));
    socket.once('close', () => fail(new Error('connection closed before the SSLRequest was answered')));
    socket.once('data', (bytes: Buffer) => {
      socket.removeAllListeners('error').removeAllListeners('close').setTimeout(0);
      const first = bytes[0];
      if (first === 0x53 /* S */) return resolve({ socket });
      socket.destroy();
      if (first === 0x4e /* N */)
        return resolve({
          refused: `PostgreSQL at ${host}:${port} does not offer TLS (it answered N to SSLRequest: ssl = off)`,
        });
      resolve({
        refused: `${host}:${port} is not a PostgreSQL server (it answered 0x${(first ?? 0).toString(16)} to SSLRequest)`,
      });
    });
  });
}

function overTls(options: ConnectionOptions, where: string, timeoutMs: number): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    // Host checks are the caller's (coversHost), so they can name the host and the certificate's names.
    const socket = tlsConnect({ ...options, rejectUnauthorized: false, checkServerIdentity: () => undefined });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`TLS handshake with ${where} took longer than ${timeoutMs} ms`)),
    );
    socket.once('error', (err) =>
      reject(new Error(`TLS handshake with ${where} failed: ${err.message}`, { cause: err })),
    );
    socket.once('secureConnect', () => {
      const cert = socket.getPeerX509Certificate();
      const result = {
        protocol: socket.getProtocol(),
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
      };
      socket.destroy();
      if (!cert) return reject(new Error(`${where} completed the TLS handshake without a certificate`));
      resolve({ cert, ...result });
    });
  });
}
