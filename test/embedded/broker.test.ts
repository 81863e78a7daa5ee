// The embedded aedes broker with a real mqtt.js client: plain and TLS, port conflicts, and stop().
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/embedded/broker.js';
import { AppError } from '../../src/errors.js';

const clientOpts = { protocolVersion: 4 as const, reconnectPeriod: 0, connectTimeout: 5000 };

function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => client.once('close', () => resolve()));
}

function message(client: MqttClient): Promise<{ topic: string; payload: string }> {
  return new Promise((resolve) =>
    client.once('message', (topic, payload) => resolve({ topic, payload: payload.toString() })),
  );
}

async function pubSub(url: string, opts: object = {}): Promise<{ topic: string; payload: string }> {
  const sub = await connectAsync(url, { ...clientOpts, ...opts });
  const pub = await connectAsync(url, { ...clientOpts, ...opts });
  try {
    await sub.subscribeAsync('spBv1.0/+/NBIRTH/+', { qos: 1 });
    const got = message(sub);
    await pub.publishAsync('spBv1.0/Secil/NBIRTH/Edge', 'hello', { qos: 1 });
    return await got;
  } finally {
    await Promise.all([sub.endAsync(), pub.endAsync()]);
  }
}

describe('embedded broker (plain)', () => {
  let broker: EmbeddedBroker;
  beforeAll(async () => {
    broker = await startEmbeddedBroker({ port: 0 });
  });
  afterAll(() => broker.stop());

  it('listens on an ephemeral port on 127.0.0.1 and routes a publish to a subscriber', async () => {
    expect(broker.port).toBeGreaterThan(0);
    expect(broker.url).toBe(`mqtt://127.0.0.1:${broker.port}`);
    expect(await pubSub(broker.url)).toEqual({ topic: 'spBv1.0/Secil/NBIRTH/Edge', payload: 'hello' });
  });

  it('refuses a taken port with a message naming the port, --mqtt-port and MQTT_URL', async () => {
    const err = await startEmbeddedBroker({ port: broker.port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('port_in_use');
    expect((err as AppError).message).toContain(`MQTT port ${broker.port}`);
    expect((err as AppError).message).toContain('--mqtt-port <n>');
    expect((err as AppError).message).toContain('MQTT_URL');
  });
});

describe('embedded broker stop()', () => {
  it('closes connected clients and half-open sockets, frees the port, and is idempotent', async () => {
    const broker = await startEmbeddedBroker({ port: 0 });
    const client = await connectAsync(broker.url, clientOpts);
    const clientClosed = closed(client);
    const raw = net.connect(broker.port, '127.0.0.1'); // never sends CONNECT
    await new Promise<void>((resolve) => raw.once('connect', () => resolve()));
    const rawClosed = new Promise<void>((resolve) => raw.once('close', () => resolve()));

    const started = Date.now();
    await broker.stop();
    await broker.stop();
    await Promise.all([clientClosed, rawClosed]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(client.connected).toBe(false);
    client.end(true);

    const refused = await connectAsync(broker.url, clientOpts, false).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(String((refused as NodeJS.ErrnoException).code ?? (refused as Error).message)).toMatch(
      /ECONNREFUSED|couldn't connect/i,
    );
  });
});

describe('embedded broker (TLS)', () => {
  let dir: string;
  let broker: EmbeddedBroker;
  const selfSigned = (name: string) => {
    execFileSync(
      '/usr/bin/openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, `${name}.key`),
        '-out',
        join(dir, `${name}.crt`),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, `${name}.key`)), cert: readFileSync(join(dir, `${name}.crt`)) };
  };

  let server: { key: Buffer; cert: Buffer };
  let other: { key: Buffer; cert: Buffer };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'uns-meta-broker-tls-'));
    server = selfSigned('server');
    other = selfSigned('other');
    broker = await startEmbeddedBroker({ port: 0, tls: server });
  });
  afterAll(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves mqtts to a client that verifies the certificate against its CA', async () => {
    expect(broker.url).toBe(`mqtts://127.0.0.1:${broker.port}`);
    expect(await pubSub(broker.url, { ca: server.cert, rejectUnauthorized: true })).toEqual({
      topic: 'spBv1.0/Secil/NBIRTH/Edge',
      payload: 'hello',
    });
  });

  it('a client trusting another CA is refused', async () => {
    const err = await connectAsync(
      broker.url,
      { ...clientOpts, ca: other.cert, rejectUnauthorized: true },
      false,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(`${(err as NodeJS.ErrnoException).code} ${(err as Error).message}`).toMatch(
      /SELF_SIGNED|self.signed|certificate/i,
    );
  });
});
