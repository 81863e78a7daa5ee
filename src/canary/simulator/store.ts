// The simulator's historian state in memory: DataSets, and per tag, per property name, the entries
// [name, timestamp, value, quality] keyed by timestamp (re-sending an entry replaces it, as Canary stores
// properties by name+timestamp). Reads take the latest value per name. Persistence lives in persistence.ts.

import { canonicalTimestamp, type ParsedEntry, type Quality, type Scalar } from './validation.js';

export type PropertyEntry = [name: string, timestamp: string, value: Scalar, quality: Quality];

/** Tag id → property name → entries, oldest first. */
export type TagSnapshot = Record<string, Record<string, PropertyEntry[]>>;

export interface StoreState {
  datasets: string[];
  tags: TagSnapshot;
}

interface Stored {
  timestamp: string;
  value: Scalar;
  quality: Quality;
}

export interface TagStore {
  hasDataset(name: string): boolean;
  addDataset(name: string): void;
  datasets(): string[];
  /** Stores the entries of one tag; returns how many entries were stored. */
  write(tag: string, entries: readonly ParsedEntry[]): number;
  /** All tag ids, sorted (the order browseTags pages in). */
  tagIds(): readonly string[];
  /** Latest value per property name (by timestamp), or undefined for an unknown tag. */
  latest(tag: string): Record<string, Scalar> | undefined;
  snapshot(): StoreState;
  entryCount(): number;
}

export function createTagStore(initial: StoreState = { datasets: [], tags: {} }): TagStore {
  const datasets = new Set<string>(initial.datasets);
  // tag → name → canonical timestamp key → stored entry
  const tags = new Map<string, Map<string, Map<string, Stored>>>();
  let sorted: string[] | undefined;
  let entries = 0;

  const write = (tag: string, list: readonly ParsedEntry[]): number => {
    let props = tags.get(tag);
    if (!props) {
      tags.set(tag, (props = new Map()));
      sorted = undefined;
    }
    for (const e of list) {
      let byTime = props.get(e.name);
      if (!byTime) props.set(e.name, (byTime = new Map()));
      if (!byTime.has(e.key)) entries++;
      byTime.set(e.key, { timestamp: e.timestamp, value: e.value, quality: e.quality });
    }
    return list.length;
  };

  for (const [tag, props] of Object.entries(initial.tags)) {
    for (const [, list] of Object.entries(props)) {
      write(
        tag,
        list.map(([name, timestamp, value, quality]) => ({
          name,
          timestamp,
          key: canonicalTimestamp(timestamp) ?? timestamp,
          value,
          quality,
        })),
      );
    }
  }

  const ordered = (byTime: Map<string, Stored>) =>
    [...byTime.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  return {
    hasDataset: (name) => datasets.has(name),
    addDataset: (name) => void datasets.add(name),
    datasets: () => [...datasets].sort(),
    write,
    tagIds: () => (sorted ??= [...tags.keys()].sort()),
    latest(tag) {
      const props = tags.get(tag);
      if (!props) return undefined;
      const out: Record<string, Scalar> = {};
      for (const [name, byTime] of props) {
        const last = ordered(byTime).at(-1);
        if (last) out[name] = last[1].value;
      }
      return out;
    },
    snapshot() {
      const out: TagSnapshot = {};
      for (const [tag, props] of tags) {
        const p: Record<string, PropertyEntry[]> = (out[tag] = {});
        for (const [name, byTime] of props)
          p[name] = ordered(byTime).map(([, s]) => [name, s.timestamp, s.value, s.quality]);
      }
      return { datasets: [...datasets].sort(), tags: out };
    },
    entryCount: () => entries,
  };
}
