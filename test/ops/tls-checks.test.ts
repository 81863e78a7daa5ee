// tls.expiry / tls.rotation / tls.session on a real TLS-serving PostgreSQL 16 with openssl-made
// certificates: the served certificate's validity (10, 20, 400 days) drives CRIT/WARN/OK, the client
// certificate file and OPS_TLS_ENDPOINTS count, no TLS is SKIP, an unreachable endpoint is UNKNOWN;
// the session check follows sslmode and the negotiated TLS version.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPool } from '../../src/db.js';
import type { CheckResult } from '../../src/ops/check.js';
import { opsContext } from '../../src/ops/context.js';
import { selectChecks } from '../../src/ops/registry.js';
import { runChecks } from '../../src/ops/runner.js';
import { issueCertificate, makeCertificates, type Certificates } from '../support/tls.js';
import { startTlsPostgres, type TlsPostgres } from '../support/tls-postgres.js';
import { opsSettings } from '../../src/cli/settings.js';

type Pair = { cert: string; key: string };
let certs: Certificates;
let pg: TlsPostgres;
const server: Record<number, Pair> = {};
let client10: Pair;

const LOCAL = 'DNS:localhost,IP:127.0.0.1';

beforeAll(async () => {
  certs = await makeCertificates(undefined, { days: 3650 });
  for (const days of [10, 20, 400])
    server[days] = await issueCertificate(certs, {
      name: `server-${days}`,
      days,
      cn: 'localhost',
      sans: LOCAL,
      usage: 'serverAuth',
    });
  client10 = await issueCertificate(certs, {
    name: 'client-10',
    days: 10,
    cn: 'localhost',
    sans: LOCAL,
    usage: 'clientAuth',
  });
  pg = await startTlsPostgres({ ...(server[400] as Pair), ca: certs.caCert });
});

afterAll(async () => {
  await pg?.stop();
});

const tlsUrl = (params: Record<string, string> = {}) => {
  const u = new URL(`postgres://postgres@127.0.0.1:${pg.port}/postgres`);
  for (const [k, v] of Object.entries({ sslmode: 'verify-full', sslrootcert: certs.caCert, ...params }))
    u.searchParams.set(k, v);
  return u.toString();
};

/** Runs the registered checks `ids` through the runner, as `ops check --only` does. */
async function check(url: string, ids: string[], env: Record<string, string> = {}): Promise<CheckResult[]> {
  const pool = createPool(url, { max: 1 });
  try {
    const config = loadConfig({ DATABASE_URL: url, ...env }, { envFile: '/nonexistent' });
    return await runChecks(opsContext(pool, opsSettings(config)), selectChecks('all', ids), {
      overrides: new Map(),
      timeoutMs: 30_000,
    });
  } finally {
    await pool.end();
  }
}

const byId = (rs: CheckResult[], id: string) => rs.find((r) => r.id === id) as CheckResult;

describe('tls.expiry and tls.rotation', () => {
  it('follow the certificate the server presents: 10 days CRIT, 20 WARN, 400 OK', async () => {
    for (const [days, expiry, rotation] of [
      [10, 'CRIT', 'WARN'],
      [20, 'WARN', 'WARN'],
      [400, 'OK', 'OK'],
    ] as const) {
      await pg.serve(server[days]!.cert, server[days]!.key);
      const rs = await check(tlsUrl(), ['tls.expiry', 'tls.rotation']);
      const e = byId(rs, 'tls.expiry');
      expect([days, e.status, byId(rs, 'tls.rotation').status]).toEqual([days, expiry, rotation]);
      expect(e.value).toBe(days - 1); // whole days left, a few seconds after issue
      expect(e.evidence.certificates).toEqual([
        expect.objectContaining({
          source: `postgres server 127.0.0.1:${pg.port}`,
          subject: 'CN=localhost',
          daysLeft: days - 1,
          notAfter: expect.stringMatching(/^\d{4}-/),
        }),
      ]);
      expect(e.evidence.skipped).toEqual([expect.stringMatching(/no client certificate configured/)]);
    }
  });

  it('count the client certificate in use and OPS_TLS_ENDPOINTS; the fewest days left is the value', async () => {
    const endpointCert = await issueCertificate(certs, {
      name: 'mqtt-25',
      days: 25,
      cn: 'broker',
      sans: LOCAL,
      usage: 'serverAuth',
    });
    const endpoint = await tlsEndpoint(endpointCert);
    try {
      const env = { OPS_TLS_ENDPOINTS: `127.0.0.1:${(endpoint.address() as { port: number }).port}` };
      const withClient = byId(
        await check(tlsUrl({ sslcert: client10.cert, sslkey: client10.key }), ['tls.expiry'], env),
        'tls.expiry',
      );
      expect(withClient).toMatchObject({ status: 'CRIT', value: 9 });
      const sources = (withClient.evidence.certificates as Array<{ source: string; daysLeft: number }>).map((c) => [
        c.source,
        c.daysLeft,
      ]);
      expect(sources).toEqual([
        [`postgres server 127.0.0.1:${pg.port}`, 399],
        [`client certificate ${client10.cert}`, 9],
        [`endpoint ${env.OPS_TLS_ENDPOINTS}`, 24],
      ]);
      expect(byId(await check(tlsUrl(), ['tls.expiry'], env), 'tls.expiry')).toMatchObject({
        status: 'WARN',
        value: 24,
      });
    } finally {
      endpoint.close();
    }
  });

  it('an endpoint that cannot be read is UNKNOWN naming it, never a silent OK', async () => {
    const r = byId(await check(tlsUrl(), ['tls.expiry'], { OPS_TLS_ENDPOINTS: '127.0.0.1:1' }), 'tls.expiry');
    expect(r).toMatchObject({ status: 'UNKNOWN', value: 399 });
    expect(r.remedy).toMatch(/endpoint 127\.0\.0\.1:1: .*ECONNREFUSED/);
  });

  it('SKIP with the reason when the server offers no TLS and no client certificate is configured', async () => {
    const r = byId(await check(inject('superUrl'), ['tls.expiry']), 'tls.expiry');
    expect(r.status).toBe('SKIP');
    expect(r.evidence.reason).toMatch(
      /does not offer TLS \(it answered N to SSLRequest: ssl = off\).*no client certificate configured/,
    );
  });
});

describe('tls.session', () => {
  it('verify-full over TLS 1.3 is OK; sslmode require or no TLS is WARN saying why', async () => {
    const ok = byId(await check(tlsUrl(), ['tls.session']), 'tls.session');
    expect(ok).toMatchObject({
      status: 'OK',
      evidence: { ssl: true, version: 'TLSv1.3', sslmode: 'verify-full', problems: [] },
    });
    expect(ok.evidence.cipher).toMatch(/^TLS_/);
    const require = byId(
      await check(tlsUrl({ sslmode: 'require', uselibpqcompat: 'true' }), ['tls.session']),
      'tls.session',
    );
    expect(require).toMatchObject({
      status: 'WARN',
      evidence: {
        ssl: true,
        sslmode: 'require',
        problems: [expect.stringMatching(/^sslmode is require, not verify-full/)],
      },
    });
    const plain = byId(await check(inject('superUrl'), ['tls.session']), 'tls.session');
    expect(plain.status).toBe('WARN');
    expect(plain.evidence.problems).toEqual([
      expect.stringMatching(/not encrypted/),
      expect.stringMatching(/sslmode is not set/),
    ]);
  });

  it('TLS 1.2 negotiated is WARN naming the version', async () => {
    const admin = createPool(tlsUrl(), { max: 1 });
    try {
      await admin.query(`ALTER SYSTEM SET ssl_max_protocol_version = 'TLSv1.2'`);
      await admin.query('SELECT pg_reload_conf()');
      // The postmaster applies the reload asynchronously; new sessions show when it has.
      const deadline = Date.now() + 10_000;
      let r = byId(await check(tlsUrl(), ['tls.session']), 'tls.session');
      while (r.evidence.version !== 'TLSv1.2' && Date.now() < deadline)
        r = byId(await check(tlsUrl(), ['tls.session']), 'tls.session');
      expect(r).toMatchObject({
        status: 'WARN',
        evidence: { version: 'TLSv1.2', problems: ['TLS version is TLSv1.2, not TLSv1.3'] },
      });
    } finally {
      await admin.query('ALTER SYSTEM RESET ssl_max_protocol_version');
      await admin.query('SELECT pg_reload_conf()');
      await admin.end();
    }
  });
});

function tlsEndpoint(p: Pair): Promise<Server> {
  return new Promise((resolve) => {
    const s = createServer({ cert: readFileSync(p.cert), key: readFileSync(p.key) }, (socket) => socket.end());
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}
