// LOG_FILE: JSON lines in a file rotated by size (daily too) and pruned by age and total size; the
// file being written is never pruned. Real files in a temporary directory, small limits.

import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { openLogFile, pruneLogFiles } from '../../src/log-file.js';

const logFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort();
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('LOG_FILE', () => {
  it('writes JSON lines, rolls at the size limit and keeps the total under its cap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uns-log-'));
    const rotation = { maxFileBytes: 4096, keepDays: 14, maxTotalBytes: 16 * 1024 };
    const file = await openLogFile(join(dir, 'uns-meta'), rotation);
    const log = createLogger({ level: 'info', stage: 'test', destination: file.stream });
    for (let i = 0; i < 400; i++) {
      log.info({ i, password: 'secret' }, 'a line of the service log, long enough to fill a few kilobytes quickly');
      if (i % 20 === 0) await settle(); // lets pino-roll see its writes and roll
    }
    await settle();
    file.close();
    const files = logFiles(dir);
    const today = new Date().toISOString().slice(0, 10);
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) expect(f).toMatch(new RegExp(`^uns-meta\\.${today}\\.\\d+\\.log$`));
    const total = files.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    // The cap holds for the rolled files; the one being written may add up to one more file's worth.
    expect(total).toBeLessThanOrEqual(rotation.maxTotalBytes + rotation.maxFileBytes + 1024);
    const lines = files.flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n')).filter((l) => l !== '');
    const parsed = lines.map((l) => JSON.parse(l) as { stage: string; i: number; password: string; msg: string });
    expect(parsed.every((p) => p.stage === 'test' && p.password === '****')).toBe(true);
    // The newest lines survive; the oldest were pruned with their files.
    const seen = parsed.map((p) => p.i);
    expect(Math.max(...seen)).toBe(399);
    expect(Math.min(...seen)).toBeGreaterThan(0);
  });

  it('prunes files older than the days to keep, never the current one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uns-log-'));
    const base = join(dir, 'uns-meta');
    const old = Date.now() / 1000 - 15 * 86_400;
    for (const [name, age] of [
      ['uns-meta.2026-11-20.1.log', old],
      ['uns-meta.2026-11-21.1.log', old],
      ['uns-meta.2026-12-06.1.log', Date.now() / 1000],
    ] as const) {
      writeFileSync(join(dir, name), '{}\n');
      utimesSync(join(dir, name), age, age);
    }
    writeFileSync(join(dir, 'other.log'), 'not ours\n');
    const removed = pruneLogFiles(base, join(dir, 'uns-meta.2026-11-21.1.log'), {
      maxFileBytes: 1024,
      keepDays: 14,
      maxTotalBytes: 1 << 30,
    });
    expect(removed.map((p) => p.slice(dir.length + 1))).toEqual(['uns-meta.2026-11-20.1.log']);
    expect(logFiles(dir)).toEqual(['other.log', 'uns-meta.2026-11-21.1.log', 'uns-meta.2026-12-06.1.log']);
  });
});
