// The birth cache: the newest raw birth of every device and node, on disk under BIRTH_CACHE_DIR, so a
// birth received is never lost to a crash, a database outage or DB_MODE=mock. One file per scope,
// written to a temp file, fsynced and renamed (a reader sees the old or the new birth, never half).
// It keeps bytes and a small header; deciding what to replay is the caller's job.

import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface CachedBirthMeta {
  topic: string;
  /** Payload timestamp and seq as decimal strings (BigInt in memory), null when absent. */
  timestamp: string | null;
  seq: string | null;
  /** The node session (bdSeq, decimal) the birth arrived in, when the host knew it; absent in older entries. */
  session?: string | null;
  receivedAt: string;
  sha256: string;
  bytes: number;
}

export interface CachedBirth {
  key: string;
  meta: CachedBirthMeta;
  payload: Buffer;
}

export class BirthCache {
  private readonly index = new Map<string, CachedBirthMeta>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const file of readdirSync(dir)) {
      if (file.endsWith('.tmp')) rmSync(join(dir, file), { force: true });
      else if (file.endsWith('.birth')) {
        const meta = readHeader(join(dir, file));
        if (meta) this.index.set(file.slice(0, -'.birth'.length), meta);
      }
    }
  }

  static keyOf(group: string, edge: string, device: string): string {
    return createHash('sha1').update(`${group}\0${edge}\0${device}`).digest('hex');
  }

  meta(key: string): CachedBirthMeta | undefined {
    return this.index.get(key);
  }

  keys(): string[] {
    return [...this.index.keys()];
  }

  get size(): number {
    return this.index.size;
  }

  /**
   * Stores the birth as the scope's newest; the caller has checked that it is not older. Asynchronous,
   * so the writers go on while the disk syncs; resolves once the birth is durable.
   */
  async put(key: string, meta: Omit<CachedBirthMeta, 'sha256' | 'bytes'>, payload: Buffer): Promise<CachedBirthMeta> {
    const full: CachedBirthMeta = { ...meta, sha256: sha256(payload), bytes: payload.length };
    const tmp = join(this.dir, `${key}.${process.pid}.tmp`);
    const file = await open(tmp, 'w', 0o600);
    try {
      // writeFile writes all of it (write/writev may stop short), each from the current position.
      await file.writeFile(`${JSON.stringify(full)}\n`);
      await file.writeFile(payload);
      await file.sync();
    } catch (err) {
      // A half-written file on a full disk would keep it full for every birth after.
      await file.close().catch(() => undefined);
      await rm(tmp, { force: true }).catch(() => undefined);
      throw err;
    }
    await file.close();
    await rename(tmp, join(this.dir, `${key}.birth`));
    // The rename itself is durable only once the directory is synced.
    const dir = await open(this.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    this.index.set(key, full);
    return full;
  }

  read(key: string): CachedBirth | null {
    return this.index.has(key) ? this.readFile(key) : null;
  }

  private readFile(key: string): CachedBirth | null {
    try {
      const raw = readFileSync(join(this.dir, `${key}.birth`));
      const nl = raw.indexOf(0x0a);
      const meta = JSON.parse(raw.subarray(0, nl).toString('utf8')) as CachedBirthMeta;
      return { key, meta, payload: raw.subarray(nl + 1) };
    } catch {
      return null;
    }
  }
}

/** The JSON header line only: a start-up must not read every cached payload (they can be 100s of MB). */
function readHeader(path: string): CachedBirthMeta | null {
  const fd = openSync(path, 'r');
  try {
    let head = Buffer.alloc(0);
    for (let pos = 0; head.length < MAX_HEADER_BYTES;) {
      const chunk = Buffer.alloc(4096);
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      if (n === 0) return null;
      head = Buffer.concat([head, chunk.subarray(0, n)]);
      pos += n;
      const nl = head.indexOf(0x0a);
      if (nl >= 0) return JSON.parse(head.subarray(0, nl).toString('utf8')) as CachedBirthMeta;
    }
    return null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

// A topic is at most 64 KiB; the rest of the header is small.
const MAX_HEADER_BYTES = 128 * 1024;

export function sha256(payload: Buffer): string {
  return createHash('sha256').update(payload).digest('hex');
}
