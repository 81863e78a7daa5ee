// Canonical UNS identity of devices and metrics (spec sparkplug.md "UNS identity"). Pure: no I/O.
// Segments keep Unicode letters, digits, space, '.', '_' and '-'; everything else becomes '_'.

import type { SparkplugTopic } from '../sparkplug/birth.js';

export type IdentityResult = { ok: true; path: string } | { ok: false; reason: string };

const WHITESPACE = /[\s\u00A0\u2000-\u200A\u3000]+/gu;
const DISALLOWED = /[^\p{L}\p{N} ._-]/gu;

// Plain ASCII segments that are already canonical (the vast majority) skip the rewriting below.
const CANONICAL_ASCII = /^[A-Za-z0-9.](?:[A-Za-z0-9.]|[_-](?![_-])| (?! ))*(?<![ _-])$/;
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/** Normalizes one path segment; '' means the segment is dropped. */
export function normalizeSegment(raw: string): string {
  if (CANONICAL_ASCII.test(raw)) return raw;
  let out = cache.get(raw);
  if (out === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    out = rewriteSegment(raw);
    cache.set(raw, out);
  }
  return out;
}

/** The rule itself, without shortcuts (exported for the test that checks the shortcut agrees). */
export function rewriteSegment(raw: string): string {
  return raw
    .normalize('NFC')
    .trim()
    .replace(WHITESPACE, ' ')
    .replace(DISALLOWED, '_')
    .replace(/_+/g, '_')
    .replace(/-+/g, '-')
    .replace(/ +/g, ' ')
    .replace(/^[ _-]+|[ _-]+$/g, '');
}

function joinSegments(parts: string[]): string[] {
  return parts.map(normalizeSegment).filter((s) => s !== '');
}

/** `group/edge/device` (NBIRTH: `group/edge`). */
export function devicePath(t: Pick<SparkplugTopic, 'group' | 'edge' | 'device'>): IdentityResult {
  const group = joinSegments([t.group]);
  const edge = joinSegments([t.edge]);
  if (group.length === 0 || edge.length === 0) {
    return {
      ok: false,
      reason: `topic ids "${t.group}"/"${t.edge}" leave no group or edge segment after normalization`,
    };
  }
  if (t.device === '') return { ok: true, path: `${group[0]}/${edge[0]}` };
  const device = joinSegments([t.device]);
  if (device.length === 0)
    return { ok: false, reason: `device id "${t.device}" leaves no segment after normalization` };
  return { ok: true, path: `${group[0]}/${edge[0]}/${device[0]}` };
}

/** Device path + the normalized segments of the metric name split on '/'. */
export function metricPath(devicePathValue: string, name: string): IdentityResult {
  const segments = joinSegments(name.split('/'));
  if (segments.length === 0) return { ok: false, reason: `metric name "${name}" yields no segment` };
  return { ok: true, path: `${devicePathValue}/${segments.join('/')}` };
}

/** Canary tag id: the metric path with '/' replaced by '.' (same rule as the generated column). */
export function canaryId(path: string): string {
  return path.replaceAll('/', '.');
}
