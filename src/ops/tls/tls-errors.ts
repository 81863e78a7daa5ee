// Turns a failed TLS connection (node:tls / node-postgres error) into one sentence naming what is wrong
// and with which file or host: untrusted chain, host not covered, expiry, refused client certificate.
// Pure; unknown errors keep their own message.

import { SQLSTATE } from '../../errors.js';

export interface TlsAttempt {
  host: string;
  port: number;
  /** The CA file the server's chain was checked against. */
  caFile: string;
  certFile?: string;
}

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_CHAIN_TOO_LONG',
]);

interface NodeTlsError {
  code?: string;
  message?: string;
  host?: string;
  cert?: { subject?: { CN?: string }; subjectaltname?: string };
}

export function explainTlsError(err: unknown, a: TlsAttempt): string {
  const e = (err ?? {}) as NodeTlsError;
  const code = e.code ?? '';
  const msg = e.message ?? String(err);
  if (UNTRUSTED.has(code))
    return `server certificate chain not trusted by ${a.caFile} (${code}): the server's certificate was not issued by a CA in that file`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `server certificate does not cover host ${e.host ?? a.host}: its names are CN ${e.cert?.subject?.CN ?? '(none)'}, SANs ${e.cert?.subjectaltname ?? '(none)'}`;
  }
  if (code === 'CERT_HAS_EXPIRED') return `server certificate at ${a.host}:${a.port} has expired`;
  if (code === 'CERT_NOT_YET_VALID')
    return `server certificate at ${a.host}:${a.port} is not valid yet (check the clocks)`;
  if (/does not support SSL/i.test(msg)) return `PostgreSQL at ${a.host}:${a.port} does not offer TLS (ssl = off)`;
  // The server's alert when it rejects the client certificate we sent.
  if (/alert (unknown ca|bad certificate|certificate expired|certificate revoked|certificate unknown)/i.test(msg)) {
    return `server refused the client certificate ${a.certFile ?? ''}: ${msg} (is it issued by the CA in the server's ssl_ca_file?)`;
  }
  if (/key values mismatch/i.test(msg)) return `the key does not belong to the certificate ${a.certFile ?? ''}`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH')
    return `cannot reach ${a.host}:${a.port} (${code})`;
  if (code === SQLSTATE.invalid_authorization_specification || code === SQLSTATE.invalid_password)
    return `TLS worked but the server refused the login: ${msg}`;
  return msg;
}
