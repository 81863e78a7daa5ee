// Views browsing over the sorted tag ids (pure): browseTags with path/deep/search filters and opaque,
// deterministic continuation cursors, and browseNodes one level below a path. Every `.` is a level;
// a tag's node is its id without the last segment. No view-name prefix (as the simulator's only view).

export interface BrowseTagsQuery {
  path: string;
  deep: boolean;
  search: string;
  maxSize: number;
  continuation: string | null;
}

export type BrowseTagsResult =
  { ok: true; tags: string[]; continuation: string | null } | { ok: false; reason: string };

export interface NodeInfo {
  fullPath: string;
  hasNodes: boolean;
  hasTags: boolean;
}

const trimDots = (path: string) => path.replace(/^\.+|\.+$/g, '');

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const encodeCursor = (after: string, filter: string) =>
  Buffer.from(JSON.stringify({ a: after, f: filter })).toString('base64url');

function decodeCursor(cursor: string, filter: string): string | undefined {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { a?: unknown; f?: unknown };
    return typeof c.a === 'string' && c.f === filter ? c.a : undefined;
  } catch {
    return undefined;
  }
}

export function browseTags(sorted: readonly string[], q: BrowseTagsQuery): BrowseTagsResult {
  const path = trimDots(q.path);
  const words = q.search.toLowerCase().split(/\s+/).filter(Boolean);
  const filter = JSON.stringify([path, q.deep, words]);
  let after: string | undefined;
  if (q.continuation) {
    after = decodeCursor(q.continuation, filter);
    if (after === undefined)
      return {
        ok: false,
        reason: `continuation '${q.continuation}' is not valid for this browse (use the one from the previous page with the same path, deep and search)`,
      };
  }
  const prefix = path === '' ? '' : `${path}.`;
  const matches = (tag: string): boolean => {
    if (!tag.startsWith(prefix)) return false;
    if (!q.deep && tag.indexOf('.', prefix.length) !== -1) return false;
    const lower = tag.toLowerCase();
    return words.every((w) => lower.includes(w));
  };
  const tags: string[] = [];
  let i = after === undefined ? lowerBound(sorted, prefix) : lowerBound(sorted, after);
  if (after !== undefined && sorted[i] === after) i++;
  for (; i < sorted.length; i++) {
    const tag = sorted[i] as string;
    if (!tag.startsWith(prefix)) break;
    if (!matches(tag)) continue;
    if (tags.length === q.maxSize) return { ok: true, tags, continuation: encodeCursor(tags.at(-1) as string, filter) };
    tags.push(tag);
  }
  return { ok: true, tags, continuation: null };
}

/** Child nodes one level below `path` ("" = the DataSets, including those without tags yet). */
export function browseNodes(
  sorted: readonly string[],
  datasets: readonly string[],
  path: string,
): Record<string, NodeInfo> {
  const base = trimDots(path);
  const prefix = base === '' ? '' : `${base}.`;
  const nodes: Record<string, NodeInfo> = {};
  const node = (name: string): NodeInfo =>
    (nodes[name] ??= { fullPath: prefix + name, hasNodes: false, hasTags: false });
  if (base === '') for (const d of datasets) node(d);
  for (let i = lowerBound(sorted, prefix); i < sorted.length; i++) {
    const tag = sorted[i] as string;
    if (!tag.startsWith(prefix)) break;
    const rest = tag.slice(prefix.length).split('.');
    if (rest.length < 2) continue; // a tag directly under `path`, not a node
    const child = node(rest[0] as string);
    if (rest.length === 2) child.hasTags = true;
    else child.hasNodes = true;
  }
  return nodes;
}
