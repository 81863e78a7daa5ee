// The scheduler as the service wires it (runService with CDC, so the checks follow the CDC leader): after
// start, /metrics has a uns_meta_check_status for every check and the broker holds the retained alerts,
// sent over the service's own MQTT connection; shutdown completes.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runService, type RunningService } from '../../src/cli/service-runner.js';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/embedded/broker.js';
import { ALL_CHECKS } from '../../src/ops/registry.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { eventually } from '../support/live-service.js';
import { dropSlotWhenReleased } from '../support/slots.js';

let db: TestDatabase;
// Its own broker: retained alerts of this file must not meet scheduler.test.ts on a shared Mosquitto.
let broker: EmbeddedBroker;
let service: RunningService | null = null;
const slot = `t_ops_sched_${process.pid}`;

beforeAll(async () => {
  db = await cloneDatabase('ops_scheduler_service');
  broker = await startEmbeddedBroker({ port: 0 });
});

afterAll(async () => {
  await service?.stop();
  await dropSlotWhenReleased(db, slot);
  await broker?.stop();
});

describe('ops scheduler in the service', () => {
  it('the leader runs every check at start: gauges on /metrics, retained alerts on the broker', async () => {
    const config = loadConfig(
      {
        DATABASE_URL: db.appUrl,
        PG_REPL_URL: db.urlAs('uns_meta_cdc'),
        MQTT_URL: broker.url,
        MQTT_CLIENT_ID: `ops-sched-${process.pid}`,
        CDC_SLOT: slot,
        HTTP_PORT: '0',
        BIRTH_CACHE_DIR: mkdtempSync(join(tmpdir(), 'uns-meta-ops-sched-')),
        OPS_SCHEDULE: 'on',
        OPS_RUN_ON_START: 'on',
        OPS_CHECK_TIMEOUT_SECONDS: '20',
      },
      { envFile: '/nonexistent' },
    );
    type Seen = Map<string, { retain: boolean; body: { id: string; status: string } }>;
    const watch = async (name: string) => {
      const seen: Seen = new Map();
      const c = await connectAsync(broker.url, { clientId: `${name}-${process.pid}`, reconnectPeriod: 0 });
      c.on('message', (topic, payload, packet) =>
        seen.set(topic, {
          retain: packet.retain,
          body: JSON.parse(payload.toString()) as { id: string; status: string },
        }),
      );
      await c.subscribeAsync('uns-meta/alerts/#', { qos: 1 });
      return { seen, end: () => c.endAsync() };
    };
    const live = await watch('ops-live');
    const printed: string[] = [];
    service = await runService(config, { logLevel: 'silent', print: (l) => printed.push(l) });
    expect(printed).toContainEqual(
      expect.stringMatching(
        /^ops +checks daily 02:00, weekly sun 03:00, monthly 1 04:00, quarterly 1 05:00; alerts on uns-meta\/alerts\/<check>$/,
      ),
    );

    const metrics = () => fetch(`${service?.httpUrl}/metrics`).then((r) => r.text());
    const text = await eventually(
      metrics,
      (t) => ALL_CHECKS.every((c) => t.includes(`uns_meta_check_status{check="${c.id}",cadence="${c.cadence}"}`)),
      60_000,
      'a status gauge per check on /metrics',
    );
    expect(text).toMatch(/^uns_meta_check_status\{check="xid\.wraparound",cadence="daily"\} 0$/m);
    expect(text).toMatch(/^uns_meta_check_value\{check="xid\.wraparound",cadence="daily"\} [1-9]\d*$/m);

    // Once the live subscriber has them all, a late one must get them from the broker's retained store.
    await eventually(
      async () => live.seen.size,
      (n) => n === ALL_CHECKS.length,
      10_000,
      'an alert per check',
    );
    const late = await watch('ops-late');
    try {
      await eventually(
        async () => late.seen.size,
        (n) => n === ALL_CHECKS.length,
        10_000,
        'a retained alert per check',
      );
      expect(late.seen.get('uns-meta/alerts/xid.wraparound')).toEqual({
        retain: true,
        body: expect.objectContaining({ id: 'xid.wraparound', status: 'OK' }),
      });
    } finally {
      await live.end();
      await late.end();
    }
    const stopping = service.stop();
    service = null;
    await stopping;
  });
});
