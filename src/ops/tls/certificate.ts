// What the TLS checks and commands say about X.509 certificates: names, issuer, days left, whether a key
// belongs to a certificate, whether it chains to a CA bundle, whether it covers a host. node:crypto only:
// no network, no files (callers read them).

import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

export interface CertificateFacts {
  subject: string;
  cn: string | null;
  sans: string[];
  issuer: string;
  notAfter: string;
  /** Whole days until notAfter, rounded down; negative once expired. */
  daysLeft: number;
}

export type Verdict = { ok: true; detail: string } | { ok: false; reason: string };

const DAY_MS = 86_400_000;

export function facts(cert: X509Certificate, now: Date): CertificateFacts {
  return {
    subject: oneLine(cert.subject),
    cn: commonName(cert),
    sans: cert.subjectAltName ? cert.subjectAltName.split(', ') : [],
    issuer: oneLine(cert.issuer),
    notAfter: notAfter(cert).toISOString(),
    daysLeft: Math.floor((notAfter(cert).getTime() - now.getTime()) / DAY_MS),
  };
}

/** Every certificate of a PEM text (a leaf followed by its chain, or a CA bundle), in file order. */
export function parsePem(text: string | Buffer): X509Certificate[] {
  const blocks = String(text).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

export function keyMatches(cert: X509Certificate, keyPem: string | Buffer): Verdict {
  let key;
  try {
    key = createPrivateKey(keyPem);
  } catch (err) {
    return { ok: false, reason: `not a readable private key (${(err as Error).message}); is it encrypted or not PEM?` };
  }
  return cert.checkPrivateKey(key)
    ? { ok: true, detail: 'the private key belongs to the certificate' }
    : { ok: false, reason: 'the private key does not belong to the certificate (public keys differ)' };
}

/** Walks leaf → intermediates → a root of `roots`, checking each signature and validity period. */
export function chainCheck(
  leaf: X509Certificate,
  intermediates: readonly X509Certificate[],
  roots: readonly X509Certificate[],
  now: Date,
): Verdict {
  let cert = leaf;
  const path = [label(leaf)];
  for (let depth = 0; depth < 10; depth++) {
    if (!validAt(cert, now))
      return { ok: false, reason: `${label(cert)} is not valid now (valid ${cert.validFrom} to ${cert.validTo})` };
    const root = roots.find((r) => issuedBy(cert, r));
    if (root) {
      if (!validAt(root, now))
        return { ok: false, reason: `the CA ${label(root)} is not valid now (valid to ${root.validTo})` };
      return { ok: true, detail: [...path, label(root)].join(' → ') };
    }
    const next = intermediates.find((c) => c !== cert && issuedBy(cert, c));
    if (!next)
      return {
        ok: false,
        reason: `no certificate of the CA bundle issued ${label(cert)} (its issuer is ${oneLine(cert.issuer)})`,
      };
    cert = next;
    path.push(label(next));
  }
  return { ok: false, reason: `chain longer than 10 certificates: ${path.join(' → ')}` };
}

/** Host name or IP address matching as TLS clients do it (SANs; CN only without DNS SANs). */
export function coversHost(cert: X509Certificate, host: string): boolean {
  return isIP(host) ? cert.checkIP(host) !== undefined : cert.checkHost(host) !== undefined;
}

/** "CN x, SANs a, b" — what an operator compares with the host name. */
export function namesOf(cert: X509Certificate): string {
  return `CN ${commonName(cert) ?? '(none)'}, SANs ${cert.subjectAltName ?? '(none)'}`;
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

function validAt(cert: X509Certificate, now: Date): boolean {
  return new Date(cert.validFrom).getTime() <= now.getTime() && now.getTime() <= notAfter(cert).getTime();
}

function notAfter(cert: X509Certificate): Date {
  return new Date(cert.validTo);
}

function commonName(cert: X509Certificate): string | null {
  return /^CN=(.*)$/m.exec(cert.subject)?.[1] ?? null;
}

function label(cert: X509Certificate): string {
  return commonName(cert) ?? oneLine(cert.subject);
}

function oneLine(dn: string): string {
  return dn.split('\n').join(', ');
}
