// Passwords of the embedded cluster, generated on first use and kept beside its data (mode 600),
// and the URLs built from them. No server is started here.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';

export interface Credentials {
  superuserPassword: string;
  appPassword: string;
}

export function credentials(dataDir: string): Credentials {
  const file = join(dirname(resolve(dataDir)), 'embedded-credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
  const creds = { superuserPassword: randomBytes(18).toString('base64url'), appPassword: randomBytes(18).toString('base64url') };
  mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
  writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  return creds;
}

export function embeddedUrls(dataDir: string, port: number): { adminUrl: string; appUrl: string } {
  const c = credentials(dataDir);
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(c.superuserPassword)}@127.0.0.1:${port}/postgres`,
    appUrl: `postgres://uns_meta_app:${encodeURIComponent(c.appPassword)}@127.0.0.1:${port}/uns_metadata`,
  };
}
