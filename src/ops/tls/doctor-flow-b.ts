// `ops doctor flow-b` (TLS handshake failures): connection, expiry, chain vs the CA bundle, host name,
// key/cert pair, file permissions and db_connection_errors_total, each a step with what was found, plus
// the playbook's remedies for what failed. Diagnoses only; rotation is the operator's.

import { readFileSync, statSync } from 'node:fs';
import { statusBelow, type Status } from '../check.js';
import type { OpsContext } from '../context.js';
import type { DoctorReport, DoctorStep } from '../doctor-report.js';
import { dbConnectionErrorsTotal } from '../../metrics.js';
import { chainCheck, coversHost, facts, keyMatches, namesOf, parsePem } from './certificate.js';
import { dbTlsSettings } from './connection-settings.js';
import { certificateInventory } from './inventory.js';
import { explainTlsError } from './tls-errors.js';

const EXPIRY = { warn: 30, crit: 14 };

export async function flowB(ctx: OpsContext): Promise<DoctorReport> {
  const steps: DoctorStep[] = [];
  const remedies = new Set<string>();
  const step = (name: string, status: Status, detail: string, evidence?: unknown, remedy?: string) => {
    steps.push({ step: name, status, detail, evidence });
    if (remedy && status !== 'OK' && status !== 'SKIP') remedies.add(remedy);
  };
  const rotate =
    'Rotate: follow the TLS Key Rotation Procedure; check the new files with `uns-meta ops tls verify --cert new.crt --key new.key --ca root.pem` before the switch';

  const tls = ctx.settings.tls;
  const caFile = tls.caFile ?? tls.database.sslrootcert ?? null;
  let ca: Buffer | undefined;
  let caProblem: string | null = null;
  const bundleFile = caFile ?? dbTlsSettings(ctx.db, tls.database).sslrootcert;
  try {
    ca = bundleFile ? readFileSync(bundleFile) : undefined;
  } catch (err) {
    caProblem = `CA bundle ${bundleFile}: ${(err as Error).message}`;
  }
  const inv = await certificateInventory(ctx, { ca });
  const s = inv.settings;
  // The pool verifies the server with its own sslrootcert, not with OPS_TLS_CA_FILE.
  const where = {
    host: s.host,
    port: s.port,
    caFile: s.sslrootcert ?? "Node's default CA store (no sslrootcert)",
    certFile: s.sslcert ?? undefined,
  };

  try {
    const r = await ctx.db.query<{ current_user: string }>('SELECT current_user');
    step('connection', 'OK', `connected to ${s.host}:${s.port} as ${r.rows[0]?.current_user}`);
  } catch (err) {
    step('connection', 'CRIT', explainTlsError(err, where), { error: (err as Error).message }, rotate);
  }

  const now = ctx.now();
  const bundle = ca ? parsePem(ca) : [];
  const all = [...inv.certificates, ...bundle.map((c) => ({ source: `CA bundle ${bundleFile}`, ...facts(c, now) }))];
  if (all.length === 0)
    step('expiry', inv.errors.length ? 'UNKNOWN' : 'SKIP', inv.errors.concat(inv.skipped).join('; '), inv);
  else {
    const fewest = all.reduce((a, b) => (b.daysLeft < a.daysLeft ? b : a));
    const st =
      inv.errors.length && statusBelow(fewest.daysLeft, EXPIRY) === 'OK'
        ? 'UNKNOWN'
        : statusBelow(fewest.daysLeft, EXPIRY);
    step(
      'expiry',
      st,
      `fewest days left: ${fewest.daysLeft} (${fewest.source}, not after ${fewest.notAfter})${inv.errors.length ? `; unreadable: ${inv.errors.join('; ')}` : ''}`,
      all,
      rotate,
    );
  }

  const chainRemedy =
    'Verify the CA bundle (OPS_TLS_CA_FILE / PGSSLROOTCERT) holds the issuing CA and the server presents its full chain (ssl_cert_file with intermediates)';
  if (!bundleFile || caProblem)
    step(
      'chain vs CA bundle',
      'UNKNOWN',
      caProblem ?? 'no CA bundle configured: set OPS_TLS_CA_FILE or PGSSLROOTCERT (or sslrootcert in DATABASE_URL)',
      undefined,
      chainRemedy,
    );
  else {
    const problems: string[] = [];
    if (inv.server && !inv.server.authorized)
      problems.push(`server certificate chain not trusted by ${bundleFile} (${inv.server.authorizationError})`);
    const client = s.sslcert ? readCerts(s.sslcert) : null;
    if (client?.[0]) {
      const v = chainCheck(client[0], client.slice(1), bundle, now);
      if (!v.ok) problems.push(`client certificate chain not trusted by ${bundleFile}: ${v.reason}`);
    }
    if (!inv.server && !client?.[0]) step('chain vs CA bundle', 'SKIP', 'no server or client certificate to check');
    else
      step(
        'chain vs CA bundle',
        problems.length ? 'CRIT' : 'OK',
        problems.join('; ') || `trusted by ${bundleFile}`,
        undefined,
        chainRemedy,
      );
  }

  if (!inv.server) step('host name', 'SKIP', inv.skipped[0] ?? inv.errors[0] ?? 'no server certificate seen');
  else if (coversHost(inv.server.cert, s.host))
    step('host name', 'OK', `server certificate covers ${s.host} (${namesOf(inv.server.cert)})`);
  else
    step(
      'host name',
      'CRIT',
      `server certificate does not cover host ${s.host}: its names are ${namesOf(inv.server.cert)}`,
      undefined,
      `Connect with a host name the certificate lists, or reissue the server certificate with ${s.host} in its SANs`,
    );

  const pairRemedy =
    'Fetch certificate and key together from the secrets manager entry postgres/uns_metadata/<env>/client and deploy both';
  if (!s.sslcert) step('key/cert pair', 'SKIP', 'no client certificate configured (sslcert / PGSSLCERT)');
  else if (!s.sslkey)
    step(
      'key/cert pair',
      'CRIT',
      `client certificate ${s.sslcert} is configured without a key (sslkey / PGSSLKEY)`,
      undefined,
      pairRemedy,
    );
  else {
    const cert = readCerts(s.sslcert)?.[0];
    const key = readOrNull(s.sslkey);
    const v = !cert
      ? { ok: false as const, reason: `${s.sslcert} holds no readable certificate` }
      : !key
        ? { ok: false as const, reason: `${s.sslkey} cannot be read` }
        : keyMatches(cert, key);
    step(
      'key/cert pair',
      v.ok ? 'OK' : 'CRIT',
      v.ok ? `${s.sslkey} belongs to ${s.sslcert}` : `${s.sslkey} / ${s.sslcert}: ${v.reason}`,
      undefined,
      pairRemedy,
    );
  }

  const modes = [s.sslkey, s.sslcert, bundleFile]
    .filter((f): f is string => !!f)
    .map((f) => ({ file: f, mode: modeOf(f) }));
  const keyMode = s.sslkey ? modeOf(s.sslkey) : null;
  if (!s.sslkey) step('file permissions', 'SKIP', 'no client key configured', modes);
  else if (keyMode === null)
    step(
      'file permissions',
      'CRIT',
      `${s.sslkey} cannot be read`,
      modes,
      `Make ${s.sslkey} readable by the service user, mode 600`,
    );
  else if (parseInt(keyMode, 8) & 0o077)
    step(
      'file permissions',
      'CRIT',
      `${s.sslkey} has mode ${keyMode}; it must be 600 (libpq refuses keys readable by group or others)`,
      modes,
      `chmod 600 ${s.sslkey}`,
    );
  else step('file permissions', 'OK', `${s.sslkey} has mode ${keyMode}`, modes);

  const errors = (await dbConnectionErrorsTotal.get()).values[0]?.value ?? 0;
  step(
    'db_connection_errors_total',
    errors > 0 ? 'WARN' : 'OK',
    `${errors} in this process; the service's running trend is uns_metadata_sync_db_connection_errors_total on /metrics and the dashboard`,
    { value: errors },
    'Post-rotation: if db_connection_errors_total keeps growing, verify the CA bundle and the server certificate chain',
  );

  return { flow: 'flow-b', title: 'TLS handshake failures', steps, remedies: [...remedies] };
}

function readOrNull(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

function readCerts(file: string) {
  const pem = readOrNull(file);
  return pem ? parsePem(pem) : null;
}

function modeOf(file: string): string | null {
  try {
    return (statSync(file).mode & 0o777).toString(8);
  } catch {
    return null;
  }
}
