// tls.expiry and tls.rotation (days left on the certificates in use, see src/ops/tls/inventory.ts) and
// tls.session (this connection's pg_stat_ssl and the configured sslmode). Read-only: nothing is rotated.

import { statusBelow, worst, type Measurement, type Status, type Thresholds } from '../check.js';
import type { OpsContext } from '../context.js';
import type { OpsCheck } from '../runner.js';
import { opsSql } from '../sql-files.js';
import { dbTlsSettings } from '../tls/connection-settings.js';
import { certificateInventory } from '../tls/inventory.js';

const ROTATION =
  'TLS Key Rotation Procedure: request new certificates, check them with `uns-meta ops tls verify --cert new.crt --key new.key --ca root.pem`, deploy, restart outside ingest windows; Flow B if connections already fail';

export const tlsChecks: OpsCheck[] = [
  {
    id: 'tls.expiry',
    title: 'Days left on the TLS certificates in use (server, client, endpoints)',
    cadence: 'daily',
    unit: 'days',
    thresholds: { warn: 30, crit: 14 },
    remedy: ROTATION,
    run: daysLeft,
  },
  {
    id: 'tls.session',
    title: 'TLS of this connection: TLS 1.3 and sslmode verify-full',
    cadence: 'daily',
    unit: '',
    thresholds: { warn: null, crit: null },
    remedy:
      'Playbook Cluster Overview (TLS): connect with sslmode=verify-full and sslrootcert; set ssl_min_protocol_version = TLSv1.3 on the server',
    run: session,
  },
  {
    id: 'tls.rotation',
    title: 'Certificates due for rotation (within 30 days of expiry)',
    cadence: 'monthly',
    unit: 'days',
    thresholds: { warn: 30, crit: null },
    remedy: ROTATION,
    run: daysLeft,
  },
];

async function daysLeft(ctx: OpsContext, t: Thresholds): Promise<Measurement> {
  const inv = await certificateInventory(ctx);
  const evidence = { certificates: inv.certificates, skipped: inv.skipped, errors: inv.errors };
  if (inv.certificates.length === 0 && inv.errors.length === 0) {
    return { status: 'SKIP', evidence: { ...evidence, reason: `nothing to check: ${inv.skipped.join('; ')}` } };
  }
  const statuses: Status[] = inv.errors.length ? ['UNKNOWN'] : [];
  const fewest = inv.certificates.length ? Math.min(...inv.certificates.map((c) => c.daysLeft)) : null;
  if (fewest !== null) statuses.push(statusBelow(fewest, t));
  const status = worst(statuses);
  // An unreadable source must not hide behind the other certificates' OK.
  const remedy =
    status === 'UNKNOWN'
      ? `could not read every certificate: ${inv.errors.join('; ')}; make them reachable/readable, then rerun`
      : undefined;
  return { status, value: fewest, evidence, remedy };
}

interface SslRow {
  ssl: boolean;
  version: string | null;
  cipher: string | null;
  bits: number | null;
  client_dn: string | null;
  issuer_dn: string | null;
}

async function session(ctx: OpsContext): Promise<Measurement> {
  const row = (await ctx.db.query<SslRow>(opsSql('tls-session.sql'))).rows[0];
  const { sslmode } = dbTlsSettings(ctx.db, ctx.settings.tls.database);
  const problems: string[] = [];
  if (!row?.ssl) problems.push('the connection is not encrypted (pg_stat_ssl.ssl = false)');
  else if (row.version !== 'TLSv1.3') problems.push(`TLS version is ${row.version}, not TLSv1.3`);
  if (sslmode !== 'verify-full')
    problems.push(
      `sslmode is ${sslmode ?? 'not set'}, not verify-full (the server's certificate and host name are not both verified)`,
    );
  return {
    status: problems.length ? 'WARN' : 'OK',
    evidence: {
      ssl: row?.ssl ?? false,
      version: row?.version ?? null,
      cipher: row?.cipher ?? null,
      bits: row?.bits ?? null,
      clientDn: row?.client_dn ?? null,
      sslmode,
      problems,
    },
  };
}
