// Sparkplug seq continuity per edge node: NBIRTH starts at 0 and every later message of the node
// (NDATA, DBIRTH, DDATA, DDEATH) carries the previous seq + 1, wrapping at 256. Pure bookkeeping;
// what a gap triggers is decided by the host.

export type SeqVerdict = 'ok' | 'gap' | 'unknown';

export class SeqTracker {
  private readonly last = new Map<string, number>();

  /** An NBIRTH opens a session: its seq (normally 0) is the new reference. */
  birth(node: string, seq: number | null): void {
    this.last.set(node, seq ?? 0);
  }

  /** A later message of the node; 'unknown' when no NBIRTH of this session was seen. */
  next(node: string, seq: number | null): SeqVerdict {
    const prev = this.last.get(node);
    if (prev === undefined || seq === null) return 'unknown';
    this.last.set(node, seq);
    return seq === (prev + 1) % 256 ? 'ok' : 'gap';
  }

  forget(node: string): void {
    this.last.delete(node);
  }
}
