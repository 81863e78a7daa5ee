// Throw-away X.509 material for TLS tests, made with the openssl CLI (no shell): a CA, a server
// certificate for 127.0.0.1/localhost and a client certificate signed by it, and an unrelated "wrong" CA.
// Not for anything but tests: short-lived P-256 keys without passphrases.

import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const OPENSSL = '/usr/bin/openssl';

export interface Certificates {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  /** A second, unrelated CA: a client trusting only this one must refuse the server. */
  otherCaCert: string;
  clientCert: string;
  clientKey: string;
}

// Extensions by section name; -subj supplies the subject, so [dn] is only a placeholder.
const CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
`;

/** Without `dir`, the files go to a temp directory that is removed when the process exits. `days`: validity of every certificate (2). */
export async function makeCertificates(dir?: string, opts: { days?: number } = {}): Promise<Certificates> {
  const out = dir ?? (await temporaryDir());
  const p = (name: string) => join(out, name);
  const config = p('openssl.cnf');
  const days = String(opts.days ?? 2);
  await writeFile(config, CONFIG);
  await selfSigned(config, p('ca.key'), p('ca.crt'), '/CN=uns-meta test CA', days);
  await selfSigned(config, p('other-ca.key'), p('other-ca.crt'), '/CN=uns-meta wrong CA', days);
  await signed(config, 'server', p('server'), '/CN=localhost', p('ca.crt'), p('ca.key'), days);
  await signed(config, 'client', p('client'), '/CN=uns-meta test client', p('ca.crt'), p('ca.key'), days);
  for (const key of ['ca.key', 'other-ca.key', 'server.key', 'client.key']) await chmod(p(key), 0o600);
  return {
    dir: out,
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    otherCaCert: p('other-ca.crt'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
  };
}

const made: string[] = [];

async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'uns-meta-tls-'));
  if (made.length === 0) process.once('exit', () => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  made.push(dir);
  return dir;
}

const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function selfSigned(config: string, key: string, cert: string, subject: string, days: string): Promise<void> {
  await openssl([
    'req',
    '-x509',
    '-config',
    config,
    '-extensions',
    'ca',
    ...NEW_KEY,
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    days,
    '-subj',
    subject,
  ]);
}

export interface IssueOptions {
  /** File base name in the certificates' directory: `<name>.crt` and `<name>.key` (mode 600). */
  name: string;
  days: number;
  cn: string;
  /** subjectAltName value, e.g. `DNS:localhost,IP:127.0.0.1`; none when omitted. */
  sans?: string;
  usage: 'serverAuth' | 'clientAuth';
}

/** One more leaf certificate signed by the test CA of `certs`, with its own validity and names. */
export async function issueCertificate(certs: Certificates, o: IssueOptions): Promise<{ cert: string; key: string }> {
  const base = join(certs.dir, o.name);
  const ext = `${base}.ext`;
  const lines = [
    '[leaf]',
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage = ${o.usage}`,
    'authorityKeyIdentifier = keyid',
  ];
  if (o.sans) lines.push(`subjectAltName = ${o.sans}`);
  await writeFile(ext, `${lines.join('\n')}\n`);
  await signed(
    join(certs.dir, 'openssl.cnf'),
    'leaf',
    base,
    `/CN=${o.cn}`,
    certs.caCert,
    certs.caKey,
    String(o.days),
    ext,
  );
  await chmod(`${base}.key`, 0o600);
  return { cert: `${base}.crt`, key: `${base}.key` };
}

/** `base`.key, `base`.csr and `base`.crt, the certificate carrying the extensions of `section` (of `extfile`, default the config). */
async function signed(
  config: string,
  section: string,
  base: string,
  subject: string,
  caCert: string,
  caKey: string,
  days: string,
  extfile = config,
): Promise<void> {
  await openssl([
    'req',
    '-new',
    '-config',
    config,
    ...NEW_KEY,
    '-keyout',
    `${base}.key`,
    '-out',
    `${base}.csr`,
    '-subj',
    subject,
  ]);
  const serial = `0x${Date.now().toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}`;
  await openssl([
    'x509',
    '-req',
    '-in',
    `${base}.csr`,
    '-CA',
    caCert,
    '-CAkey',
    caKey,
    '-set_serial',
    serial,
    '-days',
    days,
    '-extfile',
    extfile,
    '-extensions',
    section,
    '-out',
    `${base}.crt`,
  ]);
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run(OPENSSL, args);
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`openssl ${args[0]} failed: ${e.stderr?.trim() || e.message}`, { cause: err });
  }
}
