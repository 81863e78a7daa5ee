// Detects metrics of one birth that cannot be stored side by side: the same name twice, or two names on
// one UNS path. (Canary id conflicts span devices, so the store finds them in SQL.) Pure, no I/O.

export type Collision =
  | { kind: 'duplicate_name'; names: [string, string]; path: string }
  | { kind: 'uns_path_collision'; names: [string, string]; path: string };

/**
 * Accepts metrics one at a time. A rejected metric is never written; the metric it collided with was
 * accepted earlier, so it is listed in `withdrawn` and must be taken out again: neither side wins.
 */
export class CollisionTracker {
  private readonly nameOfPath = new Map<string, string>();
  private readonly names = new Set<string>();
  readonly withdrawn = new Set<string>();

  /** Takes back a name accepted earlier (another rule refused it after all). */
  withdraw(name: string): void {
    if (this.names.has(name)) this.withdrawn.add(name);
  }

  accept(name: string, path: string): Collision | null {
    if (this.names.has(name)) {
      this.withdrawn.add(name);
      return { kind: 'duplicate_name', names: [name, name], path };
    }
    const holder = this.nameOfPath.get(path);
    if (holder !== undefined) {
      this.withdrawn.add(holder);
      return { kind: 'uns_path_collision', names: [holder, name], path };
    }
    this.names.add(name);
    this.nameOfPath.set(path, name);
    return null;
  }
}
