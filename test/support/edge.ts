// A scripted Sparkplug edge node for tests: its own mqtt.js client publishing protobuf NBIRTH/DBIRTH/
// DDATA built from a plain description, with seq and bdSeq as a real node keeps them, and answering
// NCMD rebirth requests with its current births. Deterministic: tests say exactly what changes.

import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { encodePayload, type MetricInput, type PropertiesInput } from '../../src/sparkplug/encoder.js';
import { readNodeMessage } from '../../src/sparkplug/node-message.js';

export interface EdgeMetric {
  name: string;
  alias: bigint;
  datatype: string;
  props: PropertiesInput;
}

export class TestEdge {
  readonly devices = new Map<string, EdgeMetric[]>();
  readonly commands: string[] = [];
  private seq = 0;
  private bdSeq = 0n;
  private ts = 1_700_000_000_000n;
  private client: MqttClient | null = null;
  answerRebirth = true;
  /**
   * Aliases are unique per edge node (Sparkplug): the n-th device's aliases are offset by n × 1,000,000,
   * so devices built from the same TestEdge.metrics() never share one. Off to publish a clash on purpose.
   */
  uniqueAliases = true;
  rebirthOnReconnect = true;

  constructor(
    readonly group: string,
    readonly edge: string,
  ) {}

  async connect(url: string, opts: IClientOptions = {}): Promise<void> {
    this.client = await mqtt.connectAsync(url, {
      clientId: `edge-${this.group}-${this.edge}-${Math.random().toString(16).slice(2, 8)}`,
      reconnectPeriod: 300,
      ...opts,
    });
    await this.client.subscribeAsync(`spBv1.0/${this.group}/NCMD/${this.edge}`);
    // Like a real edge node: a new broker session means a new bdSeq and fresh births.
    this.client.on('connect', () => {
      if (!this.rebirthOnReconnect) return;
      this.newSession();
      void this.publishBirths().catch(() => undefined);
    });
    this.client.on('message', (topic, payload) => {
      const msg = readNodeMessage(payload);
      const rebirth = msg.ok && msg.message.metrics.some((m) => m.name === 'Node Control/Rebirth');
      this.commands.push(topic);
      if (rebirth && this.answerRebirth) void this.publishBirths().catch(() => undefined);
    });
  }

  /** Metrics of a device: n metrics with aliases from `aliasBase`, a few properties each. */
  static metrics(n: number, aliasBase = 1n, label = 'v1'): EdgeMetric[] {
    return Array.from({ length: n }, (_, i) => ({
      name: `Area/Line ${i % 5}/Tag ${i}`,
      alias: aliasBase + BigInt(i),
      datatype: i % 3 === 0 ? 'Float' : 'Int32',
      props: {
        engUnit: { type: 'String', value: i % 2 ? 'bar' : '°C' },
        engHigh: { type: 'Double', value: 100 + i },
        engLow: { type: 'Double', value: 0 },
        Documentation: { type: 'String', value: `tag ${i} ${label}` },
      },
    }));
  }

  nextTimestamp(): bigint {
    this.ts += 1000n;
    return this.ts;
  }

  nbirthPayload(): Buffer {
    this.seq = 0;
    return encodePayload({
      timestamp: this.nextTimestamp(),
      seq: 0n,
      metrics: [
        { name: 'bdSeq', datatype: 'Int64', value: this.bdSeq },
        { name: 'Node Control/Rebirth', alias: 9000n, datatype: 'Boolean', value: false },
        {
          name: 'Node Info/Version',
          alias: 9001n,
          datatype: 'String',
          value: '8.1',
          properties: { Documentation: { type: 'String', value: 'edge version' } },
        },
      ],
    });
  }

  dbirthPayload(device: string, over: { timestamp?: bigint; seq?: number } = {}): Buffer {
    const metrics = this.devices.get(device) ?? [];
    const offset = this.uniqueAliases ? BigInt(Math.max(0, [...this.devices.keys()].indexOf(device))) * 1_000_000n : 0n;
    return encodePayload({
      timestamp: over.timestamp ?? this.nextTimestamp(),
      seq: BigInt(over.seq ?? this.nextSeq()),
      metrics: metrics.map((m): MetricInput => ({
        name: m.name,
        alias: m.alias + offset,
        datatype: m.datatype,
        value: m.datatype === 'Float' ? 1.5 : 1,
        properties: m.props,
      })),
    });
  }

  ddataPayload(aliases: bigint[]): Buffer {
    return encodePayload({
      timestamp: this.nextTimestamp(),
      seq: BigInt(this.nextSeq()),
      metrics: aliases.map((alias) => ({ alias, datatype: 'Int32', value: 7 })),
    });
  }

  nextSeq(): number {
    this.seq = (this.seq + 1) % 256;
    return this.seq;
  }

  async publishBirths(): Promise<void> {
    await this.publish(`spBv1.0/${this.group}/NBIRTH/${this.edge}`, this.nbirthPayload());
    for (const device of this.devices.keys())
      await this.publish(`spBv1.0/${this.group}/DBIRTH/${this.edge}/${device}`, this.dbirthPayload(device));
  }

  async publish(topic: string, payload: Buffer, qos: 0 | 1 = 1): Promise<void> {
    if (!this.client) throw new Error('edge not connected');
    await this.client.publishAsync(topic, payload, { qos });
  }

  connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** A new session, as after a restart of the edge node. */
  newSession(): void {
    this.bdSeq += 1n;
  }

  async stop(): Promise<void> {
    await this.client?.endAsync(true).catch(() => undefined);
    this.client = null;
  }
}
