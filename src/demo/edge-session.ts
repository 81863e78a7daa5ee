// Topics and protobuf payloads of one simulated edge node: seq (NBIRTH 0, then +1 per message, wrapping
// at 256), bdSeq (one per MQTT connection, shared by the will NDEATH and the NBIRTH) and strictly
// increasing payload timestamps. Pure apart from the clock; it does not publish.
import { encodePayload, type MetricInput } from '../sparkplug/encoder.js';
import { nodeMetrics, type DemoMetric } from './catalog.js';
import type { DemoDevice } from './scenario.js';

export interface Message {
  topic: string;
  payload: Buffer;
  metricCount: number;
}

export class EdgeSession {
  private seq = 0;
  private lastTs = 0n;
  private bd = 0;

  constructor(
    private readonly group: string,
    private readonly edge: string,
    private readonly now: () => number = Date.now,
  ) {}

  bdSeq(): number {
    return this.bd;
  }

  /** A new MQTT connection is about to be made: the next bdSeq (0–255). */
  nextConnection(): number {
    this.bd = (this.bd + 1) % 256;
    return this.bd;
  }

  /** The NDEATH of the current connection: the will at CONNECT, or published on a clean stop. */
  ndeath(): Message {
    const metrics: MetricInput[] = [{ name: 'bdSeq', datatype: 'Int64', value: BigInt(this.bd) }];
    return {
      topic: this.topic('NDEATH'),
      payload: encodePayload({ timestamp: this.stamp(), metrics }),
      metricCount: 1,
    };
  }

  nbirth(): Message {
    this.seq = 0;
    const timestamp = this.stamp();
    const metrics = nodeMetrics(this.bd, timestamp).map((m) => birthMetric(m, timestamp));
    return {
      topic: this.topic('NBIRTH'),
      payload: encodePayload({ timestamp, seq: 0n, metrics }),
      metricCount: metrics.length,
    };
  }

  dbirth(device: DemoDevice): Message {
    const timestamp = this.stamp();
    const metrics = device.metrics.map((m) => birthMetric(m, timestamp));
    return {
      topic: this.topic('DBIRTH', device.id),
      payload: encodePayload({ timestamp, seq: this.nextSeq(), metrics }),
      metricCount: metrics.length,
    };
  }

  /** Values by alias only, as an edge node sends them after its births. */
  ddata(device: DemoDevice, metrics: readonly DemoMetric[]): Message {
    const timestamp = this.stamp();
    const data: MetricInput[] = metrics.map((m) => ({
      alias: m.alias,
      timestamp,
      datatype: m.datatype,
      value: m.value,
    }));
    return {
      topic: this.topic('DDATA', device.id),
      payload: encodePayload({ timestamp, seq: this.nextSeq(), metrics: data }),
      metricCount: data.length,
    };
  }

  topic(type: string, device?: string): string {
    return `spBv1.0/${this.group}/${type}/${this.edge}${device === undefined ? '' : `/${device}`}`;
  }

  private nextSeq(): bigint {
    this.seq = (this.seq + 1) % 256;
    return BigInt(this.seq);
  }

  private stamp(): bigint {
    const t = BigInt(Math.trunc(this.now()));
    this.lastTs = t > this.lastTs ? t : this.lastTs + 1n;
    return this.lastTs;
  }
}

function birthMetric(m: DemoMetric, timestamp: bigint): MetricInput {
  return { name: m.name, alias: m.alias, timestamp, datatype: m.datatype, value: m.value, properties: m.properties };
}
