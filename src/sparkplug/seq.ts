// Sparkplug seq continuity per edge node: NBIRTH starts at 0 and every later message of the node
// (NDATA, DBIRTH, DDATA, DDEATH) carries the previous seq + 1, wrapping at 256. A jump ahead leaves the
// skipped seqs open for the reorder timeout (Sparkplug 3.0): one that arrives late heals its part of the
// gap; one still missing when the timeout ends makes the gap real (reported once by `expired`). Pure
// bookkeeping with the time passed in; what a gap triggers is decided by the host.

/**
 * ok: the next seq. gap: a jump ahead, whose skipped seqs now wait. late: one of those arrived.
 * duplicate: an older seq nobody waits for. unknown: no NBIRTH of this session was seen.
 */
export type SeqVerdict = 'ok' | 'gap' | 'late' | 'duplicate' | 'unknown';

interface NodeSeq {
  last: number;
  /** Skipped seqs → when their wait ends (ms). */
  missing: Map<number, number>;
}

export class SeqTracker {
  private readonly nodes = new Map<string, NodeSeq>();

  constructor(private readonly reorderMs = 2000) {}

  /** An NBIRTH opens a session: its seq (normally 0) is the new reference. */
  birth(node: string, seq: number | null): void {
    this.nodes.set(node, { last: seq ?? 0, missing: new Map() });
  }

  /** A later message of the node. */
  next(node: string, seq: number | null, now = 0): SeqVerdict {
    const n = this.nodes.get(node);
    if (n === undefined || seq === null) return 'unknown';
    if (n.missing.delete(seq)) return 'late';
    const ahead = (seq - n.last + 256) % 256;
    if (ahead === 1) {
      n.last = seq;
      return 'ok';
    }
    // More than half the ring ahead is read as behind: an old message (a redelivery) nobody waits for.
    if (ahead === 0 || ahead >= 128) return 'duplicate';
    for (let k = 1; k < ahead; k++) n.missing.set((n.last + k) % 256, now + this.reorderMs);
    n.last = seq;
    return 'gap';
  }

  /** Nodes with a skipped seq still missing after the reorder timeout; each such gap is reported once. */
  expired(now: number): string[] {
    const out: string[] = [];
    for (const [node, n] of this.nodes) {
      if ([...n.missing.values()].some((until) => until <= now)) {
        out.push(node);
        n.missing.clear();
      }
    }
    return out;
  }

  forget(node: string): void {
    this.nodes.delete(node);
  }
}
