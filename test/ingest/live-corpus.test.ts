// The malformed corpus through the live service: every entry is published over MQTT by a real client;
// the service never crashes, records each one in quarantine with its specific reason, stores the good
// metrics of partly bad births, and still applies a good birth afterwards.

import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storableText } from '../../src/store/quarantine.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { testBroker, uniqueGroup, type TestBroker } from '../support/broker.js';
import { TestEdge } from '../support/edge.js';
import { eventually, startLiveService, type LiveService } from '../support/live-service.js';
import { CORPUS_LIMITS, malformedCorpus } from '../support/malformed-corpus.js';

const group = uniqueGroup('crp');
// What a broker can carry to a subscriber of spBv1.0/<group>/…/#: MQTT topic names hold no NUL.
const corpus = malformedCorpus(group).filter(
  (e) => e.topic.startsWith(`spBv1.0/${group}/`) && !e.topic.includes('\u0000'),
);

let db: TestDatabase;
let broker: TestBroker;
let svc: LiveService;

beforeAll(async () => {
  db = await cloneDatabase('live_corpus');
  broker = await testBroker();
  svc = await startLiveService(db.appUrl, broker.url, {
    MQTT_GROUPS: group,
    MQTT_QOS: '1',
    INGEST_MAX_PAYLOAD_BYTES: String(CORPUS_LIMITS.maxPayloadBytes),
    INGEST_MAX_INFLATED_BYTES: String(CORPUS_LIMITS.maxInflatedBytes),
    QUARANTINE_PAYLOAD_MAX_BYTES: '4096',
  });
  await eventually(
    async () => (await svc.ingest.readiness()).broker?.ok,
    (ok) => ok === true,
    10_000,
    'subscribed',
  );
});

afterAll(async () => {
  await svc?.stop();
  await broker?.stop();
});

describe('malformed corpus over MQTT', () => {
  it('quarantines every entry with its reason and keeps serving', async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const pub = await mqtt.connectAsync(broker.url, { clientId: `corpus-${group}` });
    for (const e of corpus) await pub.publishAsync(e.topic, e.payload, { qos: 1 });
    await pub.endAsync();

    const quarantined = async () => {
      const r = await db.pool.query<{ topic: string; codes: string[] }>(
        'SELECT topic, array_agg(DISTINCT error_code) AS codes FROM uns_meta_sync.quarantine WHERE topic LIKE $1 GROUP BY topic',
        [`spBv1.0/${group}/%`],
      );
      return new Map(r.rows.map((x) => [x.topic, x.codes]));
    };
    const seen = await eventually(
      quarantined,
      (m) => m.size >= corpus.length,
      60_000,
      `${corpus.length} quarantined topics`,
    );
    const wrong = corpus.filter(
      (e) => JSON.stringify(seen.get(storableText(e.topic, Infinity))) !== JSON.stringify([e.expect.code]),
    );
    expect(wrong.map((e) => `${e.name}: expected ${e.expect.code}, got ${JSON.stringify(seen.get(e.topic))}`)).toEqual(
      [],
    );

    await svc.ingest.queue.drained();
    const partial = corpus.filter((e) => !e.expect.whole);
    const stored = await db.pool.query<{ device: string; names: string[] }>(
      `SELECT d.edge || '/' || d.device AS device, array_agg(m.name ORDER BY m.name) AS names
       FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id) WHERE d.group_id = $1 GROUP BY 1`,
      [group],
    );
    const byDevice = new Map(stored.rows.map((r) => [r.device, r.names]));
    for (const e of partial) {
      const [, , type, edge, device = ''] = e.topic.split('/');
      expect(byDevice.get(`${edge}/${device}`), `${e.name} (${type})`).toEqual(e.expect.stored);
    }
    for (const e of corpus.filter((x) => x.expect.whole)) {
      const [, , , edge, device = ''] = e.topic.split('/');
      expect(byDevice.has(`${edge}/${device}`), e.name).toBe(false);
    }

    // Still alive and applying.
    const edge = new TestEdge(group, 'AfterCorpus');
    edge.devices.set('D', TestEdge.metrics(4));
    await edge.connect(broker.url);
    await edge.publishBirths();
    await eventually(
      () =>
        db.pool
          .query<{ n: string }>(
            `SELECT count(*) AS n FROM uns_meta.devices WHERE group_id = $1 AND edge = 'AfterCorpus'`,
            [group],
          )
          .then((r) => Number(r.rows[0]?.n)),
      (n) => n === 2,
      10_000,
      'a good birth after the corpus',
    );
    await edge.stop();
    expect((await svc.ingest.readiness()).writer?.ok).toBe(true);
  });
});
