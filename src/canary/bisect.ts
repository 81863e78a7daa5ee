// Isolates the tags a permanently refused batch is refused for: splits it (first trying the tags Canary's
// errors name), delivers every subset Canary accepts, and returns as offenders only tags refused when
// sent alone. It sends through `send` only; retries, rate limit and breaker belong to that function.
// It is only called for a refusal that points at tags (or at the size): responses.ts answers Canary-wide
// refusals as transient, and those are never bisected.

export interface BisectOutcome {
  kind: string;
  /** Tags named by the refusal's errors (responses.ts), tried on their own first. */
  tagErrors?: ReadonlyMap<string, readonly string[]>;
}

export interface BisectResult<T, O> {
  delivered: T[];
  /** Refused permanently in a request of their own; `outcome` is that refusal (the dead-letter reason). */
  offenders: Array<{ item: T; outcome: O }>;
  /** Not settled: their subset came back transient, bad_session, circuit_open…; they stay in the outbox. */
  pending: Array<{ item: T; outcome: O }>;
  requests: number;
}

/**
 * `refusal` is the permanent outcome `items` got as one request. Every item ends in exactly one of
 * delivered / offenders / pending. Requests, with k offenders among n items and h tags named by errors:
 * ≤ 2·k·⌈log2 n⌉ + 2·h (each level of the split sends at most two halves of each refused subset; a
 * named tag costs its own request plus at most one for the rest). When the first half is accepted the
 * second must hold an offender, so it is split without being sent as a whole (unless it is one tag:
 * a tag is only ever declared an offender on its own refusal, so a size-based 413 cannot condemn one).
 */
export async function bisect<T, O extends BisectOutcome>(
  items: readonly T[],
  refusal: O,
  send: (subset: T[]) => Promise<O>,
  tagOf: (item: T) => string,
): Promise<BisectResult<T, O>> {
  const result: BisectResult<T, O> = { delivered: [], offenders: [], pending: [], requests: 0 };

  const sendGroup = async (group: T[]): Promise<void> => {
    result.requests++;
    const outcome = await send(group);
    if (outcome.kind === 'success') result.delivered.push(...group);
    else if (outcome.kind === 'permanent') await settle(group, outcome);
    else result.pending.push(...group.map((item) => ({ item, outcome })));
  };

  // `subset` was refused permanently, as a whole, with `why`.
  async function settle(subset: T[], why: O): Promise<void> {
    if (subset.length === 1) {
      result.offenders.push({ item: subset[0] as T, outcome: why });
      return;
    }
    const named = subset.filter((item) => why.tagErrors?.has(tagOf(item)) === true);
    if (named.length > 0) {
      const rest = subset.filter((item) => !named.includes(item));
      if (rest.length > 0) await sendGroup(rest);
      for (const item of named) await sendGroup([item]);
      return;
    }
    const half = Math.ceil(subset.length / 2);
    const first = subset.slice(0, half);
    const second = subset.slice(half);
    const deliveredBefore = result.delivered.length;
    await sendGroup(first);
    const firstAccepted = result.delivered.length - deliveredBefore === first.length;
    if (firstAccepted && second.length > 1) await settle(second, why);
    else await sendGroup(second);
  }

  await settle([...items], refusal);
  return result;
}
