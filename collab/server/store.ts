/** What the store holds for one document: a compacted snapshot and the updates appended after it. */
export interface StoredDocument {
  snapshot: Uint8Array | null;
  updates: Array<{ id: number; update: Uint8Array }>;
}

/**
 * Persistence of collaborative documents, implemented over SQLite in db/collab-store.ts (and in
 * memory for unit tests). Methods are synchronous on purpose: an update is acknowledged (sent to
 * anyone else) only after `append` returned, i.e. after its transaction committed.
 */
export interface CollabStore {
  /**
   * The snapshot and every update appended after it, in order. May be asynchronous (a remote
   * store): the server makes concurrent first connections wait for the same load.
   */
  load(document: string): StoredDocument | Promise<StoredDocument>;
  /** Appends one update; returns its id (increasing). */
  append(document: string, update: Uint8Array): number;
  /**
   * Replaces the snapshot with `state` (which includes every update up to `upToId`) and deletes
   * those updates, in one transaction: a crash leaves either the old or the new pair, never both.
   */
  compact(document: string, state: Uint8Array, upToId: number): void;
}

/** An in-memory CollabStore for unit tests; it records how often each method ran. */
export class MemoryCollabStore implements CollabStore {
  private readonly snapshots = new Map<string, { state: Uint8Array; lastUpdateId: number }>();
  private readonly updates: Array<{ id: number; document: string; update: Uint8Array }> = [];
  private nextId = 1;
  readonly calls = { load: 0, append: 0, compact: 0 };

  /** Synchronous here, so tests can inspect what is stored directly. */
  load(document: string): StoredDocument {
    this.calls.load++;
    const snapshot = this.snapshots.get(document);
    const after = snapshot?.lastUpdateId ?? 0;
    return {
      snapshot: snapshot?.state ?? null,
      updates: this.updates.filter((u) => u.document === document && u.id > after).map(({ id, update }) => ({ id, update })),
    };
  }

  append(document: string, update: Uint8Array): number {
    this.calls.append++;
    const id = this.nextId++;
    this.updates.push({ id, document, update });
    return id;
  }

  compact(document: string, state: Uint8Array, upToId: number): void {
    this.calls.compact++;
    this.snapshots.set(document, { state, lastUpdateId: upToId });
    for (let i = this.updates.length - 1; i >= 0; i--) {
      const row = this.updates[i];
      if (row && row.document === document && row.id <= upToId) this.updates.splice(i, 1);
    }
  }

  /** Rows currently stored for a document (updates not yet compacted). */
  updateCount(document: string): number {
    return this.updates.filter((u) => u.document === document).length;
  }
}
