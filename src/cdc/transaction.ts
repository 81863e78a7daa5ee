// Cuts the pgoutput message stream into transactions (begin … commit), folding each into changes as it
// arrives, and says whether one is open (a keepalive may only be acknowledged between transactions).
// A transaction of more than `chunkRows` row messages comes out in chunks, so memory does not grow with
// its size. Pure: it does not acknowledge, debounce or touch the connection.

import { AppError } from '../errors.js';
import { TransactionChanges, type TransactionResult } from './changes.js';
import type { PgoutputMessage } from './pgoutput.js';

/**
 * `chunk`: part of a transaction still open (its commit LSN is the one its begin announced); `first`
 * for its first part.
 * `commit`: the transaction's last part; `chunked` when chunks of it came before.
 */
export type StreamEvent =
  | { kind: 'chunk'; tx: TransactionResult; first: boolean }
  | { kind: 'commit'; tx: TransactionResult; chunked: boolean };

/** Row messages per chunk: ~5,000 metrics of a birth, a few MB of changes in memory. */
export const DEFAULT_CHUNK_ROWS = 50_000;

export class TransactionStream {
  private current: TransactionChanges | null = null;
  private finalLsn: string | null = null;
  private rows = 0;
  private chunks = 0;

  constructor(
    private readonly schema = 'uns_meta',
    private readonly chunkRows = DEFAULT_CHUNK_ROWS,
  ) {}

  get open(): boolean {
    return this.current !== null;
  }

  /** A chunk or the finished transaction, else null. */
  push(m: PgoutputMessage): StreamEvent | null {
    switch (m.tag) {
      case 'begin':
        if (this.current) throw outOfOrder('a begin inside an open transaction');
        this.current = new TransactionChanges(this.schema);
        this.current.apply(m);
        this.finalLsn = m.commitLsn;
        this.rows = 0;
        this.chunks = 0;
        return null;
      case 'commit': {
        if (!this.current) throw outOfOrder('a commit without its begin');
        if (!m.commitLsn) throw outOfOrder('a commit without a commit LSN');
        const tx = this.current.result(m.commitLsn);
        this.current = null;
        return { kind: 'commit', tx, chunked: this.chunks > 0 };
      }
      case 'insert':
      case 'update':
      case 'delete':
      case 'truncate':
      case 'message':
        if (m.tag === 'message' && !m.transactional) return null;
        if (!this.current) throw outOfOrder(`a ${m.tag} outside a transaction`);
        this.current.apply(m);
        if (m.tag === 'message' || ++this.rows < this.chunkRows) return null;
        if (!this.finalLsn) throw outOfOrder('a begin without the final LSN of its transaction');
        this.rows = 0;
        return { kind: 'chunk', tx: this.current.split(this.finalLsn), first: this.chunks++ === 0 };
      default:
        // relation, type and origin carry no row change.
        return null;
    }
  }

  /** After a reconnect the server resends whole transactions: a half-read one is dropped. */
  reset(): void {
    this.current = null;
  }
}

function outOfOrder(what: string): AppError {
  return new AppError('decode_failed', `pgoutput stream out of order: ${what}; restart streaming from the slot`);
}
