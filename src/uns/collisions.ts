// Detects metrics of one birth that cannot be stored side by side: the same name twice, two names on one
// UNS path, and paths whose Canary ids collide ('a.b' vs 'a/b'). Pure bookkeeping, no I/O.

export type Collision =
  | { kind: 'duplicate_name'; names: [string, string]; path: string }
  | { kind: 'uns_path_collision'; names: [string, string]; path: string };

/**
 * Accepts metrics one at a time. A rejected metric is never written; the metric it collided with was
 * accepted earlier, so it is listed in `withdrawn` and must be taken out again: neither side wins.
 */
export class CollisionTracker {
  private readonly byPath = new Map<string, string>();
  private readonly pathOfName = new Map<string, string>();
  private readonly byCanaryId = new Map<string, string>();
  readonly withdrawn = new Set<string>();
  readonly canaryConflicts: Array<{ canaryId: string; paths: [string, string] }> = [];

  accept(name: string, path: string): Collision | null {
    const earlierPath = this.pathOfName.get(name);
    if (earlierPath !== undefined) {
      this.withdrawn.add(name);
      return { kind: 'duplicate_name', names: [name, name], path };
    }
    const holder = this.byPath.get(path);
    if (holder !== undefined) {
      this.withdrawn.add(holder);
      return { kind: 'uns_path_collision', names: [holder, name], path };
    }
    this.pathOfName.set(name, path);
    this.byPath.set(path, name);
    const cid = path.replaceAll('/', '.');
    const other = this.byCanaryId.get(cid);
    if (other !== undefined) this.canaryConflicts.push({ canaryId: cid, paths: [other, path] });
    else this.byCanaryId.set(cid, path);
    return null;
  }
}
