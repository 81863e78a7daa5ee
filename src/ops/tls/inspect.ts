// `ops tls inspect`: one certificate, from a PEM file or from a live endpoint (PostgreSQL via SSLRequest,
// else plain TLS), with its names, issuer and days left; optionally whether a key file belongs to it and
// whether it chains to a CA file. Reports; never changes a file.

import { existsSync, readFileSync } from 'node:fs';
import type { X509Certificate } from 'node:crypto';
import { AppError } from '../../errors.js';
import { chainCheck, facts, keyMatches, parsePem, type CertificateFacts } from './certificate.js';
import { parseEndpoints } from './connection-settings.js';
import { plainHandshake, postgresHandshake, type PeerCertificate } from './handshake.js';

export interface InspectReport extends CertificateFacts {
  target: string;
  /** file, postgres (SSLRequest) or tls (plain). */
  kind: 'file' | 'postgres' | 'tls';
  protocol: string | null;
  key: { file: string; ok: boolean; detail: string } | null;
  chain: { ca: string; ok: boolean; detail: string } | null;
}

export async function inspectTarget(
  target: string,
  o: { key?: string; ca?: string; now?: Date } = {},
): Promise<InspectReport> {
  const now = o.now ?? new Date();
  const ca = o.ca ? readFileSync(o.ca) : undefined;
  let leaf: X509Certificate;
  let rest: X509Certificate[] = [];
  let kind: InspectReport['kind'] = 'file';
  let peer: PeerCertificate | null = null;
  if (existsSync(target)) {
    const certs = parsePem(readFileSync(target));
    if (!certs[0]) throw new AppError('usage', `${target} holds no PEM certificate`);
    [leaf, rest] = [certs[0], certs.slice(1)];
  } else {
    const parsed = parseEndpoints(target);
    const endpoint = parsed.ok ? parsed.endpoints[0] : undefined;
    if (!endpoint) throw new AppError('usage', `${target} is neither a readable file nor host:port`);
    ({ kind, peer } = await handshake(endpoint.host, endpoint.port, ca));
    leaf = peer.cert;
  }
  let key: InspectReport['key'] = null;
  if (o.key) {
    const v = keyMatches(leaf, readFileSync(o.key));
    key = { file: o.key, ok: v.ok, detail: v.ok ? v.detail : v.reason };
  }
  let chain: InspectReport['chain'] = null;
  if (o.ca && ca) {
    // A live peer is judged by OpenSSL in the handshake itself; a file by walking its chain.
    const v = peer
      ? peer.authorized
        ? { ok: true as const, detail: 'verified in the TLS handshake' }
        : { ok: false as const, reason: peer.authorizationError ?? 'not authorized' }
      : chainCheck(leaf, rest, parsePem(ca), now);
    chain = {
      ca: o.ca,
      ok: v.ok,
      detail: v.ok ? `trusted by ${o.ca}: ${v.detail}` : `certificate chain not trusted by ${o.ca}: ${v.reason}`,
    };
  }
  return { target, kind, protocol: peer?.protocol ?? null, ...facts(leaf, now), key, chain };
}

async function handshake(
  host: string,
  port: number,
  ca: Buffer | undefined,
): Promise<{ kind: 'postgres' | 'tls'; peer: PeerCertificate }> {
  let pgFailure: string;
  try {
    const hs = await postgresHandshake(host, port, { ca });
    if (hs.tls) return { kind: 'postgres', peer: hs };
    // PostgreSQL without TLS is an answer, not a reason to try plain TLS.
    if (/does not offer TLS/.test(hs.reason)) throw new AppError('tls_not_offered', hs.reason);
    pgFailure = hs.reason;
  } catch (err) {
    if (err instanceof AppError) throw err;
    pgFailure = (err as Error).message;
  }
  try {
    return { kind: 'tls', peer: await plainHandshake(host, port, { ca }) };
  } catch (err) {
    throw new AppError(
      'not_found',
      `no TLS certificate at ${host}:${port}: as PostgreSQL: ${pgFailure}; as plain TLS: ${(err as Error).message}`,
    );
  }
}
