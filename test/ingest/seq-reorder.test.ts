// Seq continuity with the Sparkplug 3.0 reorder timeout against a real broker: a gap whose skipped
// messages arrive late is healed (not counted, no rebirth); one still open after
// MQTT_REORDER_TIMEOUT_MS counts once and, with MQTT_REBIRTH_ON_SEQ_GAP, asks for one rebirth. DATA from
// a node whose NBIRTH this host has not seen is a stale view: one governed rebirth request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../src/metrics.js';
import { encodePayload } from '../../src/sparkplug/encoder.js';
import { testBroker, uniqueGroup, type TestBroker } from '../support/broker.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { TestEdge } from '../support/edge.js';
import { eventually, startLiveService, type LiveService } from '../support/live-service.js';

let db: TestDatabase;
let broker: TestBroker;
let svc: LiveService;
const group = uniqueGroup('reorder');

beforeAll(async () => {
  db = await cloneDatabase('seq_reorder');
  broker = await testBroker();
  svc = await startLiveService(db.appUrl, broker.url, {
    MQTT_GROUPS: group,
    MQTT_REORDER_TIMEOUT_MS: '1000',
    MQTT_REBIRTH_ON_SEQ_GAP: 'true',
    MQTT_REBIRTH_COOLDOWN_SECONDS: '0',
  });
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

const gaps = async () => Number(/uns_metadata_sync_seq_gaps_total (\d+)/.exec(await registry.metrics())?.[1] ?? 0);
const data = (seq: number) =>
  encodePayload({
    timestamp: BigInt(Date.now()),
    seq: BigInt(seq),
    metrics: [{ alias: 9001n, datatype: 'String', value: 'x' }],
  });

describe('seq reorder timeout', () => {
  it('heals a gap filled in time, counts one that is not and asks for one rebirth', async () => {
    const edge = new TestEdge(group, 'EdgeR');
    edge.answerRebirth = false;
    await edge.connect(broker.url);
    await edge.publishBirths();
    await eventually(
      async () => svc.ingest.host.nodeList().find((n) => n.edge === 'EdgeR')?.online,
      (on) => on === true,
    );
    const before = await gaps();
    const topic = `spBv1.0/${group}/NDATA/EdgeR`;
    for (const seq of [1, 3, 2, 4]) await edge.publish(topic, data(seq)); // 2 arrives after 3: reordered, not lost
    await new Promise((r) => setTimeout(r, 1600));
    expect(await gaps()).toBe(before);
    expect(edge.commands).toEqual([]);

    for (const seq of [5, 8, 9]) await edge.publish(topic, data(seq)); // 6 and 7 never come
    await eventually(gaps, (n) => n === before + 1, 5000, 'the gap counted');
    await eventually(
      async () => edge.commands.length,
      (n) => n === 1,
      5000,
      'one rebirth request',
    );
    expect(await registry.metrics()).toMatch(/uns_metadata_sync_rebirth_requests_total\{reason="seq_gap"\} [1-9]/);
    await new Promise((r) => setTimeout(r, 1200));
    expect(await gaps()).toBe(before + 1); // reported once
    await edge.stop();
  });

  it('DATA from a node whose NBIRTH this host has not seen asks for a rebirth (stale view)', async () => {
    const edge = new TestEdge(group, 'EdgeU');
    edge.answerRebirth = false;
    await edge.connect(broker.url);
    await edge.publish(`spBv1.0/${group}/NDATA/EdgeU`, data(17));
    // Its alias is unknown too (a second reason; this service's cooldown is 0, so both are sent).
    await eventually(
      async () => edge.commands.length,
      (n) => n >= 1,
      5000,
      'the rebirth request',
    );
    expect(new Set(edge.commands)).toEqual(new Set([`spBv1.0/${group}/NCMD/EdgeU`]));
    expect(await registry.metrics()).toMatch(/uns_metadata_sync_rebirth_requests_total\{reason="no_session"\} [1-9]/);
    await edge.stop();
  });
});
