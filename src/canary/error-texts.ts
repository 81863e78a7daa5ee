// What the free-text `errors` of a Canary envelope mean (an expired session, a refusal of access or
// configuration, a missing DataSet, a bad tag or value, a transient cause) and which tags or DataSets of
// the request a text names. Canary documents none of these strings, so the patterns are ours (below);
// what the writer does with a meaning is the classification table in responses.ts.

/** Session gone: BadSessionToken wording of the vendor, HMS and birdsong clients (canary-api.md §2). */
const SESSION_PATTERNS: readonly RegExp[] = [
  /\bBadSession(Token|Id)\b/i,
  /\bsession\s*(token|id)?\s+(is\s+)?(invalid|expired|unknown|not\s+found|revoked)/i,
  /\b(invalid|expired|unknown|revoked)\s+session\b/i,
];

/** Access or configuration: who we are or where we write, not what we send. No tag is to blame. */
const ACCESS_PATTERNS: readonly RegExp[] = [
  /\bnot\s+allowed\b|\bforbidden\b|\bpermission\b|\bunauthori[sz]ed\b|\baccess\s+denied\b/i,
  /\b(api|access|user)\s*token\b/i,
  /\bunknown\s+historian\b|\bhistorian\b.*\b(not\s+known|unknown)\b/i,
  /\bunknown\s+(method|route|endpoint)\b|\bno\s+such\s+(route|method|endpoint)\b/i,
  /\blicen[cs]e\b/i,
];

/** A DataSet that does not exist: the rows wait for it (created, or autoCreateDatasets / an override). */
const MISSING_DATASET_PATTERNS: readonly RegExp[] = [
  /\bdata\s*set\b.*\b((does\s+not|doesn't)\s+exist|not\s+found|unknown)\b/i,
  /\b(unknown|missing|no\s+such)\s+data\s*set\b/i,
];

/** A tag or value the request got wrong: sending it again cannot help. Checked before TRANSIENT. */
const TAG_PATTERNS: readonly RegExp[] = [
  /\binvalid\b|\bnot\s+valid\b/i,
  /\b(does\s+not|doesn't)\s+exist\b/i,
  /\bnot\s+found\b|\bunknown\s+(tag|property)\b/i,
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

export type ErrorMeaning = 'session' | 'access' | 'missing_dataset' | 'tag' | 'transient' | 'unknown';

const ORDER: ReadonlyArray<[ErrorMeaning, readonly RegExp[]]> = [
  ['session', SESSION_PATTERNS],
  ['access', ACCESS_PATTERNS],
  ['missing_dataset', MISSING_DATASET_PATTERNS],
  ['tag', TAG_PATTERNS],
  ['transient', TRANSIENT_PATTERNS],
];

/** First match in ORDER: "Session token is invalid" is a session problem, "apiToken is not valid" an
 * access one, and "DataSet 'X' is not available: does not exist" must wait for the DataSet. */
export function errorMeaning(text: string): ErrorMeaning {
  for (const [meaning, patterns] of ORDER) if (patterns.some((p) => p.test(text))) return meaning;
  return 'unknown';
}

/** A character that continues a tag id segment: a match followed or preceded by one is part of a longer word. */
const WORD = /[\p{L}\p{N}_]/u;

/** Where `name` occurs in `text` as a whole id; `segment`: also not followed by `.word` (a DataSet
 * name inside a tag id is that tag, not the DataSet). */
function spansOf(text: string, name: string, segment: boolean): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (let at = text.indexOf(name); at !== -1 && name !== ''; at = text.indexOf(name, at + 1)) {
    const before = at === 0 ? '' : text.charAt(at - 1);
    const after = text.charAt(at + name.length);
    if ((before !== '' && (WORD.test(before) || before === '.')) || (after !== '' && WORD.test(after))) continue;
    if (segment && after === '.' && WORD.test(text.charAt(at + name.length + 1))) continue;
    out.push({ start: at, end: at + name.length });
  }
  return out;
}

/**
 * The tags of `tags` that `text` names: the tag id appears with no letter, digit or `_` right after it
 * and none of those or `.` right before it. When one named tag id lies inside another named one at the
 * same place (`A.B` inside `A.B.C`) only the longer counts. A hint for bisection, not proof.
 */
export function tagsNamedIn(text: string, tags: readonly string[]): string[] {
  const spans = [...new Set(tags)].flatMap((tag) => spansOf(text, tag, false).map((s) => ({ tag, ...s })));
  const named = new Set<string>();
  for (const s of spans) {
    const inside = spans.some(
      (o) => o !== s && o.start <= s.start && o.end >= s.end && o.end - o.start > s.end - s.start,
    );
    if (!inside) named.add(s.tag);
  }
  return [...new Set(tags)].filter((t) => named.has(t));
}

/** The DataSets of `datasets` that `text` names on their own (`'Secil'`, `DataSet Secil`), not as the
 * first segment of a tag id. */
export function datasetsNamedIn(text: string, datasets: readonly string[]): string[] {
  return [...new Set(datasets)].filter((d) => spansOf(text, d, true).length > 0);
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

/** One tag's errors with its own id taken out, so two tags refused for the same reason compare equal. */
export function failureShape(tag: string, errors: readonly string[]): string {
  return errors
    .map((e) => e.split(tag).join('<tag>'))
    .sort()
    .join('\n');
}
