// `uns-meta ops tls inspect|verify` (the built CLI) against openssl-made files and a real TLS-serving
// PostgreSQL 16: inspect shows names, days left, key match and chain verdicts; verify succeeds with the
// right files and fails with a specific reason for a wrong CA, a wrong host, and a key at mode 644.

import { chmodSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { issueCertificate, makeCertificates, type Certificates } from '../support/tls.js';
import { startTlsPostgres, type TlsPostgres } from '../support/tls-postgres.js';

type Pair = { cert: string; key: string };
let certs: Certificates;
let pg: TlsPostgres;
let server: Pair;
let client: Pair;
const LOCAL = 'DNS:localhost,IP:127.0.0.1';

beforeAll(async () => {
  certs = await makeCertificates(undefined, { days: 3650 });
  server = await issueCertificate(certs, {
    name: 'server-20',
    days: 20,
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
  pg = await startTlsPostgres({ ...server, ca: certs.caCert });
});

afterAll(async () => {
  await pg?.stop();
});

const url = () => `postgres://postgres@127.0.0.1:${pg.port}/postgres`;
const verify = (files: { cert?: string; key?: string; ca?: string }, extra: string[] = []) =>
  runCli([
    'ops',
    'tls',
    'verify',
    '--cert',
    files.cert ?? client.cert,
    '--key',
    files.key ?? client.key,
    '--ca',
    files.ca ?? certs.caCert,
    '--url',
    url(),
    ...extra,
  ]);

describe('uns-meta ops tls inspect', () => {
  it('a file: CN, SANs, issuer, days left, key match and chain; a foreign key or CA fails with exit 1', async () => {
    const ok = await runCli(['ops', 'tls', 'inspect', server.cert, '--key', server.key, '--ca', certs.caCert]);
    expect(ok.stdout).toMatch(/^CN {10}localhost$/m);
    expect(ok.stdout).toMatch(/^SANs {8}DNS:localhost, IP Address:127\.0\.0\.1$/m);
    expect(ok.stdout).toMatch(/^issuer {6}CN=uns-meta test CA$/m);
    expect(ok.stdout).toMatch(/^not after {3}\d{4}-\d\d-\d\dT.* \(19 days left\)$/m);
    expect(ok.stdout).toContain(`key         matches ${server.key}`);
    expect(ok.stdout).toContain(`chain       trusted by ${certs.caCert}: localhost → uns-meta test CA`);
    expect(ok.code).toBe(0);
    const bad = await runCli(['ops', 'tls', 'inspect', server.cert, '--key', client.key, '--ca', certs.otherCaCert]);
    expect(bad.stdout).toContain(
      `key         does NOT match ${client.key}: the private key does not belong to the certificate`,
    );
    expect(bad.stdout).toContain(
      `chain       certificate chain not trusted by ${certs.otherCaCert}: no certificate of the CA bundle issued localhost (its issuer is CN=uns-meta test CA)`,
    );
    expect(bad.code).toBe(1);
  });

  it('a live PostgreSQL host:port (SSLRequest, then TLS), as JSON', async () => {
    const r = await runCli(['ops', 'tls', 'inspect', `127.0.0.1:${pg.port}`, '--ca', certs.otherCaCert, '--json']);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      kind: 'postgres',
      protocol: 'TLSv1.3',
      cn: 'localhost',
      daysLeft: 19,
      chain: { ok: false },
    });
    expect(report.chain).toMatchObject({
      detail: expect.stringContaining(`certificate chain not trusted by ${certs.otherCaCert}`),
    });
    expect(r.code).toBe(1);
  });
});

describe('uns-meta ops tls verify', () => {
  it('succeeds with the right files: SELECT current_user over TLS 1.3 with verify-full', async () => {
    const r = await verify({});
    expect(r.stdout).toContain(
      `ok    connect with sslmode=verify-full: SELECT current_user → postgres over TLSv1.3 at 127.0.0.1:${pg.port}, chain trusted by ${certs.caCert}`,
    );
    expect(r.stdout).toMatch(/verified: the new files work against 127\.0\.0\.1:\d+$/m);
    expect(r.code).toBe(0);
  });

  it('a wrong CA: "certificate chain not trusted by" that file', async () => {
    const r = await verify({ ca: certs.otherCaCert });
    expect(r.stdout).toContain(
      `FAIL  connect with sslmode=verify-full: server certificate chain not trusted by ${certs.otherCaCert}`,
    );
    expect(r.code).toBe(1);
  });

  it('a wrong host: names the host and the certificate names (new certificate and server certificate)', async () => {
    const foreign = await issueCertificate(certs, {
      name: 'client-elsewhere',
      days: 400,
      cn: 'db.example.internal',
      sans: 'DNS:db.example.internal',
      usage: 'clientAuth',
    });
    const r = await verify(foreign);
    expect(r.stdout).toContain(
      `FAIL  certificate covers host: ${foreign.cert} does not cover host 127.0.0.1: its names are CN db.example.internal, SANs DNS:db.example.internal`,
    );
    expect(r.code).toBe(1);
    const elsewhere = await issueCertificate(certs, {
      name: 'server-elsewhere',
      days: 400,
      cn: 'db.example.internal',
      sans: 'DNS:db.example.internal',
      usage: 'serverAuth',
    });
    await pg.serve(elsewhere.cert, elsewhere.key);
    try {
      const s = await verify({});
      expect(s.stdout).toContain(
        'FAIL  connect with sslmode=verify-full: server certificate does not cover host 127.0.0.1: its names are CN db.example.internal, SANs DNS:db.example.internal',
      );
      expect(s.code).toBe(1);
    } finally {
      await pg.serve(server.cert, server.key);
    }
  });

  it('a key readable by others: FAIL with the chmod to run', async () => {
    const loose = join(certs.dir, 'loose-client.key');
    copyFileSync(client.key, loose);
    chmodSync(loose, 0o644);
    const r = await verify({ key: loose });
    expect(r.stdout).toContain(
      `FAIL  key file mode: ${loose} has mode 644: group/others can read it; chmod 600 ${loose}`,
    );
    expect(r.code).toBe(1);
  });
});
