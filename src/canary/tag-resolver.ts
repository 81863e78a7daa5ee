// CANARY_RESOLVE_TAGS=on: before the first write to a tag, confirm that Canary already has it (Views
// browseTags of the tag's node). Where Canary's tags come from the historian's own collector, a tag id
// uns-meta cannot find is a mapping mistake, and writing would create an orphan tag holding only
// properties; the writer dead-letters such rows (`tag_unknown`) and `canary dlq retry` re-drives them
// once the tag exists. Known tags are remembered for the life of the process.
// Views sees a new tag only after its view rebuild (minutes): leave this off where uns-meta creates tags.

import { browseTags, type ViewsTarget } from './views.js';

export class TagResolver {
  private readonly known = new Set<string>();

  constructor(private readonly views: ViewsTarget) {}

  /** The tags of `tags` Canary does not have. Rejects (AppError canary_unavailable) when Views does not answer. */
  async unknown(tags: readonly string[]): Promise<Set<string>> {
    const missing = [...new Set(tags)].filter((t) => !this.known.has(t));
    for (const node of new Set(missing.map(nodeOf)))
      for (const tag of await browseTags(this.views, node)) this.known.add(tag);
    return new Set(missing.filter((t) => !this.known.has(t)));
  }
}

/** A tag's node: its id without the last dot segment (every `.` is a level in Views). */
function nodeOf(tag: string): string {
  const i = tag.lastIndexOf('.');
  return i === -1 ? '' : tag.slice(0, i);
}
