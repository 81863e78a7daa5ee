// Detects metrics of one birth that cannot be stored side by side: the same name twice, or two names on
// one UNS path. (Canary id conflicts span devices, so the store finds them in SQL.) Pure, no I/O.
// Keeps positions, not strings: a name or path is looked up again (MetricLookup) only when its hash
// meets another's, so an 800k-metric birth does not hold 1.6 million strings while it is staged.

export type Collision =
  | { kind: 'duplicate_name'; names: [string, string]; path: string }
  | { kind: 'uns_path_collision'; names: [string, string]; path: string };

/** Where the name and UNS path of the metric at a position of the birth are found again. */
export interface MetricLookup {
  nameAt(position: number): string;
  pathAt(position: number): string;
}

/**
 * Accepts metrics one at a time. A rejected metric is never written; the metric it collided with was
 * accepted earlier, so it is listed in `withdrawn` and must be taken out again: neither side wins.
 */
export class CollisionTracker {
  private readonly byName = new PositionIndex();
  private readonly byPath = new PositionIndex();
  readonly withdrawn = new Set<string>();
  private readonly nameAt: (p: number) => string;
  private readonly pathAt: (p: number) => string;

  constructor(lookup: MetricLookup) {
    this.nameAt = (p) => lookup.nameAt(p);
    this.pathAt = (p) => lookup.pathAt(p);
  }

  /** Takes back a name accepted earlier (another rule refused it after all). */
  withdraw(name: string): void {
    if (this.byName.find(name, this.nameAt) !== undefined) this.withdrawn.add(name);
  }

  accept(name: string, path: string, position: number): Collision | null {
    if (this.byName.find(name, this.nameAt) !== undefined) {
      this.withdrawn.add(name);
      return { kind: 'duplicate_name', names: [name, name], path };
    }
    const holder = this.byPath.find(path, this.pathAt);
    if (holder !== undefined) {
      const holderName = this.nameAt(holder);
      this.withdrawn.add(holderName);
      return { kind: 'uns_path_collision', names: [holderName, name], path };
    }
    this.byName.add(name, position, this.nameAt);
    this.byPath.add(path, position, this.pathAt);
    return null;
  }
}

/** string → position, keyed by a 30-bit hash (a small integer, no string kept) unless two strings share it. */
export class PositionIndex {
  private readonly map = new Map<number | string, number>();

  find(key: string, keyAt: (p: number) => string): number | undefined {
    const p = this.map.get(hash30(key));
    if (p !== undefined && keyAt(p) === key) return p;
    return this.map.get(key);
  }

  /** `key` must not be present (find first). */
  add(key: string, position: number, keyAt: (p: number) => string): void {
    const h = hash30(key);
    const p = this.map.get(h);
    if (p === undefined) this.map.set(h, position);
    else if (keyAt(p) !== key) this.map.set(key, position);
  }
}

/** FNV-1a over UTF-16 code units, cut to 30 bits: a V8 small integer. */
export function hash30(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}
