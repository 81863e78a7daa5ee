// What a birth's staging found wrong, as quarantine entries with the message an operator reads: one
// place for the wording of duplicates, collisions and aliases claimed twice. Pure.

import type { BirthMetric } from '../sparkplug/birth.js';
import type { QuarantineCode, QuarantineEntry } from './quarantine.js';
import { bigintReplacer } from './quarantine.js';

export class BirthProblems {
  readonly entries: QuarantineEntry[] = [];

  constructor(private readonly topic: string) {}

  add(code: QuarantineCode, message: string, metric: BirthMetric | null, details: Record<string, unknown> = {}): void {
    const summary = metric && {
      name: metric.name,
      alias: metric.alias,
      datatype: metric.datatype,
      properties: Object.fromEntries(metric.properties),
    };
    this.entries.push({
      topic: this.topic,
      code,
      message,
      details: { ...details, ...(metric ? { name: metric.name } : {}) },
      payload: summary ? Buffer.from(JSON.stringify(summary, bigintReplacer)) : null,
    });
  }

  /** The same name twice, or two names on one UNS path: neither definition is applied. */
  collision(
    kind: 'duplicate_name' | 'uns_path_collision',
    [a, b]: [string, string],
    path: string,
    metric: BirthMetric | null,
    details: Record<string, unknown>,
  ): void {
    const message =
      kind === 'duplicate_name'
        ? `metric name "${a}" appears more than once in the birth; none of its definitions is applied`
        : `metric names "${a}" and "${b}" both map to ${path}; neither is applied until one is renamed`;
    this.add(kind, message, metric, details);
  }

  /** One alias claimed by two metrics of the birth, reported for `name` (one of the two). */
  aliasClaimedTwice(
    alias: bigint,
    [a, b]: [string, string],
    name: string,
    metric: BirthMetric | null,
    details: Record<string, unknown>,
  ): void {
    const message = `alias ${alias} is used by metrics "${a}" and "${b}" of one birth; "${name}" is not applied until the aliases are unique`;
    this.add('alias_duplicate', message, metric, details);
  }
}
