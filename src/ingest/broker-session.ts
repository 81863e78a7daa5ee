// The ingest stage's broker connection as a Sparkplug host: subscribed to the configured groups, it
// announces this host's STATE (online at each connect, the Will of that connection, offline at a clean
// stop) and, after a reconnect, asks the known nodes for rebirths. Messages go to the receiver undecoded.

import type { Logger } from '../log.js';
import { startMqtt, subscriptionFilters, type MqttSession } from '../sparkplug/mqtt.js';
import { hostStateMessage, readHostState } from './host-state-message.js';
import type { RebirthRequests } from './rebirth-requests.js';

/** MQTT_*: the session's identity, credentials and subscriptions (the URL comes apart: it may be the embedded broker's). */
export interface IngestMqttSettings {
  clientId: string;
  username: string | undefined;
  password: string | undefined;
  caFile: string | undefined;
  certFile: string | undefined;
  keyFile: string | undefined;
  keepaliveSeconds: number;
  qos: 0 | 1;
  /** MQTT_GROUPS: the Sparkplug groups read (every group when empty). */
  groups: string[];
  /** MQTT_SHARED_GROUP: instances of one shared subscription (MQTT 5) split the messages. */
  sharedGroup: string | undefined;
  /** MQTT_STATE_HOST_ID: the host id whose STATE this service publishes; null = none (off). */
  stateHostId: string | null;
}

export interface BrokerSessionDeps {
  url: string;
  settings: IngestMqttSettings;
  /** MQTT_REBIRTH_ON_START: the known nodes are asked at the first connect too, not only after a reconnect. */
  rebirthOnStart: boolean;
  rebirths: RebirthRequests;
  /** The nodes this host knows of, seen or stored; one listed twice is asked once. */
  knownNodes(): Promise<Array<{ group: string; edge: string }>>;
  /** Every message but those on this host's own STATE topic. */
  receive(topic: string, payload: Buffer): Promise<void>;
  /** The subscribed connection was lost: what happens until the next connect is not seen. */
  onDisconnect(): void;
  log: Logger;
}

export interface BrokerSession {
  /** Connected and subscribed. */
  connected(): boolean;
  publish(topic: string, payload: Buffer, opts?: { qos: 0 | 1; retain: boolean }): Promise<void>;
  /** STATE offline (when connected), then the connection ends. */
  stop(): Promise<void>;
}

export function startBrokerSession(d: BrokerSessionDeps): BrokerSession {
  const s = d.settings;
  const log = d.log;
  let session: MqttSession | null = null;
  let connects = 0;
  const stateTopic = s.stateHostId === null ? null : `spBv1.0/STATE/${s.stateHostId}`;
  /** The CONNECT time of the current connection: its Will, its STATE birth and its offline message carry it. */
  let stateAt = 0;
  let stopping = false;
  /** The birth carries the CONNECT time (as the Will does); the offline message of a clean stop the time of the stop. */
  const publishState = (online: boolean, at = stateAt) =>
    stateTopic
      ? session
          ?.publish(stateTopic, hostStateMessage(online, at), { qos: 1, retain: true })
          .catch((err: unknown) => log.warn({ err }, 'STATE not published'))
      : undefined;
  const onConnect = (connectedAt: number) => {
    const reason = connects++ === 0 ? 'startup' : 'reconnect';
    stateAt = connectedAt;
    void publishState(true);
    if (reason === 'startup' && !d.rebirthOnStart) return;
    // A reconnect may have hidden births published meanwhile: ask the known nodes to repeat them.
    void requestAll(reason);
  };
  async function requestAll(reason: 'startup' | 'reconnect'): Promise<void> {
    const nodes = new Map<string, { group: string; edge: string }>();
    for (const n of await d.knownNodes()) nodes.set(`${n.group}/${n.edge}`, n);
    for (const n of nodes.values())
      if (s.groups.length === 0 || s.groups.includes(n.group)) await d.rebirths.request(n.group, n.edge, reason);
  }

  session = startMqtt(
    {
      url: d.url,
      clientId: s.clientId,
      username: s.username,
      password: s.password,
      caFile: s.caFile,
      certFile: s.certFile,
      keyFile: s.keyFile,
      keepaliveSeconds: s.keepaliveSeconds,
      qos: s.qos,
      filters: subscriptionFilters(s.groups, s.sharedGroup),
      ownFilters: stateTopic ? [stateTopic] : [],
      protocolVersion: s.sharedGroup ? 5 : 4,
      maxBackoffMs: 30_000,
      will: stateTopic
        ? (connectedAt) => ({ topic: stateTopic, payload: hostStateMessage(false, connectedAt), retain: true })
        : undefined,
      onConnect,
      onDisconnect: d.onDisconnect,
      log,
    },
    (topic, payload) => (topic === stateTopic ? ownState(payload) : d.receive(topic, payload)),
  );

  /** Someone declared this host offline while it is connected (a stale Will, an operator): say otherwise. */
  async function ownState(payload: Buffer): Promise<void> {
    const said = readHostState(payload);
    // Our own offline message of a clean stop comes back to us too: it stands.
    if (said?.online !== false || stopping) return;
    log.warn(
      { topic: stateTopic, said },
      'STATE offline published for this host while it is connected; publishing online again',
    );
    // Not awaited: the PUBACK is read only after this handler returns (mqtt.js reads packets in order).
    void publishState(true);
  }

  return {
    connected: () => session?.connected() ?? false,
    publish: async (topic, payload, opts) => {
      if (!session) throw new Error('the MQTT session is stopped');
      await session.publish(topic, payload, opts);
    },
    async stop() {
      stopping = true;
      if (session?.connected()) await publishState(false, Date.now());
      await session?.stop();
      session = null;
    },
  };
}
