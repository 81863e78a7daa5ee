// Names and UNS paths of metrics a birth staged earlier, found again by their position: read from the
// payload again where the birth can (protobuf without Template instances), else kept here. So the
// collision and alias bookkeeping of an 800k-metric birth holds numbers, not 1.6 million strings.

import { AppError } from '../errors.js';
import type { MetricLookup } from '../uns/collisions.js';
import { metricPath } from '../uns/identity.js';

export class BirthNames implements MetricLookup {
  private readonly kept = new Map<number, string>();

  constructor(
    private readonly devicePath: string,
    private readonly read: ((position: number) => string | null) | null,
  ) {}

  /** Remembers the name at `position` when the birth cannot be read again. */
  keep(position: number, name: string): void {
    if (!this.read) this.kept.set(position, name);
  }

  nameAt(position: number): string {
    const name = this.read ? this.read(position) : this.kept.get(position);
    if (name === null || name === undefined)
      throw new AppError('decode_failed', `metric #${position} of the birth has no name on the second reading`);
    return name;
  }

  pathAt(position: number): string {
    const p = metricPath(this.devicePath, this.nameAt(position));
    if (!p.ok)
      throw new AppError('decode_failed', `metric #${position} of the birth has no UNS path on the second reading`);
    return p.path;
  }
}
