// The decoded shape of a Sparkplug birth that every reader (protobuf, Sparkplug-JSON, JSONL capture)
// produces and the store consumes. Values only; no I/O here.

export type MessageType = 'NBIRTH' | 'DBIRTH' | 'NDEATH' | 'DDEATH' | 'NDATA' | 'DDATA' | 'NCMD' | 'DCMD';

import type { LightMetric } from './metric-scan.js';
import type { TemplateDefinition } from './templates.js';

export interface SparkplugTopic {
  group: string;
  type: MessageType;
  edge: string;
  /** '' for node-level messages (NBIRTH, NDATA, …). */
  device: string;
}

export type PropertyType = 'int' | 'long' | 'float' | 'double' | 'string' | 'boolean';

/** A typed property value as stored in `metric_properties` (64-bit integers are BigInt). */
export type PropertyValue =
  | { type: 'int'; value: number }
  | { type: 'long'; value: bigint }
  | { type: 'float'; value: number }
  | { type: 'double'; value: number }
  | { type: 'string'; value: string }
  | { type: 'boolean'; value: boolean };

export interface BirthMetric {
  /** As received; null when the metric carries only an alias. */
  name: string | null;
  alias: bigint | null;
  /** Sparkplug datatype NAME (`Int32`, `Float`, …). */
  datatype: string;
  /** Flattened keys (`limits.high`, `alarms[0].name`); absent keys are not stored. */
  properties: Map<string, PropertyValue>;
  /** JSON of the flags, MetaData, DataSet columns, array element type (metric-metadata.ts); null when none. */
  metadata: string | null;
  /** md5 of the raw PropertySet bytes and the metadata (metric-scan.ts); protobuf births only. */
  rawFp?: string;
}

/**
 * Asked for each metric of a protobuf birth before its properties are decoded: true means the caller
 * knows this metric byte for byte (see metric-scan.ts), and gets a `light` result without properties.
 */
export type LightHook = (m: LightMetric, position: number) => boolean;

export interface ReadOptions {
  /**
   * The positions to read; every other one yields a light result without a name, unread (only for
   * births without Template metrics, where positions are metric indexes).
   */
  wanted?: ReadonlySet<number>;
  /** Results decoded ahead (Birth.readAhead) by position: yielded as they are, neither scanned nor decoded again. */
  decoded?: ReadonlyMap<number, readonly MetricResult[]>;
}

/** Why a metric is refused beyond "could not be decoded" (spec/sparkplug.md, validity rules). */
export type MetricFault = 'datatype_invalid' | 'property_duplicate';

/** One metric of a birth, or the reason it could not be read (the rest of the birth still applies). */
export type MetricResult =
  { ok: true; metric: BirthMetric; light?: true } | { ok: false; index: number; reason: string; code?: MetricFault };

export interface BirthHeader {
  timestamp: bigint | null;
  seq: bigint | null;
}

/** A birth ready for the store: header plus a re-iterable metric source (decoded lazily). */
export interface Birth {
  topic: string;
  parsed: SparkplugTopic;
  header: BirthHeader;
  /** Number of metrics, when known up front (for progress), else null. */
  metricCount: number | null;
  /** `light`: see LightHook; both it and the options are ignored by readers that are not protobuf. */
  metrics: (light?: LightHook, opts?: ReadOptions) => Iterable<MetricResult>;
  /** Whether a metric is a Template (instances yield more results than metricCount); absent: none. */
  hasTemplates?: () => boolean;
  /** The Template definitions the birth declares (NBIRTH), or why one cannot be kept. */
  templates?: () => Array<{ ok: true; definition: TemplateDefinition } | { ok: false; reason: string }>;
  /** The name of the metric at an index, read again (protobuf births; index = position without Templates). */
  nameAt?: (index: number) => string | null;
  /**
   * md5 of what the birth declares about its metrics, values and timestamps left out, salted with what
   * else the stored rows depend on (identity-fingerprint.ts); null or absent: compare metric by metric.
   */
  identity?: (salt: string) => string | null;
  /** 16 bytes per metric, the md5 of what it declares (identity-fingerprint.ts); null or absent: none. */
  declarations?: () => Buffer | null;
  /** The metrics at these indexes decoded in full now (protobuf births without Templates), for ReadOptions.decoded. */
  readAhead?: (indexes: readonly number[]) => Map<number, MetricResult[]>;
  /** Raw bytes as received (for quarantine and the payload hash); may be a JSON rendering for captures. */
  payload: Buffer;
}
