// Flow B (TLS handshake failures) on a real TLS-serving PostgreSQL 16: with the right files every step is
// OK; a wrong CA bundle, a key of another certificate at mode 644 and a server certificate for another
// host each make their step CRIT with the reason and the playbook remedy.

import { chmodSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPool } from '../../src/db.js';
import type { DoctorReport } from '../../src/ops/doctor-report.js';
import { opsContext } from '../../src/ops/context.js';
import { flowB } from '../../src/ops/tls/doctor-flow-b.js';
import { issueCertificate, makeCertificates, type Certificates } from '../support/tls.js';
import { startTlsPostgres, type TlsPostgres } from '../support/tls-postgres.js';
import { opsSettings } from '../../src/cli/settings.js';

type Pair = { cert: string; key: string };
let certs: Certificates;
let pg: TlsPostgres;
let server: Pair;
let client: Pair;
let other: Pair;
const LOCAL = 'DNS:localhost,IP:127.0.0.1';

beforeAll(async () => {
  certs = await makeCertificates(undefined, { days: 3650 });
  server = await issueCertificate(certs, {
    name: 'server',
    days: 400,
    cn: 'localhost',
    sans: LOCAL,
    usage: 'serverAuth',
  });
  client = await issueCertificate(certs, {
    name: 'client',
    days: 400,
    cn: 'localhost',
    sans: LOCAL,
    usage: 'clientAuth',
  });
  other = await issueCertificate(certs, {
    name: 'other',
    days: 400,
    cn: 'localhost',
    sans: LOCAL,
    usage: 'clientAuth',
  });
  pg = await startTlsPostgres({ ...server, ca: certs.caCert });
});

afterAll(async () => {
  await pg?.stop();
});

async function doctor(
  files: { sslcert: string; sslkey: string },
  env: Record<string, string> = {},
): Promise<DoctorReport> {
  const u = new URL(`postgres://postgres@127.0.0.1:${pg.port}/postgres`);
  for (const [k, v] of Object.entries({ sslmode: 'verify-full', sslrootcert: certs.caCert, ...files }))
    u.searchParams.set(k, v);
  const pool = createPool(u.toString(), { max: 1 });
  try {
    return await flowB(
      opsContext(pool, opsSettings(loadConfig({ DATABASE_URL: u.toString(), ...env }, { envFile: '/nonexistent' }))),
    );
  } finally {
    await pool.end();
  }
}

const status = (r: DoctorReport) => Object.fromEntries(r.steps.map((s) => [s.step, s.status]));
const detail = (r: DoctorReport, step: string) => r.steps.find((s) => s.step === step)?.detail ?? '';

describe('ops doctor flow-b', () => {
  it('every step is OK with a valid, matching, private client certificate and the right CA bundle', async () => {
    const r = await doctor({ sslcert: client.cert, sslkey: client.key }, { OPS_TLS_CA_FILE: certs.caCert });
    expect(status(r)).toEqual({
      connection: 'OK',
      expiry: 'OK',
      'chain vs CA bundle': 'OK',
      'host name': 'OK',
      'key/cert pair': 'OK',
      'file permissions': 'OK',
      db_connection_errors_total: 'OK',
    });
    expect(detail(r, 'connection')).toBe(`connected to 127.0.0.1:${pg.port} as postgres`);
    expect(detail(r, 'expiry')).toMatch(/^fewest days left: 399 /);
    expect(r.remedies).toEqual([]);
  });

  it('wrong CA bundle, a key of another certificate at mode 644: each step says what is wrong', async () => {
    const looseKey = join(certs.dir, 'loose.key');
    copyFileSync(other.key, looseKey);
    chmodSync(looseKey, 0o644);
    const r = await doctor({ sslcert: client.cert, sslkey: looseKey }, { OPS_TLS_CA_FILE: certs.otherCaCert });
    expect(status(r)).toMatchObject({
      connection: 'CRIT',
      'chain vs CA bundle': 'CRIT',
      'host name': 'OK',
      'key/cert pair': 'CRIT',
      'file permissions': 'CRIT',
    });
    expect(detail(r, 'connection')).toMatch(/key does not belong to the certificate/);
    expect(detail(r, 'chain vs CA bundle')).toContain(`server certificate chain not trusted by ${certs.otherCaCert}`);
    expect(detail(r, 'chain vs CA bundle')).toContain(`client certificate chain not trusted by ${certs.otherCaCert}`);
    expect(detail(r, 'key/cert pair')).toMatch(/does not belong to the certificate/);
    expect(detail(r, 'file permissions')).toBe(
      `${looseKey} has mode 644; it must be 600 (libpq refuses keys readable by group or others)`,
    );
    expect(r.remedies).toEqual(
      expect.arrayContaining([
        `chmod 600 ${looseKey}`,
        expect.stringMatching(/^Rotate: follow the TLS Key Rotation Procedure/),
        expect.stringMatching(/^Verify the CA bundle/),
      ]),
    );
  });

  it('a server certificate that does not cover the host: host name CRIT naming the host and its names', async () => {
    const elsewhere = await issueCertificate(certs, {
      name: 'elsewhere',
      days: 400,
      cn: 'db.example.internal',
      sans: 'DNS:db.example.internal',
      usage: 'serverAuth',
    });
    await pg.serve(elsewhere.cert, elsewhere.key);
    try {
      const r = await doctor({ sslcert: client.cert, sslkey: client.key }, { OPS_TLS_CA_FILE: certs.caCert });
      expect(status(r)).toMatchObject({ connection: 'CRIT', 'host name': 'CRIT', 'chain vs CA bundle': 'OK' });
      expect(detail(r, 'host name')).toBe(
        'server certificate does not cover host 127.0.0.1: its names are CN db.example.internal, SANs DNS:db.example.internal',
      );
      expect(detail(r, 'connection')).toMatch(
        /^server certificate does not cover host 127\.0\.0\.1: its names are CN db\.example\.internal, SANs DNS:db\.example\.internal/,
      );
    } finally {
      await pg.serve(server.cert, server.key);
    }
  });
});
