// The Mosquitto test broker does what the MQTT tests rely on: MQTT 5, shared subscriptions, a restart on
// the same port, and TLS that accepts the right CA and refuses a wrong one.

import { readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { startMosquitto, type Mosquitto } from '../support/mosquitto.js';
import { makeCertificates, type Certificates } from '../support/tls.js';

const clients: MqttClient[] = [];
const brokers: Mosquitto[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  await Promise.all(brokers.map((b) => b.stop()));
});

async function broker(opts: Parameters<typeof startMosquitto>[0] = {}): Promise<Mosquitto> {
  const b = await startMosquitto(opts);
  brokers.push(b);
  return b;
}

async function client(url: string, opts: IClientOptions = {}): Promise<MqttClient> {
  const c = await mqtt.connectAsync(
    url,
    { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000, ...opts },
    false,
  );
  clients.push(c);
  return c;
}

const until = async (cond: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = tcpConnect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

describe('mosquitto test broker', () => {
  it('speaks MQTT 5 on 127.0.0.1', async () => {
    const b = await broker();
    expect(b.url).toBe(`mqtt://127.0.0.1:${b.port}`);
    const c = await client(b.url);
    expect(c.connected).toBe(true);
    expect(c.options.protocolVersion).toBe(5);
    const got = new Promise<string>((resolve) => c.once('message', (_t, payload) => resolve(payload.toString())));
    await c.subscribeAsync('echo/#', { qos: 1 });
    await c.publishAsync('echo/1', 'hello', { qos: 1, properties: { userProperties: { k: 'v' } } });
    expect(await got).toBe('hello');
  });

  it('splits a shared subscription ($share/g/t/#) between two subscribers', async () => {
    const b = await broker();
    const counts = [0, 0];
    for (const k of [0, 1]) {
      const sub = await client(b.url, { clientId: `shared-${k}` });
      sub.on('message', () => (counts[k] = (counts[k] ?? 0) + 1));
      await sub.subscribeAsync('$share/g/t/#', { qos: 1 });
    }
    const pub = await client(b.url);
    for (let n = 0; n < 20; n++) await pub.publishAsync(`t/${n % 3}/x`, String(n), { qos: 1 });
    await until(() => counts[0]! + counts[1]! === 20);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBeGreaterThan(0);
  });

  it('restart() drops the connections, then accepts them again on the same port', async () => {
    const b = await broker();
    const port = b.port;
    const c = await client(b.url, { reconnectPeriod: 100 });
    let closes = 0;
    let connects = 0;
    c.on('close', () => (closes += 1));
    c.on('connect', () => (connects += 1));
    await b.restart();
    expect(b.port).toBe(port);
    await until(() => closes > 0 && connects > 0);
    expect(c.connected).toBe(true);
    const fresh = await client(`mqtt://127.0.0.1:${port}`);
    expect(fresh.connected).toBe(true);
  });

  it('stop() leaves nothing listening; kill() stops without a clean disconnect', async () => {
    const a = await startMosquitto();
    await a.stop();
    expect(await accepts(a.port)).toBe(false);
    const k = await startMosquitto();
    const c = await client(k.url, { reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    await k.kill();
    await closed;
    expect(await accepts(k.port)).toBe(false);
  });

  describe('TLS', () => {
    let certs: Certificates;

    it('accepts a client trusting the right CA and refuses one trusting the wrong CA', async () => {
      certs = await makeCertificates();
      const b = await broker({
        tls: { caCert: certs.caCert, serverCert: certs.serverCert, serverKey: certs.serverKey },
      });
      expect(b.url).toBe(`mqtts://127.0.0.1:${b.port}`);
      const good = await client(b.url, { ca: readFileSync(certs.caCert) });
      expect(good.connected).toBe(true);
      await expect(client(b.url, { ca: readFileSync(certs.otherCaCert) })).rejects.toThrow(/certificate|verify/i);
      // Without TLS the listener does not speak MQTT at all.
      await expect(client(`mqtt://127.0.0.1:${b.port}`, { connectTimeout: 1000 })).rejects.toThrow();
    });

    it('with requireClientCert only a client holding a certificate of the CA gets in', async () => {
      const b = await broker({
        tls: {
          caCert: certs.caCert,
          serverCert: certs.serverCert,
          serverKey: certs.serverKey,
          requireClientCert: true,
        },
      });
      const ca = readFileSync(certs.caCert);
      const good = await client(b.url, {
        ca,
        cert: readFileSync(certs.clientCert),
        key: readFileSync(certs.clientKey),
      });
      expect(good.connected).toBe(true);
      await expect(client(b.url, { ca, connectTimeout: 2000 })).rejects.toThrow();
    });
  });
});
