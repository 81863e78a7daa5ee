// Real pgoutput from the test PostgreSQL 16: writes of the birth writer, the rename command and plain SQL
// streamed with pg-logical-replication (manual acks only) become the expected changes; acknowledging
// Debouncer.safeLsn() makes the server resend exactly what is not in the outbox yet, and nothing else.

import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogicalReplicationService, PgoutputPlugin } from 'pg-logical-replication';
import { createPool, type Pool } from '../../src/db.js';
import { applyBirth, type WriterOptions } from '../../src/store/birth-writer.js';
import { renameMetric } from '../../src/store/rename.js';
import { propertyValue, type ResolveCanaryIds, type TransactionResult } from '../../src/cdc/changes.js';
import { Debouncer, type DebouncedEntry } from '../../src/cdc/debounce.js';
import { formatLsn, parseLsn } from '../../src/cdc/lsn.js';
import { outboxRow } from '../../src/cdc/outbox-rows.js';
import { TransactionStream } from '../../src/cdc/transaction.js';
import type { PropertyValue } from '../../src/sparkplug/birth.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { birth, metric, s, i, l, f, d, b } from '../support/births.js';
import { eventually } from '../support/live-service.js';
import { CANARY, DEV, expectCapturedTransactions, type CapturedIds } from './capture-expectations.js';
import { dropSlotWhenReleased } from '../support/slots.js';

const FIXTURE = new URL('./fixtures/pgoutput-capture.json', import.meta.url);
const slot = `t_cdc_capture_${process.pid}`;
const opts: WriterOptions = { changedBy: 'test', renameByFingerprint: true, quarantinePayloadMaxBytes: 4096 };

let db: TestDatabase;
let app: Pool;
beforeAll(async () => {
  db = await cloneDatabase('cdc_capture');
  app = createPool(db.appUrl, { max: 2 });
  await db.pool.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [slot]);
});
const sessions: Session[] = [];
afterAll(async () => {
  for (const session of sessions) await session.stop();
  await app?.end();
  if (!db) return;
  await dropSlotWhenReleased(db, slot);
});

/** Keeps the raw bytes of every message it parses (for the fixture). */
class RecordingPlugin extends PgoutputPlugin {
  last = '';
  override parse(buffer: Buffer) {
    this.last = buffer.toString('hex');
    return super.parse(buffer);
  }
}

/** One streaming session on the slot, as the CDC adapter will run it: no automatic acknowledgement. */
class Session {
  readonly txs: TransactionResult[] = [];
  readonly raw: Array<{ lsn: string; hex: string }> = [];
  readonly errors: unknown[] = [];
  heartbeat = 0n;
  private readonly stream = new TransactionStream();
  private readonly plugin = new RecordingPlugin({ protoVersion: 1, publicationNames: ['uns_meta_pub'] });
  private readonly svc: LogicalReplicationService;

  constructor(url: string) {
    this.svc = new LogicalReplicationService(
      { connectionString: url },
      { acknowledge: { auto: false, timeoutSeconds: 0 } },
    );
    this.svc.on('data', (lsn: string, msg: Parameters<TransactionStream['push']>[0]) => {
      this.raw.push({ lsn, hex: this.plugin.last });
      try {
        const ev = this.stream.push(msg);
        if (ev?.kind === 'commit') this.txs.push(ev.tx);
      } catch (err) {
        this.errors.push(err);
      }
    });
    // A keepalive position counts only between transactions.
    this.svc.on('heartbeat', (lsn: string) => {
      if (!this.stream.open && parseLsn(lsn) > this.heartbeat) this.heartbeat = parseLsn(lsn);
    });
    this.svc.on('error', (err: unknown) => this.errors.push(err));
    this.svc.subscribe(this.plugin, slot).catch((err: unknown) => this.errors.push(err));
    sessions.push(this);
  }

  /** Waits until the server reported a keepalive at or past the WAL end as of now: everything before was sent. */
  async caughtUp(): Promise<void> {
    const end = parseLsn(
      (await db.pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn,
    );
    await eventually(
      async () => {
        // Some WAL of our own wakes the sender when the cluster is otherwise idle.
        await db.pool.query(`SELECT pg_logical_emit_message(false, 'uns-meta-test', 'nudge')`);
        return this.heartbeat;
      },
      (hb) => hb >= end,
      20_000,
      'a keepalive past the WAL end',
    );
    expect(this.errors).toEqual([]);
  }

  acknowledge(lsn: string): Promise<boolean> {
    return this.svc.acknowledge(lsn);
  }

  stop(): Promise<unknown> {
    return this.svc.destroy();
  }
}

async function confirmedFlush(): Promise<string> {
  const r = await db.pool.query<{ lsn: string }>(
    'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
    [slot],
  );
  return r.rows[0]!.lsn;
}

// What the adapter will provide (ResolveCanaryIds) and the current property set a resync needs.
const resolveCanaryIds: ResolveCanaryIds = async (ids) => {
  const r = await app.query<{ metric_id: bigint; canary_id: string }>(
    'SELECT metric_id, canary_id FROM uns_meta.metrics WHERE metric_id = ANY($1::bigint[])',
    [ids],
  );
  return new Map(r.rows.map((row) => [row.metric_id, row.canary_id]));
};
async function currentProperties(metricId: bigint): Promise<Map<string, PropertyValue>> {
  const r = await app.query(
    'SELECT key, type, value_int, value_long, value_float, value_double, value_string, value_bool FROM uns_meta.metric_properties WHERE metric_id = $1',
    [metricId],
  );
  return new Map(r.rows.map((row: { key: string }) => [row.key, propertyValue(row) as PropertyValue]));
}

/** The flush step of the adapter: entries → outbox rows, committed; returns what was written. */
async function writeOutbox(entries: DebouncedEntry[]) {
  const ids = await resolveCanaryIds(entries.filter((e) => e.canaryId === null).map((e) => e.metricId));
  const written = [];
  for (const e of entries) {
    const canaryId = e.canaryId ?? ids.get(e.metricId);
    if (!canaryId) continue;
    const row = outboxRow(e, canaryId, e.resync ? await currentProperties(e.metricId) : undefined);
    if (!row) continue;
    await app.query(
      `INSERT INTO uns_meta_sync.canary_outbox (metric_id, canary_id, properties, first_lsn, idempotency_key)
       VALUES ($1, $2, $3::jsonb, $4::pg_lsn, $5) ON CONFLICT (idempotency_key) DO NOTHING`,
      [row.metric_id, row.canary_id, JSON.stringify(row.properties), row.first_lsn, row.idempotency_key],
    );
    written.push(row);
  }
  return written;
}

describe('pgoutput from PostgreSQL 16', () => {
  let ids: CapturedIds;
  let brazilCommit = '';

  it('births, a rename and plain SQL arrive as property-level changes (int8 exact, removals as null)', async () => {
    const kiln = (props: Parameters<typeof metric>[2]) => metric('Maceira/Kiln/Temp', 'Float', props, 1n);
    const fan = metric('Maceira/Kiln/Fan', 'Boolean', { documentation: s('Fan running') }, 2n);
    const topic = 'spBv1.0/Secil/DBIRTH/Portugal/Cement';
    await applyBirth(
      app,
      birth(
        topic,
        [
          kiln({
            engUnit: s('C'),
            displayHigh: d(1800),
            Quality: i(192),
            counter: l(9007199254740993n),
            scale: f(0.1),
            enabled: b(true),
          }),
          fan,
        ],
        { timestamp: 1000n },
      ),
      opts,
    );
    await applyBirth(
      app,
      birth(
        topic,
        [kiln({ engUnit: s('°C'), Quality: i(192), counter: l(2n ** 63n - 1n), scale: f(0.1), enabled: b(true) })],
        { timestamp: 2000n },
      ),
      opts,
    );
    await renameMetric(app, `${DEV}/Maceira/Kiln/Temp`, 'Maceira/Kiln/Temperature', 'test');
    const c = await db.pool.connect();
    try {
      await c.query('BEGIN');
      for (const unit of ['K', '°F'])
        await c.query(`UPDATE uns_meta.metric_properties SET value_string = $1 WHERE key = 'engUnit'`, [unit]);
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    await applyBirth(
      app,
      birth('spBv1.0/Secil/DBIRTH/Brazil/Cement', [metric('Mill/Speed', 'Float', { engUnit: s('rpm') }, 1n)], {
        timestamp: 1000n,
      }),
      opts,
    );
    const m = await db.pool.query<{ name: string; metric_id: string }>(
      'SELECT name, metric_id::text FROM uns_meta.metrics',
    );
    const id = (name: string) => BigInt(m.rows.find((r) => r.name === name)!.metric_id);
    ids = { kiln: id('Maceira/Kiln/Temperature'), fan: id('Maceira/Kiln/Fan'), speed: id('Mill/Speed') };

    const session = new Session(db.urlAs('uns_meta_cdc'));
    await session.caughtUp();
    expectCapturedTransactions(session.txs, ids);
    brazilCommit = session.txs[4]!.commitLsn;

    // Debounce: the Brazil birth came later than the rest, so only the kiln and the fan are due.
    const clock = { now: 0 };
    const debouncer = new Debouncer({ quietMs: 1000, maxMs: 10_000, clock: () => clock.now });
    for (const tx of session.txs) {
      if (tx.commitLsn === brazilCommit) clock.now = 900;
      tx.changes.forEach((ch) => debouncer.add(ch));
      debouncer.committed(tx.commitLsn);
    }
    const due = debouncer.due(1000);
    expect(due.map((e) => e.metricId)).toEqual([ids.kiln, ids.fan]);
    const rows = await writeOutbox(due);
    debouncer.release(due);
    // The renamed kiln: its new tag gets the full current set plus the removal seen on the way.
    expect(rows.map((r) => [r.canary_id, r.properties])).toEqual([
      [
        CANARY.temperature,
        { Quality: 192, counter: '9223372036854775807', displayHigh: null, enabled: true, engUnit: '°F', scale: 0.1 },
      ],
      [CANARY.fan, { documentation: 'Fan running' }],
    ]);
    const outbox = await db.pool.query(
      'SELECT canary_id, properties, first_lsn::text FROM uns_meta_sync.canary_outbox ORDER BY outbox_id',
    );
    expect(outbox.rows.map((r) => r.first_lsn)).toEqual([session.txs[0]!.commitLsn, session.txs[0]!.commitLsn]);
    expect(outbox.rows[0].properties.counter).toBe('9223372036854775807');

    // Everything up to just before the Brazil transaction is safe: confirm it.
    const safe = debouncer.safeLsn()!;
    expect(parseLsn(safe)).toBe(parseLsn(brazilCommit) - 1n);
    await session.acknowledge(safe);
    await eventually(confirmedFlush, (lsn) => lsn === brazilCommit, 10_000, 'confirmed_flush_lsn');
    await session.stop();

    if (process.env.CDC_WRITE_FIXTURE === '1') {
      const version = (await db.pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
      const fixture = {
        about: `pgoutput proto 1 messages (XLogData payloads, hex) captured from PostgreSQL ${version} by test/cdc/pgoutput-capture.test.ts; CDC_WRITE_FIXTURE=1 rewrites it`,
        ids: { kiln: String(ids.kiln), fan: String(ids.fan), speed: String(ids.speed) },
        messages: session.raw,
      };
      writeFileSync(FIXTURE, JSON.stringify(fixture, null, 1) + '\n');
    }
  });

  it('after a restart the server resends exactly the transaction not yet in the outbox; a keepalive ack skips nothing later', async () => {
    const again = new Session(db.urlAs('uns_meta_cdc'));
    await again.caughtUp();
    expect(again.txs.map((t) => t.commitLsn)).toEqual([brazilCommit]);
    const debouncer = new Debouncer({ quietMs: 0, maxMs: 0, clock: () => 0 });
    for (const tx of again.txs) {
      tx.changes.forEach((ch) => debouncer.add(ch));
      debouncer.committed(tx.commitLsn);
    }
    const due = debouncer.due();
    expect((await writeOutbox(due)).map((r) => r.canary_id)).toEqual([CANARY.speed]);
    debouncer.release(due);
    // Idle now: the keepalive position (minus one) is what gets confirmed, so the slot keeps no old WAL.
    const keepalive = again.heartbeat;
    debouncer.keepalive(formatLsn(keepalive));
    expect(debouncer.safeLsn()).toBe(formatLsn(keepalive - 1n));
    await again.acknowledge(debouncer.safeLsn()!);
    await eventually(
      confirmedFlush,
      (lsn) => lsn === formatLsn(keepalive),
      10_000,
      'confirmed_flush_lsn at the keepalive',
    );
    await again.stop();

    await db.pool.query(`UPDATE uns_meta.metric_properties SET value_string = 'rev/min' WHERE metric_id = $1`, [
      ids.speed,
    ]);
    const third = new Session(db.urlAs('uns_meta_cdc'));
    await third.caughtUp();
    await third.stop();
    expect(third.txs).toHaveLength(1);
    expect(third.txs[0]!.changes).toMatchObject([{ metricId: ids.speed, canaryId: null }]);
    const d3 = new Debouncer({ quietMs: 0, maxMs: 0, clock: () => 0 });
    third.txs[0]!.changes.forEach((ch) => d3.add(ch));
    // The canary id of a metric whose row did not change comes from the lookup.
    expect((await writeOutbox(d3.drain())).map((r) => [r.canary_id, r.properties])).toEqual([
      [CANARY.speed, { engUnit: 'rev/min' }],
    ]);
  });
});
