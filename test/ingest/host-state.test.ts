// Sparkplug 3.0 host STATE against a real Mosquitto, with the service as a child process: the retained
// QoS 1 birth after the subscriptions, carrying the same timestamp as the connection's Will; an offline
// STATE for its own id answered with the birth again; the Will published by the broker on kill -9.
import { spawn, type ChildProcess } from 'node:child_process';
import mqtt, { type IPublishPacket } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { packagePath } from '../../src/package-root.js';
import { testBroker, uniqueGroup } from '../support/broker.js';
import { cloneDatabase } from '../support/database.js';
import { eventually, startLiveService } from '../support/live-service.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

interface Seen {
  online: boolean;
  timestamp: number;
  qos: number;
  retain: boolean;
}

/** Every STATE message on `topic` a client subscribed at QoS 1 receives. */
async function watch(url: string, topic: string): Promise<{ seen: Seen[]; end: () => Promise<void> }> {
  const c = await mqtt.connectAsync(url, { clean: true });
  const seen: Seen[] = [];
  c.on('message', (_t, payload, packet: IPublishPacket) => {
    const v = JSON.parse(payload.toString()) as { online: boolean; timestamp: number };
    seen.push({ online: v.online, timestamp: v.timestamp, qos: packet.qos, retain: packet.retain });
  });
  await c.subscribeAsync(topic, { qos: 1 });
  return { seen, end: () => c.endAsync() };
}

describe('Sparkplug 3.0 host STATE', () => {
  it('birth and Will carry the CONNECT time, QoS 1, retained; an offline STATE is answered; kill -9 publishes the Will', async () => {
    const db = await cloneDatabase('host_state');
    const broker = await testBroker();
    const group = uniqueGroup('state');
    const hostId = `uns-meta-test-${group}`;
    const topic = `spBv1.0/STATE/${hostId}`;
    const live = await watch(broker.url, topic);
    // Its own client id: a service of another test file with the default id would take the session over.
    const child = spawn(process.execPath, [packagePath('bin', 'uns-meta.js'), 'start'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        HTTP_PORT: '0',
        DATABASE_URL: db.appUrl,
        MQTT_URL: broker.url,
        MQTT_GROUPS: group,
        MQTT_STATE_HOST_ID: hostId,
        MQTT_CLIENT_ID: hostId,
        CDC_ENABLED: 'false',
        OPS_SCHEDULE: 'false',
      },
      stdio: 'ignore',
    });
    children.push(child);
    const before = Date.now();

    const [birth] = await eventually(
      async () => live.seen,
      (s) => s.length >= 1,
      20_000,
      'STATE birth',
    );
    expect(birth).toMatchObject({ online: true, qos: 1 });
    expect(birth!.timestamp).toBeGreaterThanOrEqual(before - 1000);
    // Retained: a client that subscribes later gets it from the broker.
    const later = await watch(broker.url, topic);
    await eventually(
      async () => later.seen,
      (s) => s.length === 1,
    );
    expect(later.seen[0]).toEqual({ online: true, timestamp: birth!.timestamp, qos: 1, retain: true });
    await later.end();

    // Someone says this host is offline while it is connected: it answers with its birth, same timestamp.
    const other = await mqtt.connectAsync(broker.url);
    await other.publishAsync(topic, Buffer.from(JSON.stringify({ online: false, timestamp: 1 })), { qos: 1 });
    await eventually(
      async () => live.seen,
      (s) => s.length >= 3 && s.at(-1)?.online === true,
    );
    expect(live.seen.at(-1)).toMatchObject({ online: true, timestamp: birth!.timestamp });
    await other.endAsync();

    // kill -9: no clean disconnect, so the broker publishes the Will — the same timestamp as the birth.
    const count = live.seen.length;
    child.kill('SIGKILL');
    await eventually(
      async () => live.seen,
      (s) => s.length > count,
      20_000,
      'the Will',
    );
    expect(live.seen.at(-1)).toMatchObject({ online: false, timestamp: birth!.timestamp, qos: 1 });
    await live.end();
  });

  it('a clean stop leaves the retained STATE offline (its own offline message is not answered)', async () => {
    const db = await cloneDatabase('host_state_stop');
    const broker = await testBroker();
    const hostId = `uns-meta-test-${uniqueGroup('stop')}`;
    const topic = `spBv1.0/STATE/${hostId}`;
    const live = await watch(broker.url, topic);
    const svc = await startLiveService(db.appUrl, broker.url, {
      MQTT_GROUPS: uniqueGroup('stop'),
      MQTT_STATE_HOST_ID: hostId,
    });
    const [birth] = await eventually(
      async () => live.seen,
      (s) => s.length >= 1,
      20_000,
      'STATE birth',
    );
    const stoppedAt = Date.now();
    await svc.stop();
    await eventually(
      async () => live.seen,
      (s) => s.at(-1)?.online === false,
      10_000,
      'the offline STATE',
    );
    await new Promise((r) => setTimeout(r, 500));
    const later = await watch(broker.url, topic);
    await eventually(
      async () => later.seen,
      (s) => s.length === 1,
    );
    // Sparkplug: the death published before a clean DISCONNECT carries the time of the disconnect.
    expect(later.seen[0]).toMatchObject({ online: false, qos: 1, retain: true });
    expect(later.seen[0]!.timestamp).toBeGreaterThanOrEqual(birth!.timestamp);
    expect(later.seen[0]!.timestamp).toBeGreaterThanOrEqual(stoppedAt);
    expect(later.seen[0]!.timestamp).toBeLessThanOrEqual(Date.now());
    await later.end();
    await live.end();
  });

  it('refuses a host id with MQTT wildcards or the primary host id', () => {
    const env = { MQTT_PRIMARY_HOST_ID: 'scada-primary' };
    expect(() => loadConfig({ ...env, MQTT_STATE_HOST_ID: 'a/b' }, { envFile: '/nonexistent' })).toThrow(
      /not a Sparkplug host id/,
    );
    expect(() => loadConfig({ ...env, MQTT_STATE_HOST_ID: 'scada-primary' }, { envFile: '/nonexistent' })).toThrow(
      /primary host/,
    );
    expect(loadConfig({ ...env, MQTT_STATE_HOST_ID: 'off' }, { envFile: '/nonexistent' }).MQTT_STATE_HOST_ID).toBe(
      'off',
    );
    expect(loadConfig({}, { envFile: '/nonexistent' }).MQTT_STATE_HOST_ID).toMatch(/^uns-meta-/);
  });
});
