// What the free-text `errors` of a Canary envelope mean: an expired session, a validation problem, or a
// transient cause, and which tags of the request an error names. Canary documents none of these strings,
// so the patterns are ours (listed below); it does not decide what the writer does with them.

/** Session gone: BadSessionToken wording of the vendor, HMS and birdsong clients (canary-api.md §2). */
const SESSION_PATTERNS: readonly RegExp[] = [
  /\bBadSession(Token|Id)\b/i,
  /\bsession\s*(token|id)?\s+(is\s+)?(invalid|expired|unknown|not\s+found|revoked)/i,
  /\b(invalid|expired|unknown|revoked)\s+session\b/i,
];

/** Validation: the request itself is wrong and sending it again cannot help. Checked before TRANSIENT. */
const VALIDATION_PATTERNS: readonly RegExp[] = [
  /\binvalid\b|\bnot\s+valid\b/i,
  /\b(does\s+not|doesn't)\s+exist\b/i,
  /\bnot\s+found\b|\bunknown\s+(tag|data\s*set|historian|property|method|route)\b/i,
  /\bnot\s+allowed\b|\bforbidden\b|\bpermission\b|\bunauthori[sz]ed\b/i,
  /\bmalformed\b|\bcannot\s+(be\s+)?pars|\bunable\s+to\s+pars|\bmust\s+be\b|\bexpected\b/i,
];

/** Transient: the server could not take the request now; the same request later may succeed. */
const TRANSIENT_PATTERNS: readonly RegExp[] = [
  /\btime[ds]?\s*out\b|\btimeout\b/i,
  /\bthrottl|\brate\s*limit|\btoo\s+many\s+requests\b/i,
  /\b(busy|unavailable|not\s+available|offline|overloaded)\b/i,
  /\btry\s+again\b|\bretry\s+later\b|\btemporar(y|ily)\b/i,
  /\b(buffer|queue)\s+(is\s+)?full\b/i,
  /\bconnection\s+(lost|refused|reset|closed|failed)\b|\bnot\s+connected\b|\bdisconnected\b/i,
  /\bunable\s+to\s+connect\b|\bcould\s+not\s+connect\b/i,
  /\b(shutting\s+down|starting\s+up|restarting)\b/i,
];

export type ErrorMeaning = 'session' | 'validation' | 'transient' | 'unknown';

/** Session beats validation beats transient: "Session token is invalid" is a session problem, and
 * "DataSet 'X' is not available: does not exist" must not be retried. */
export function errorMeaning(text: string): ErrorMeaning {
  if (SESSION_PATTERNS.some((p) => p.test(text))) return 'session';
  if (VALIDATION_PATTERNS.some((p) => p.test(text))) return 'validation';
  if (TRANSIENT_PATTERNS.some((p) => p.test(text))) return 'transient';
  return 'unknown';
}

/** A character that continues a tag id segment: a match followed or preceded by one is part of a longer word. */
const WORD = /[\p{L}\p{N}_]/u;

/**
 * The tags of `tags` that `text` names: the tag id appears with no letter, digit or `_` right after it
 * and none of those or `.` right before it. When one named tag id lies inside another named one at the
 * same place (`A.B` inside `A.B.C`) only the longer counts. A hint for bisection, not proof.
 */
export function tagsNamedIn(text: string, tags: readonly string[]): string[] {
  const spans: Array<{ tag: string; start: number; end: number }> = [];
  for (const tag of new Set(tags)) {
    if (tag === '') continue;
    for (let at = text.indexOf(tag); at !== -1; at = text.indexOf(tag, at + 1)) {
      const before = at === 0 ? '' : text.charAt(at - 1);
      const after = text.charAt(at + tag.length);
      if ((before !== '' && (WORD.test(before) || before === '.')) || (after !== '' && WORD.test(after))) continue;
      spans.push({ tag, start: at, end: at + tag.length });
    }
  }
  const named = new Set<string>();
  for (const s of spans) {
    const inside = spans.some((o) => o !== s && o.start <= s.start && o.end >= s.end && o.end - o.start > s.end - s.start);
    if (!inside) named.add(s.tag);
  }
  return [...new Set(tags)].filter((t) => named.has(t));
}

/** Each named tag with the errors that name it (insertion order of `tags`). */
export function errorsByTag(errors: readonly string[], tags: readonly string[]): Map<string, string[]> {
  const byTag = new Map<string, string[]>();
  for (const error of errors) {
    for (const tag of tagsNamedIn(error, tags)) {
      const list = byTag.get(tag) ?? [];
      list.push(error);
      byTag.set(tag, list);
    }
  }
  return new Map(tags.filter((t) => byTag.has(t)).map((t) => [t, byTag.get(t) as string[]]));
}
