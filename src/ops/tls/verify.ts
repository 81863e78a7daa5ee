// The rotation procedure's validation step, before the switch: with the NEW certificate and key, check
// the key file mode, that key and certificate belong together, that the certificate's names cover the
// host, then connect with verify-full and run SELECT current_user. Every failure says why; nothing is
// deployed or changed.

import { readFileSync, statSync } from 'node:fs';
import pg from 'pg';
import { coversHost, facts, keyMatches, namesOf, parsePem } from './certificate.js';
import { explainTlsError } from './tls-errors.js';

export interface VerifyOptions {
  cert: string;
  key: string;
  ca: string;
  /** The connection to test (user, database, host, port); its own ssl parameters are ignored. */
  url: string;
  /** The host name to connect to and that the certificates must cover (default: the URL's host). */
  host?: string;
  now?: Date;
}

export interface VerifyStep {
  step: string;
  ok: boolean;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  host: string;
  port: number;
  steps: VerifyStep[];
}

export async function verifyNewCertificates(o: VerifyOptions): Promise<VerifyReport> {
  const u = new URL(o.url);
  const host = o.host ?? (u.hostname.replace(/^\[|\]$/g, '') || 'localhost');
  const port = Number(u.port) || 5432;
  const steps: VerifyStep[] = [];
  const report = (): VerifyReport => ({ ok: steps.every((s) => s.ok), host, port, steps });
  const add = (step: string, ok: boolean, detail: string) => void steps.push({ step, ok, detail });

  let certPem: Buffer, keyPem: Buffer, caPem: Buffer;
  try {
    [certPem, keyPem, caPem] = [readFileSync(o.cert), readFileSync(o.key), readFileSync(o.ca)];
  } catch (err) {
    add('read files', false, (err as Error).message);
    return report();
  }
  const [leaf] = parsePem(certPem);
  if (!leaf) {
    add('read files', false, `${o.cert} holds no PEM certificate`);
    return report();
  }
  const mode = statSync(o.key).mode & 0o777;
  // libpq refuses a key that group or others can read; 600 is what the playbook asks for.
  add(
    'key file mode',
    (mode & 0o077) === 0,
    (mode & 0o077) === 0
      ? `${o.key} has mode ${mode.toString(8)}`
      : `${o.key} has mode ${mode.toString(8)}: group/others can read it; chmod 600 ${o.key} (libpq refuses such keys)`,
  );
  const pair = keyMatches(leaf, keyPem);
  add(
    'key matches certificate',
    pair.ok,
    pair.ok ? `${o.key} belongs to ${o.cert}` : `${o.key} does not match ${o.cert}: ${pair.reason}`,
  );
  const f = facts(leaf, o.now ?? new Date());
  add(
    'certificate valid',
    f.daysLeft >= 0,
    f.daysLeft >= 0
      ? `${o.cert} valid until ${f.notAfter} (${f.daysLeft} days left)`
      : `${o.cert} expired on ${f.notAfter}`,
  );
  const covered = coversHost(leaf, host);
  add(
    'certificate covers host',
    covered,
    covered
      ? `${o.cert} covers ${host} (${namesOf(leaf)})`
      : `${o.cert} does not cover host ${host}: its names are ${namesOf(leaf)}`,
  );
  // A mismatched pair makes the TLS library fail with an unrelated message; the step above already says why.
  if (!pair.ok) return report();

  const client = new pg.Client({
    host,
    port,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || undefined,
    ssl: { ca: caPem, cert: certPem, key: keyPem, rejectUnauthorized: true },
    connectionTimeoutMillis: 15_000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const r = await client.query<{ current_user: string; version: string | null }>(
      'SELECT current_user, (SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS version',
    );
    const row = r.rows[0];
    add(
      'connect with sslmode=verify-full',
      true,
      `SELECT current_user → ${row?.current_user} over ${row?.version ?? 'TLS'} at ${host}:${port}, chain trusted by ${o.ca}`,
    );
  } catch (err) {
    add(
      'connect with sslmode=verify-full',
      false,
      explainTlsError(err, { host, port, caFile: o.ca, certFile: o.cert }),
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  return report();
}
