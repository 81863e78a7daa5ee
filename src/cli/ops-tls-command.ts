// `uns-meta ops tls inspect|verify`: the TLS Key Rotation Procedure's checks as commands. Exit code 1
// when a check fails (key mismatch, untrusted chain, expired, verify step failed). Logic in src/ops/tls/.

import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { inspectTarget, type InspectReport } from '../ops/tls/inspect.js';
import { verifyNewCertificates, type VerifyReport } from '../ops/tls/verify.js';
import { createContext } from './context.js';
import { configuredUrl, isEmbedded } from './database.js';
import { EXIT } from './exit-codes.js';
import { command } from './outcome.js';

interface VerifyCliOptions {
  cert: string;
  key: string;
  ca: string;
  host?: string;
  url?: string;
  json?: boolean;
}

export function registerOpsTlsCommands(ops: Command): void {
  const tls = ops
    .command('tls')
    .description('TLS key rotation: inspect certificates, verify new ones before the switch');
  tls
    .command('inspect <target>')
    .description(
      'a certificate file or a live host:port (PostgreSQL or plain TLS): CN, SANs, issuer, not-after, days left',
    )
    .option('--key <file>', 'also check that this private key belongs to the certificate')
    .option('--ca <file>', 'also check the chain against this CA file')
    .option('--json', 'print the report as JSON')
    .action(
      command(async (target: string, o: { key?: string; ca?: string; json?: boolean }) => {
        const r = await inspectTarget(target, o);
        console.log(o.json ? JSON.stringify(r, null, 2) : renderInspect(r));
        return r.daysLeft < 0 || r.key?.ok === false || r.chain?.ok === false ? EXIT.error : EXIT.ok;
      }),
    );
  tls
    .command('verify')
    .description(
      'connect with sslmode=verify-full using the NEW files, SELECT current_user; check key mode 600, key/cert pair, names cover the host',
    )
    .requiredOption('--cert <file>', 'the new client certificate')
    .requiredOption('--key <file>', 'its private key')
    .requiredOption('--ca <file>', 'the root CA the server certificate must chain to')
    .option('--host <host>', "host to connect to and that the certificates must cover (default: the URL's host)")
    .option('--url <postgres-url>', 'connection to test (default: DATABASE_URL or the PG* variables)')
    .option('--json', 'print the report as JSON')
    .action(
      command(async (o: VerifyCliOptions) => {
        const r = await verifyNewCertificates({
          cert: o.cert,
          key: o.key,
          ca: o.ca,
          host: o.host,
          url: o.url ?? defaultUrl(),
        });
        console.log(o.json ? JSON.stringify(r, null, 2) : renderVerify(r));
        return r.ok ? EXIT.ok : EXIT.error;
      }),
    );
}

function defaultUrl(): string {
  const { config } = createContext();
  // The embedded server has no TLS; starting it only to fail would hide the real mistake.
  if (isEmbedded(config))
    throw new AppError('usage', 'no connection to verify: give --url or set DATABASE_URL / PGHOST');
  return configuredUrl(config).url;
}

function renderInspect(r: InspectReport): string {
  const lines = [
    ['certificate', `${r.target} (${r.kind}${r.protocol ? `, ${r.protocol}` : ''})`],
    ['subject', r.subject],
    ['CN', r.cn ?? '(none)'],
    ['SANs', r.sans.join(', ') || '(none)'],
    ['issuer', r.issuer],
    ['not after', `${r.notAfter} (${r.daysLeft < 0 ? `EXPIRED ${-r.daysLeft} days ago` : `${r.daysLeft} days left`})`],
  ];
  if (r.key) lines.push(['key', r.key.ok ? `matches ${r.key.file}` : `does NOT match ${r.key.file}: ${r.key.detail}`]);
  if (r.chain) lines.push(['chain', r.chain.detail]);
  return lines.map(([k, v]) => `${k?.padEnd(12)}${v}`).join('\n');
}

function renderVerify(r: VerifyReport): string {
  const lines = r.steps.map((s) => `${s.ok ? 'ok  ' : 'FAIL'}  ${s.step}: ${s.detail}`);
  lines.push(
    r.ok
      ? `verified: the new files work against ${r.host}:${r.port}`
      : `NOT verified: fix the FAIL lines before the switch`,
  );
  return lines.join('\n');
}
