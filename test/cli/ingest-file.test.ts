import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { runCli, fixture } from '../support/cli.js';
import { packagePath } from '../../src/package-root.js';

let db: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  db = await cloneDatabase('cli_ingest');
  env = { DATABASE_URL: db.appUrl };
});

const PORTUGAL = fixture('messages_spBv1.0_Secil_DBIRTH_Portugal_Cement.json');
const JSONL = readdirSync(packagePath('test', 'sparkplug', 'fixtures'))
  .filter((f) => f.endsWith('.jsonl'))
  .map(fixture);

describe('uns-meta ingest file', () => {
  it('--dry-run prints the diff and writes nothing', async () => {
    const r = await runCli(['ingest', 'file', PORTUGAL, '--dry-run', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ dryRun: true, applied: 1, metrics: { created: 3 } });
    expect(out.diffs).toHaveLength(3);
    expect(out.diffs[0].diff.op).toBe('created');
    const n = await db.pool.query('SELECT count(*)::int AS n FROM uns_meta.metrics');
    expect(n.rows[0].n).toBe(0);
  });

  it('ingests the Sparkplug-JSON DBIRTH with the topic taken from the file name', async () => {
    const r = await runCli(['ingest', 'file', PORTUGAL, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      applied: 1,
      devices: ['Secil/Portugal/Cement'],
      metrics: { created: 3 },
      propertiesWritten: 30,
      versions: 3,
    });
    const q = await db.pool.query(
      `SELECT mp.type, mp.value_int FROM uns_meta.metric_properties mp JOIN uns_meta.metrics m USING (metric_id)
       WHERE m.name LIKE '%BYPVT603INT02/Active' AND mp.key = 'Quality'`,
    );
    expect(q.rows).toEqual([{ type: 'int', value_int: -2147483132 }]);
  });

  it('the same file again changes nothing', async () => {
    const r = await runCli(
      ['ingest', 'file', PORTUGAL, '--topic', 'spBv1.0/Secil/DBIRTH/Portugal/Cement', '--json'],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      applied: 1,
      metrics: { created: 0, unchanged: 3 },
      propertiesWritten: 0,
      versions: 0,
    });
  });

  it('every JSONL capture ingests', async () => {
    const r = await runCli(['ingest', 'file', ...JSONL, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.quarantinedBirths).toBe(0);
    expect(out.applied + out.stale).toBe(out.births);
    expect(out.devices).toEqual(
      expect.arrayContaining([
        'Secil/Brazil/Cement',
        'Secil/Edge/DOMO',
        'EdgeDevices/TransmissionMaceira',
        'Secil/Normalised/System',
      ]),
    );
    const paths = await db.pool.query(
      `SELECT uns_path FROM uns_meta.metrics WHERE uns_path LIKE 'Secil/Brazil/%' ORDER BY 1`,
    );
    expect(paths.rows.map((x) => x.uns_path)).toContain('Secil/Brazil/Node Control/Next Server');
  });

  it('prints a readable summary on a terminal-less run', async () => {
    const r = await runCli(['ingest', 'file', PORTUGAL], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/metrics: 0 created, 0 updated, 0 renamed, 0 retired, 0 restored, 3 unchanged/);
    expect(r.stdout).toMatch(/seconds: \d+\.\d\d/);
  });

  it('exit 1 when nothing could be applied: an undecodable payload is quarantined with its reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capture-'));
    const bad = join(dir, 'garbage.bin');
    writeFileSync(bad, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    const r = await runCli(['ingest', 'file', bad, '--topic', 'spBv1.0/Secil/DBIRTH/Portugal/Bad'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1 quarantined/);
    const q = await db.pool.query(
      `SELECT error_code, payload_bytes FROM uns_meta_sync.quarantine WHERE topic LIKE '%/Bad'`,
    );
    expect(q.rows).toEqual([{ error_code: 'payload_undecodable', payload_bytes: 7 }]);
  });

  it('exit 2 for usage errors: no topic for a .bin file, unknown file type', async () => {
    expect((await runCli(['ingest', 'file', '/tmp/capture.bin'], env)).code).toBe(2);
    expect((await runCli(['ingest', 'file', '/tmp/capture.txt', '--topic', 'spBv1.0/G/DBIRTH/E/D'], env)).code).toBe(2);
    expect((await runCli(['ingest', 'nope'], env)).code).toBe(2);
  });

  it('DB_MODE=mock decodes and validates without a database', async () => {
    const r = await runCli(['ingest', 'file', PORTUGAL, '--json'], {
      DB_MODE: 'mock',
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: true, applied: 1, metrics: { unchanged: 3 } });
  });
});
