// The broker connection of the host: connect (TLS, credentials, MQTT 5 when a shared subscription is
// asked for), subscribe, hand every message to one handler (the next packet is read only after it
// returns, which is the backpressure), reconnect with capped exponential backoff and re-subscribe.
// A fresh mqtt.js client per connection attempt: its built-in reconnect has a fixed interval.

import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { maskUrl } from '../config.js';
import { mqttConnected, mqttReconnectsTotal } from '../metrics.js';

export interface MqttOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  /** File paths, read at every connection attempt so rotated certificates are picked up. */
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  keepaliveSeconds: number;
  qos: 0 | 1;
  filters: string[];
  /** MQTT 5 is needed for shared subscriptions; otherwise 3.1.1 (what every broker speaks). */
  protocolVersion: 4 | 5;
  maxBackoffMs: number;
  /** Subscribed at QoS 1 besides `filters`, never shared (the host's own STATE topic). */
  ownFilters?: string[];
  /** The Will of a connection attempt made at `connectedAt` (ms); sent QoS 1. */
  will?: (connectedAt: number) => { topic: string; payload: Buffer; retain: boolean };
  /** Once subscribed; `connectedAt` is the same instant the Will of this connection was made for. */
  onConnect?: (connectedAt: number) => void;
  /** The subscribed connection was lost: messages may be missed until onConnect. */
  onDisconnect?: () => void;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
}

export type MessageHandler = (topic: string, payload: Buffer) => Promise<void>;

export interface MqttSession {
  /** Connected and subscribed. */
  connected(): boolean;
  publish(topic: string, payload: Buffer, opts?: { qos?: 0 | 1; retain?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/** Subscription filters for the groups (empty = all); `#` so malformed topics arrive and are quarantined. */
export function subscriptionFilters(groups: string[], sharedGroup?: string): string[] {
  const gs = groups.length ? groups : ['+'];
  const types = ['NBIRTH', 'DBIRTH', 'NDEATH', 'DDEATH', 'NDATA', 'DDATA'];
  const filters = gs.flatMap((g) => types.map((t) => `spBv1.0/${g}/${t}/#`));
  return sharedGroup ? filters.map((f) => `$share/${sharedGroup}/${f}`) : filters;
}

export function startMqtt(opts: MqttOptions, onMessage: MessageHandler): MqttSession {
  let client: MqttClient | null = null;
  let stopping = false;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  let everConnected = false;
  // Ready means subscribed, not merely connected: births before the SUBACK would not reach us.
  let subscribed = false;

  const connect = (): void => {
    timer = null;
    let options: IClientOptions;
    const connectedAt = Date.now();
    try {
      options = clientOptions(opts, connectedAt);
    } catch (err) {
      opts.log.warn({ err }, 'cannot read the MQTT TLS files; retrying');
      timer = setTimeout(connect, backoff(failures++, opts.maxBackoffMs));
      return;
    }
    const c = mqtt.connect(opts.url, options);
    client = c;
    // Replaces mqtt.js's default (ack at once): the packet is acknowledged, and the next one read,
    // only when the handler is done with it.
    c.handleMessage = (packet, done) => {
      // mqtt.js hands a Buffer (a string only for a payload we published ourselves): no copy of a 30 MB birth.
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      onMessage(packet.topic, payload).then(
        () => done(),
        (err: unknown) => {
          opts.log.warn({ err, topic: packet.topic }, 'message handler failed');
          done();
        },
      );
    };
    c.on('connect', () => {
      if (everConnected) mqttReconnectsTotal.inc();
      everConnected = true;
      failures = 0;
      mqttConnected.set(1);
      opts.log.info({ url: maskUrl(opts.url), filters: opts.filters.length }, 'connected to the MQTT broker');
      const filters = {
        ...Object.fromEntries(opts.filters.map((f) => [f, { qos: opts.qos }])),
        ...Object.fromEntries((opts.ownFilters ?? []).map((f) => [f, { qos: 1 as const }])),
      };
      c.subscribe(filters, (err) => {
        if (err) opts.log.warn({ err }, 'subscribe failed; reconnecting');
        if (err) c.end(true);
        else {
          subscribed = true;
          opts.onConnect?.(connectedAt);
        }
      });
    });
    c.on('error', (err) => opts.log.warn({ err }, 'MQTT error'));
    c.on('close', () => {
      if (subscribed && client === c && !stopping) opts.onDisconnect?.();
      subscribed = false;
      mqttConnected.set(0);
      if (client !== c || stopping) return;
      c.end(true);
      client = null;
      const delay = backoff(failures++, opts.maxBackoffMs);
      opts.log.warn({ retryInMs: delay }, 'MQTT connection lost');
      timer = setTimeout(connect, delay);
    });
  };
  connect();

  return {
    connected: () => (client?.connected ?? false) && subscribed,
    publish: async (topic, payload, o = {}) => {
      if (!client?.connected) throw new Error('not connected to the MQTT broker');
      await client.publishAsync(topic, payload, { qos: o.qos ?? 0, retain: o.retain ?? false });
    },
    stop: async () => {
      stopping = true;
      if (timer) clearTimeout(timer);
      mqttConnected.set(0);
      const c = client;
      client = null;
      if (c) await c.endAsync(false).catch(() => undefined);
    },
  };
}

/** 1 s, 2 s, 4 s … capped, with jitter so a fleet of hosts does not reconnect in lockstep. */
export function backoff(failures: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, 1000 * 2 ** Math.min(failures, 16));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** The CONNECT options of one attempt (exported for the clean-session rule's test). */
export function clientOptions(o: MqttOptions, connectedAt: number): IClientOptions {
  const will = o.will?.(connectedAt);
  return {
    clientId: o.clientId,
    username: o.username,
    password: o.password,
    keepalive: o.keepaliveSeconds,
    protocolVersion: o.protocolVersion,
    // QoS 1 asks the broker to keep what arrives while this host is away (a persistent session);
    // with QoS 0 there is nothing to keep and missed births come back through rebirth requests.
    clean: o.qos === 0,
    properties: o.protocolVersion === 5 && o.qos === 1 ? { sessionExpiryInterval: 86_400 } : undefined,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    ca: o.caFile ? readFileSync(o.caFile) : undefined,
    cert: o.certFile ? readFileSync(o.certFile) : undefined,
    key: o.keyFile ? readFileSync(o.keyFile) : undefined,
    rejectUnauthorized: true,
    will: will ? { topic: will.topic, payload: will.payload, qos: 1, retain: will.retain } : undefined,
  };
}
