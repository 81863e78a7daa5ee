// A birth that keeps meeting a statement timeout (here: its device lock held elsewhere, statement_timeout
// 300 ms on the service's connections) is tried a bounded number of times, then quarantined with the
// reason; the device's next birth is applied once the lock is free — nothing waits forever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db.js';
import { deviceLockKey } from '../../src/store/device.js';
import { testBroker, uniqueGroup, type TestBroker } from '../support/broker.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { TestEdge } from '../support/edge.js';
import { eventually, startLiveService, type LiveService } from '../support/live-service.js';

let db: TestDatabase;
let broker: TestBroker;
let svc: LiveService;
const group = uniqueGroup('timeout');

beforeAll(async () => {
  db = await cloneDatabase('statement_timeout');
  broker = await testBroker();
  const url = new URL(db.appUrl);
  url.searchParams.set('options', '-c statement_timeout=300');
  svc = await startLiveService(url.toString(), broker.url, { MQTT_GROUPS: group, INGEST_RETRY_MAX_SECONDS: '1' });
  await eventually(
    async () => (await svc.ingest.readiness()).broker?.ok,
    (ok) => ok === true,
    10_000,
    'broker connection',
  );
});

afterAll(async () => {
  await svc?.stop();
  await broker?.stop();
});

describe('statement timeouts', () => {
  it('are retried a bounded number of times, then the birth is quarantined with the reason and the device moves on', async () => {
    const holder = await connect(db.superUrl);
    await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [deviceLockKey(group, 'EdgeT', 'Locked')]);
    const edge = new TestEdge(group, 'EdgeT');
    edge.answerRebirth = false; // it sends no NBIRTH, so the host asks for one (no_session); not this test's subject
    edge.devices.set('Locked', TestEdge.metrics(3, 1n, 'first'));
    await edge.connect(broker.url);
    await edge.publish(
      `spBv1.0/${group}/DBIRTH/EdgeT/Locked`,
      edge.dbirthPayload('Locked', { timestamp: 1000n, seq: 1 }),
    );
    const q = await eventually(
      async () =>
        (
          await db.pool.query<{ error_code: string; message: string }>(
            'SELECT error_code, message FROM uns_meta_sync.quarantine WHERE topic = $1',
            [`spBv1.0/${group}/DBIRTH/EdgeT/Locked`],
          )
        ).rows,
      (rows) => rows.length === 1,
    );
    expect(q[0]).toMatchObject({ error_code: 'birth_failed' });
    expect(q[0]?.message).toMatch(/statement timeout \(3 attempts\)/);
    await svc.ingest.queue.drained();

    await holder.query('SELECT pg_advisory_unlock_all()');
    await holder.end();
    edge.devices.set('Locked', TestEdge.metrics(3, 1n, 'second'));
    await edge.publish(
      `spBv1.0/${group}/DBIRTH/EdgeT/Locked`,
      edge.dbirthPayload('Locked', { timestamp: 2000n, seq: 2 }),
    );
    await eventually(
      async () =>
        Number(
          (
            await db.pool.query<{ n: string }>(
              `SELECT count(*) AS n FROM uns_meta.devices WHERE group_id = $1 AND device = 'Locked'`,
              [group],
            )
          ).rows[0]?.n,
        ),
      (n) => n === 1,
    );
    await edge.stop();
  });
});
