// A full disk under the birth cache (a real 64 KiB tmpfs): a birth that does not fit is still applied
// (from memory), counted, and readiness says why; with QoS 1 the service's acknowledgement to the broker
// (the end of its message handler) waits until the birth is applied. Once the disk takes writes again,
// readiness recovers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BirthCache } from '../../src/ingest/birth-cache.js';
import { BirthQueue } from '../../src/ingest/birth-queue.js';
import { createReceiver } from '../../src/ingest/receiver.js';
import { RebirthRequests } from '../../src/ingest/rebirth-requests.js';
import { createLogger } from '../../src/log.js';
import { registry } from '../../src/metrics.js';
import { Lifecycle } from '../../src/sparkplug/lifecycle.js';
import { HostState } from '../../src/sparkplug/host-state.js';
import { RebirthGovernor } from '../../src/sparkplug/rebirth-governor.js';
import { testBroker, uniqueGroup, type TestBroker } from '../support/broker.js';
import { cloneDatabase, type TestDatabase } from '../support/database.js';
import { TestEdge } from '../support/edge.js';
import { eventually, startLiveService, type LiveService } from '../support/live-service.js';

let db: TestDatabase;
let broker: TestBroker;
let svc: LiveService;
let cacheDir: string;
const group = uniqueGroup('diskfull');
const log = createLogger({ level: 'silent' });

beforeAll(async () => {
  db = await cloneDatabase('birth_cache_disk_full');
  broker = await testBroker();
  cacheDir = mkdtempSync(join(tmpdir(), 'uns-meta-tmpfs-'));
  // Needs root (as CI runs); a tiny tmpfs is a disk that really fills up.
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', cacheDir]);
  svc = await startLiveService(db.appUrl, broker.url, { MQTT_GROUPS: group, MQTT_QOS: '1', BIRTH_CACHE_DIR: cacheDir });
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
  if (cacheDir) {
    execFileSync('umount', [cacheDir]);
    rmSync(cacheDir, { recursive: true, force: true });
  }
});

const stored = async (device: string) =>
  Number(
    (
      await db.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM uns_meta.metrics m JOIN uns_meta.devices d USING (device_id) WHERE d.group_id = $1 AND d.device = $2`,
        [group, device],
      )
    ).rows[0]?.n,
  );

describe('birth cache on a full disk', () => {
  it('with QoS 1 the message handler (whose end is the acknowledgement to the broker) ends only after the birth is applied', async () => {
    const applied: string[] = [];
    const queue = new BirthQueue({
      concurrency: 1,
      memoryBytes: 1, // even a pinned birth's bytes stay although over budget
      retryMaxMs: 100,
      apply: async (item) => {
        await new Promise((r) => setTimeout(r, 300));
        expect(item.payload?.length).toBeGreaterThan(64 * 1024);
        applied.push(item.topic);
      },
      isRetryable: () => false,
      onFailed: async () => undefined,
    });
    const receive = createReceiver({
      host: new HostState(),
      lifecycle: new Lifecycle(),
      storedNames: async () => null,
      cache: new BirthCache(cacheDir),
      queue,
      rebirths: new RebirthRequests(
        new RebirthGovernor({ enabled: false, cooldownMs: 60_000, budgetPerMinute: 1 }),
        async () => undefined,
        log,
      ),
      limits: { maxPayloadBytes: 1 << 24, maxInflatedBytes: 1 << 24 },
      reject: () => undefined,
      storedAliases: async () => null,
      orderGuardCleared: async () => false,
      maxClockSkewMs: 300_000,
      onCacheWrite: () => undefined,
      ackWhenDurable: true,
      seqGapRebirth: false,
      shared: false,
      log,
    });
    const edge = new TestEdge(group, 'EdgeAck');
    edge.devices.set('Big', TestEdge.metrics(2000, 1n, 'ack after apply'));
    const topic = `spBv1.0/${group}/DBIRTH/EdgeAck/Big`;
    await receive(topic, edge.dbirthPayload('Big', { timestamp: BigInt(Date.now()), seq: 1 }));
    expect(applied).toEqual([topic]);
  });

  it('applies a birth the cache cannot hold, acknowledges it only once stored, and reports it until the disk takes writes again', async () => {
    const edge = new TestEdge(group, 'EdgeFull');
    edge.answerRebirth = false; // no NBIRTH, so the host asks for one; a small answered birth would clear the fault early
    edge.devices.set('Big', TestEdge.metrics(2000, 1n, 'too big for the disk'));
    edge.devices.set('Small', TestEdge.metrics(3, 1n, 'fits'));
    await edge.connect(broker.url);

    await edge.publish(
      `spBv1.0/${group}/DBIRTH/EdgeFull/Big`,
      edge.dbirthPayload('Big', { timestamp: BigInt(Date.now()), seq: 1 }),
      1,
    );
    await eventually(
      () => stored('Big'),
      (n) => n === 2000,
    );
    const degraded = await svc.ingest.readiness();
    expect(degraded.birthCache).toMatchObject({ ok: false });
    expect(degraded.birthCache?.detail).toMatch(/refuses writes since .*ENOSPC/);
    expect(await registry.metrics()).toMatch(/uns_metadata_sync_birth_cache_write_errors_total [1-9]/);

    await edge.publish(
      `spBv1.0/${group}/DBIRTH/EdgeFull/Small`,
      edge.dbirthPayload('Small', { timestamp: BigInt(Date.now()), seq: 2 }),
      1,
    );
    await eventually(
      () => stored('Small'),
      (n) => n === 3,
    );
    expect((await svc.ingest.readiness()).birthCache).toEqual({ ok: true });
    await edge.stop();
  });
});
