// Every certificate the TLS checks look at: the PostgreSQL server's (seen in a real handshake), the
// client certificate file in use, and the OPS_TLS_ENDPOINTS (plain TLS). Failures are collected as data
// (an unreachable endpoint is not a crash); statuses are decided by the checks and the doctor.

import { readFile } from 'node:fs/promises';
import type { OpsContext } from '../context.js';
import { facts, parsePem, type CertificateFacts } from './certificate.js';
import { dbTlsSettings, parseEndpoints, type DbTlsSettings } from './connection-settings.js';
import { plainHandshake, postgresHandshake, type PeerCertificate } from './handshake.js';

export interface SeenCertificate extends CertificateFacts {
  /** `postgres server host:port`, `client certificate <file>` or `endpoint host:port`. */
  source: string;
}

export interface Inventory {
  settings: DbTlsSettings;
  certificates: SeenCertificate[];
  /** The PostgreSQL server's handshake, when it offers TLS (chain verdict against `ca`). */
  server: PeerCertificate | null;
  /** Why a source had nothing to check (server without TLS, no client certificate). */
  skipped: string[];
  /** Sources that should have a certificate but could not be read. */
  errors: string[];
}

export async function certificateInventory(ctx: OpsContext, o: { ca?: Buffer } = {}): Promise<Inventory> {
  const settings = dbTlsSettings(ctx.db, ctx.settings.tls.database);
  const now = ctx.now();
  const inv: Inventory = { settings, certificates: [], server: null, skipped: [], errors: [] };
  const where = `${settings.host}:${settings.port}`;
  try {
    const hs = await postgresHandshake(settings.host, settings.port, { ca: o.ca });
    if (hs.tls) {
      inv.server = hs;
      inv.certificates.push({ source: `postgres server ${where}`, ...facts(hs.cert, now) });
    } else inv.skipped.push(hs.reason);
  } catch (err) {
    inv.errors.push((err as Error).message);
  }
  if (settings.sslcert) {
    try {
      const [leaf] = parsePem(await readFile(settings.sslcert));
      if (leaf) inv.certificates.push({ source: `client certificate ${settings.sslcert}`, ...facts(leaf, now) });
      else inv.errors.push(`client certificate ${settings.sslcert} holds no PEM certificate`);
    } catch (err) {
      inv.errors.push(`client certificate ${settings.sslcert}: ${(err as Error).message}`);
    }
  } else inv.skipped.push('no client certificate configured (sslcert in DATABASE_URL or PGSSLCERT)');
  const parsed = parseEndpoints(ctx.settings.tls.endpoints);
  if (!parsed.ok) inv.errors.push(parsed.reason);
  for (const e of parsed.ok ? parsed.endpoints : []) {
    try {
      const hs = await plainHandshake(e.host, e.port);
      inv.certificates.push({ source: `endpoint ${e.host}:${e.port}`, ...facts(hs.cert, now) });
    } catch (err) {
      inv.errors.push(`endpoint ${e.host}:${e.port}: ${(err as Error).message}`);
    }
  }
  return inv;
}
