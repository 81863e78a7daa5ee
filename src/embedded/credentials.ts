// Passwords of the embedded cluster, generated on first use and kept beside its data (mode 600),
// and the URLs built from them. No server is started here.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';

export interface Credentials {
  superuserPassword: string;
  appPassword: string;
  /** Role uns_meta_cdc (the replication slot); added to files written before it existed. */
  cdcPassword: string;
}

const secret = () => randomBytes(18).toString('base64url');

export function credentials(dataDir: string): Credentials {
  const file = join(dirname(resolve(dataDir)), 'embedded-credentials.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Credentials>) : {};
  const creds: Credentials = {
    superuserPassword: stored.superuserPassword ?? secret(),
    appPassword: stored.appPassword ?? secret(),
    cdcPassword: stored.cdcPassword ?? secret(),
  };
  if (stored.superuserPassword && stored.appPassword && stored.cdcPassword) return creds;
  mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
  writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  return creds;
}

export function embeddedUrls(dataDir: string, port: number): { adminUrl: string; appUrl: string; replUrl: string } {
  const c = credentials(dataDir);
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(c.superuserPassword)}@127.0.0.1:${port}/postgres`,
    appUrl: `postgres://uns_meta_app:${encodeURIComponent(c.appPassword)}@127.0.0.1:${port}/uns_metadata`,
    replUrl: `postgres://uns_meta_cdc:${encodeURIComponent(c.cdcPassword)}@127.0.0.1:${port}/uns_metadata`,
  };
}
