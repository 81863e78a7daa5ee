// Which nodes and devices are alive, as a host can know it: births make a scope online, an accepted
// NDEATH takes the node and all its devices offline, a DDEATH one device; while the host is not
// watching the broker every scope is "unknown" until a birth or a message confirms it again
// (spec/sparkplug.md, Host behaviours). Pure state with a dirty set; the ingest stores it.

export type LiveState = 'online' | 'offline' | 'unknown';

export interface ScopeStatus {
  group: string;
  edge: string;
  /** '' for the edge node itself. */
  device: string;
  state: LiveState;
  /** The node session the state belongs to (a device carries its node's bdSeq). */
  bdSeq: bigint | null;
  lastBirthAt: number | null;
  lastDeathAt: number | null;
}

interface Scope {
  group: string;
  edge: string;
  device?: string | null;
}

const keyOf = (s: Scope) => `${s.group}/${s.edge}/${s.device ?? ''}`;
const nodeOf = (s: Scope) => `${s.group}/${s.edge}`;

export class Lifecycle {
  private readonly scopes = new Map<string, ScopeStatus>();
  /** Device keys per node key: an NDEATH reaches every device of the node. */
  private readonly devicesOf = new Map<string, Set<string>>();
  private readonly dirty = new Set<string>();

  /** Stored state of an earlier run; not dirty (it is what the database already holds). */
  restore(rows: Iterable<ScopeStatus>): void {
    for (const r of rows) this.put({ ...r }, false);
  }

  nodeBirth(t: Scope, bdSeq: bigint | null, at: number): void {
    this.set({ ...t, device: '' }, { state: 'online', bdSeq, lastBirthAt: at });
  }

  deviceBirth(t: Scope & { device: string }, at: number): void {
    this.set(t, { state: 'online', bdSeq: this.node(t)?.bdSeq ?? null, lastBirthAt: at });
  }

  /** An NDEATH the host accepted (its bdSeq matches the session). */
  nodeDeath(t: Scope, at: number): void {
    this.set({ ...t, device: '' }, { state: 'offline', lastDeathAt: at });
    for (const key of this.devicesOf.get(nodeOf(t)) ?? []) {
      const d = this.scopes.get(key);
      if (d && d.state !== 'offline') this.set(d, { state: 'offline', lastDeathAt: at });
    }
  }

  deviceDeath(t: Scope & { device: string }, at: number): void {
    this.set(t, { state: 'offline', lastDeathAt: at });
  }

  /** A DATA message: proof of life for a scope whose state the host had lost. */
  seen(t: Scope): void {
    const node = this.node(t);
    if (node?.state === 'unknown') this.set(node, { state: 'online' });
    if (!t.device) return;
    const device = this.scopes.get(keyOf(t));
    if (device?.state === 'unknown') this.set(device, { state: 'online' });
  }

  /** The host stopped watching (broker lost, start-up, stop): nothing it knew is known any more. */
  unwatched(): void {
    for (const s of this.scopes.values()) if (s.state !== 'unknown') this.set(s, { state: 'unknown' });
  }

  get(t: Scope): ScopeStatus | undefined {
    const s = this.scopes.get(keyOf(t));
    return s && { ...s };
  }

  /** Scopes changed since the last call (their current state), and forgets them as changed. */
  takeDirty(): ScopeStatus[] {
    const out: ScopeStatus[] = [];
    for (const key of this.dirty) {
      const s = this.scopes.get(key);
      if (s) out.push({ ...s });
    }
    this.dirty.clear();
    return out;
  }

  /** A write that failed: its scopes are written again with the next batch. */
  markDirty(rows: Iterable<Pick<ScopeStatus, 'group' | 'edge' | 'device'>>): void {
    for (const r of rows) this.dirty.add(keyOf(r));
  }

  private node(t: Scope): ScopeStatus | undefined {
    return this.scopes.get(keyOf({ group: t.group, edge: t.edge }));
  }

  private set(t: Scope, change: Partial<Pick<ScopeStatus, 'state' | 'bdSeq' | 'lastBirthAt' | 'lastDeathAt'>>): void {
    const old = this.scopes.get(keyOf(t));
    const base: ScopeStatus = old ?? {
      group: t.group,
      edge: t.edge,
      device: t.device ?? '',
      state: 'unknown',
      bdSeq: null,
      lastBirthAt: null,
      lastDeathAt: null,
    };
    this.put({ ...base, ...change }, true);
  }

  private put(s: ScopeStatus, dirty: boolean): void {
    const key = keyOf(s);
    this.scopes.set(key, s);
    if (s.device !== '') {
      const node = nodeOf(s);
      let set = this.devicesOf.get(node);
      if (!set) this.devicesOf.set(node, (set = new Set()));
      set.add(key);
    }
    if (dirty) this.dirty.add(key);
  }
}
