// Cuts the pgoutput message stream into transactions (begin … commit), folding each into changes as it
// arrives, and says whether one is open (a keepalive may only be acknowledged between transactions).
// Pure: it does not acknowledge, debounce or touch the connection.

import { AppError } from '../errors.js';
import { TransactionChanges, type TransactionResult } from './changes.js';
import type { PgoutputMessage } from './pgoutput.js';

export class TransactionStream {
  private current: TransactionChanges | null = null;

  constructor(private readonly schema = 'uns_meta') {}

  get open(): boolean {
    return this.current !== null;
  }

  /** The finished transaction on its commit message, else null. */
  push(m: PgoutputMessage): TransactionResult | null {
    switch (m.tag) {
      case 'begin':
        if (this.current) throw outOfOrder('a begin inside an open transaction');
        this.current = new TransactionChanges(this.schema);
        this.current.apply(m);
        return null;
      case 'commit': {
        if (!this.current) throw outOfOrder('a commit without its begin');
        if (!m.commitLsn) throw outOfOrder('a commit without a commit LSN');
        const result = this.current.result(m.commitLsn);
        this.current = null;
        return result;
      }
      case 'insert':
      case 'update':
      case 'delete':
      case 'truncate':
      case 'message':
        if (m.tag === 'message' && !m.transactional) return null;
        if (!this.current) throw outOfOrder(`a ${m.tag} outside a transaction`);
        this.current.apply(m);
        return null;
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
