/** Per-user and per-document connection caps. */
export interface ConnectionCaps {
  perUser: number;
  perDocument: number;
}

/**
 * The connection-limits hook: counts open connections per user and per document so that one
 * person (or a runaway script) cannot exhaust the server, and one document cannot draw an
 * unbounded crowd of sockets that every keystroke must be sent to.
 */
export class ConnectionCounter {
  private readonly byUser = new Map<number, number>();
  private readonly byDocument = new Map<string, number>();

  constructor(private readonly caps: ConnectionCaps) {}

  /** Takes a slot for (user, document); false when either cap is reached (nothing is taken). */
  acquire(userId: number, document: string): boolean {
    const user = this.byUser.get(userId) ?? 0;
    const doc = this.byDocument.get(document) ?? 0;
    if (user >= this.caps.perUser || doc >= this.caps.perDocument) return false;
    this.byUser.set(userId, user + 1);
    this.byDocument.set(document, doc + 1);
    return true;
  }

  /** Gives back a slot taken by `acquire`. */
  release(userId: number, document: string): void {
    decrement(this.byUser, userId);
    decrement(this.byDocument, document);
  }

  /** Open connections of a user (for tests and metrics). */
  ofUser(userId: number): number {
    return this.byUser.get(userId) ?? 0;
  }

  /** Open connections of a document. */
  ofDocument(document: string): number {
    return this.byDocument.get(document) ?? 0;
  }
}

function decrement<K>(map: Map<K, number>, key: K): void {
  const value = (map.get(key) ?? 0) - 1;
  if (value > 0) map.set(key, value);
  else map.delete(key);
}
