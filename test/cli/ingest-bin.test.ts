// Protobuf captures (.bin), plain and compressed, through the command a user runs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import { encodePayload, compressPayload } from '../../src/sparkplug/payload.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { runCli } from '../support/cli.js';

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await cloneDatabase('cli_bin');
  dir = mkdtempSync(join(tmpdir(), 'bin-'));
});

const payload = (ts: bigint, unit: string) =>
  encodePayload({
    timestamp: ts,
    seq: 0n,
    metrics: [
      {
        name: 'Kiln/Temp',
        alias: 1n,
        datatype: 'Float',
        value: 1450.5,
        properties: { engUnit: { type: 'String', value: unit }, Quality: { type: 'Int32', value: 2147484164 } },
      },
      {
        name: 'Kiln/Speed',
        alias: 2n,
        datatype: 'Int64',
        value: -5n,
        properties: { engHigh: { type: 'UInt64', value: 18446744073709551615n } },
      },
    ],
  });

describe('uns-meta ingest file (.bin)', () => {
  it('takes the topic from the file name and stores Sparkplug-typed properties', async () => {
    const file = join(dir, 'spBv1.0_Secil_DBIRTH_Portugal_Kiln.bin');
    writeFileSync(file, payload(1000n, 'C'));
    const r = await runCli(['ingest', 'file', file, '--json'], { DATABASE_URL: db.appUrl });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      applied: 1,
      devices: ['Secil/Portugal/Kiln'],
      metrics: { created: 2 },
    });
    const props = await db.pool.query(
      `SELECT m.name, p.key, p.type, p.value_int, p.value_string FROM uns_meta.metric_properties p JOIN uns_meta.metrics m USING (metric_id) ORDER BY 1, 2`,
    );
    expect(props.rows).toEqual([
      { name: 'Kiln/Speed', key: 'engHigh', type: 'string', value_int: null, value_string: '18446744073709551615' },
      { name: 'Kiln/Temp', key: 'Quality', type: 'int', value_int: -2147483132, value_string: null },
      { name: 'Kiln/Temp', key: 'engUnit', type: 'string', value_int: null, value_string: 'C' },
    ]);
  });

  it('a GZIP-compressed birth with a changed unit writes one version', async () => {
    const file = join(dir, 'kiln-compressed.bin');
    writeFileSync(file, compressPayload(payload(2000n, '°C'), 'GZIP'));
    const r = await runCli(['ingest', 'file', file, '--topic', 'spBv1.0/Secil/DBIRTH/Portugal/Kiln', '--json'], {
      DATABASE_URL: db.appUrl,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ applied: 1, versions: 1, metrics: { updated: 1, unchanged: 1 } });
  });
});
