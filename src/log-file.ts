// LOG_FILE: the service's JSON log lines also go to a file, rotated by pino-roll daily or at 100 MB
// (file.YYYY-MM-DD.N.log), and pruned here: files older than 14 days go, then the oldest until all of
// them together fit in 1 GB (spec/system.md). The file being written is never pruned.

import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import pinoRoll from 'pino-roll';
import type { DestinationStream } from 'pino';

export interface LogRotation {
  /** Bytes after which the file is rolled (pino-roll also rolls at midnight). */
  maxFileBytes: number;
  keepDays: number;
  maxTotalBytes: number;
}

export const LOG_ROTATION: LogRotation = {
  maxFileBytes: 100 * 1024 * 1024,
  keepDays: 14,
  maxTotalBytes: 1024 * 1024 * 1024,
};

interface RollStream extends DestinationStream {
  file: string;
  on(event: 'write', listener: (bytes: number) => void): unknown;
  flushSync(): void;
  end(): void;
}

export interface LogFile {
  stream: DestinationStream;
  /** Writes what is buffered and closes the file. */
  close(): void;
}

export async function openLogFile(file: string, rotation: LogRotation = LOG_ROTATION): Promise<LogFile> {
  const stream = (await pinoRoll({
    file,
    frequency: 'daily',
    size: `${Math.max(1, Math.floor(rotation.maxFileBytes / 1024))}k`,
    dateFormat: 'yyyy-MM-dd',
    extension: '.log',
    mkdir: true,
  })) as RollStream;
  let current = stream.file;
  pruneLogFiles(file, current, rotation);
  // pino-roll switches `file` when it rolls: prune then, not on every line.
  stream.on('write', () => {
    if (stream.file === current) return;
    current = stream.file;
    pruneLogFiles(file, current, rotation);
  });
  return {
    stream,
    close: () => {
      stream.flushSync();
      stream.end();
    },
  };
}

/** Deletes rolled files of `base` older than keepDays, then the oldest while the total exceeds maxTotalBytes. */
export function pruneLogFiles(base: string, current: string, rotation: LogRotation, now = Date.now()): string[] {
  const dir = dirname(base);
  const prefix = `${basename(base)}.`;
  const files = readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.log'))
    .map((f) => {
      const path = join(dir, f);
      const s = statSync(path);
      return { path, bytes: s.size, mtime: s.mtimeMs };
    })
    .sort((a, b) => a.mtime - b.mtime);
  const removed: string[] = [];
  let total = files.reduce((n, f) => n + f.bytes, 0);
  for (const f of files) {
    if (f.path === current) continue;
    const tooOld = now - f.mtime > rotation.keepDays * 86_400_000;
    if (!tooOld && total <= rotation.maxTotalBytes) continue;
    unlinkSync(f.path);
    total -= f.bytes;
    removed.push(f.path);
  }
  return removed;
}
