// Replays the pgoutput bytes captured from PostgreSQL 16 (fixtures/pgoutput-capture.json) through the
// library's own parser, without a server: the same changes as live, whatever pg-logical-replication
// version is installed (its int8 handling included).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PgoutputPlugin } from 'pg-logical-replication';
import type { TransactionResult } from '../../src/cdc/changes.js';
import { TransactionStream } from '../../src/cdc/transaction.js';
import { expectCapturedTransactions } from './capture-expectations.js';

interface Fixture {
  about: string;
  ids: Record<'kiln' | 'fan' | 'speed', string>;
  messages: Array<{ lsn: string; hex: string }>;
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/pgoutput-capture.json', import.meta.url), 'utf8'),
) as Fixture;

function replay(): TransactionResult[] {
  const plugin = new PgoutputPlugin({ protoVersion: 1, publicationNames: ['uns_meta_pub'] });
  const stream = new TransactionStream();
  const txs: TransactionResult[] = [];
  for (const m of fixture.messages) {
    const ev = stream.push(plugin.parse(Buffer.from(m.hex, 'hex')));
    if (ev?.kind === 'commit') txs.push(ev.tx);
  }
  expect(stream.open).toBe(false);
  return txs;
}

describe('captured pgoutput bytes', () => {
  it('come from PostgreSQL 16', () => {
    expect(fixture.about).toMatch(/PostgreSQL 16\./);
  });

  it('turn into the same changes as on the live server', () => {
    expectCapturedTransactions(replay(), {
      kiln: BigInt(fixture.ids.kiln),
      fan: BigInt(fixture.ids.fan),
      speed: BigInt(fixture.ids.speed),
    });
  });

  it('carry int8 as decimal text through the parser (never a double)', () => {
    const plugin = new PgoutputPlugin({ protoVersion: 1, publicationNames: ['uns_meta_pub'] });
    const longs = fixture.messages
      .map((m) => plugin.parse(Buffer.from(m.hex, 'hex')))
      .flatMap((m) =>
        (m.tag === 'insert' || m.tag === 'update') && m.relation.name === 'metric_properties' ? [m.new.value_long] : [],
      )
      .filter((v) => v !== null);
    expect(longs).toEqual(['9007199254740993', '9223372036854775807']);
  });
});
