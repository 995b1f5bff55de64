import { and, asc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "./connection";
import { collabSnapshots, collabUpdates } from "./schema";

/** Stored form of one collaborative document (mirrors collab/server/store.ts StoredDocument). */
export interface StoredCollabDocument {
  snapshot: Uint8Array | null;
  updates: Array<{ id: number; update: Uint8Array }>;
}

/**
 * SQLite persistence of collaborative documents: Yjs updates appended as they are accepted,
 * folded into one snapshot per document by compaction. Every method is one synchronous
 * statement or transaction (better-sqlite3), so a caller that returns from `append` knows the
 * update is committed.
 */
export class SqliteCollabStore {
  /**
   * The append statement, built and prepared once: it runs for every keystroke of every
   * co-author, and building the query and preparing it again each time cost about half of the
   * server's per-update work (bench/scenarios/collab.ts profile).
   */
  private readonly insertUpdate;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.insertUpdate = db
      .insert(collabUpdates)
      .values({ document: sql.placeholder("document"), update: sql.placeholder("update"), createdAt: sql.placeholder("createdAt") })
      .returning({ id: collabUpdates.id })
      .prepare();
  }

  /** The snapshot and the updates appended after it, oldest first, read in one transaction. */
  load(document: string): StoredCollabDocument {
    return this.db.transaction((tx) => {
      const snapshot = tx
        .select({ state: collabSnapshots.state, lastUpdateId: collabSnapshots.lastUpdateId })
        .from(collabSnapshots)
        .where(eq(collabSnapshots.document, document))
        .get();
      // Updates at or below the snapshot's mark were folded into it; compaction deletes them in
      // the same transaction, so this filter is only a second guard.
      const rows = tx
        .select({ id: collabUpdates.id, update: collabUpdates.update })
        .from(collabUpdates)
        .where(and(eq(collabUpdates.document, document), gt(collabUpdates.id, snapshot?.lastUpdateId ?? 0)))
        .orderBy(asc(collabUpdates.id))
        .all();
      return {
        snapshot: snapshot ? new Uint8Array(snapshot.state) : null,
        updates: rows.map((row) => ({ id: row.id, update: new Uint8Array(row.update) })),
      };
    });
  }

  /**
   * `load` for several documents at once: two queries whatever their number (pages that show
   * many drafts' live contents must not read them one by one). Documents never stored come back
   * empty (no snapshot, no updates).
   */
  loadMany(documents: readonly string[]): Map<string, StoredCollabDocument> {
    const out = new Map<string, StoredCollabDocument>(documents.map((d) => [d, { snapshot: null, updates: [] }]));
    if (documents.length === 0) return out;
    return this.db.transaction((tx) => {
      const marks = new Map<string, number>();
      for (const row of tx
        .select({ document: collabSnapshots.document, state: collabSnapshots.state, lastUpdateId: collabSnapshots.lastUpdateId })
        .from(collabSnapshots)
        .where(inArray(collabSnapshots.document, [...documents]))
        .all()) {
        marks.set(row.document, row.lastUpdateId);
        out.set(row.document, { snapshot: new Uint8Array(row.state), updates: [] });
      }
      for (const row of tx
        .select({ document: collabUpdates.document, id: collabUpdates.id, update: collabUpdates.update })
        .from(collabUpdates)
        .where(inArray(collabUpdates.document, [...documents]))
        .orderBy(asc(collabUpdates.id))
        .all()) {
        // As in load: updates folded into the snapshot are skipped.
        if (row.id <= (marks.get(row.document) ?? 0)) continue;
        out.get(row.document)?.updates.push({ id: row.id, update: new Uint8Array(row.update) });
      }
      return out;
    });
  }

  /** Appends one update and returns its id. */
  append(document: string, update: Uint8Array): number {
    const row = this.insertUpdate.get({ document, update: Buffer.from(update.buffer, update.byteOffset, update.byteLength), createdAt: this.now() });
    if (!row) throw new Error(`Appending an update of ${document} returned no id`);
    return row.id;
  }

  /**
   * Replaces the document's snapshot with `state` and deletes the updates it includes (ids up
   * to `upToId`), in one transaction: after a crash there is either the old snapshot with its
   * updates or the new one without them — never a loss, never a double.
   */
  compact(document: string, state: Uint8Array, upToId: number): void {
    const blob = Buffer.from(state.buffer, state.byteOffset, state.byteLength);
    const at = this.now();
    this.db.transaction((tx) => {
      tx.insert(collabSnapshots)
        .values({ document, state: blob, lastUpdateId: upToId, updatedAt: at })
        .onConflictDoUpdate({ target: collabSnapshots.document, set: { state: blob, lastUpdateId: upToId, updatedAt: at } })
        .run();
      tx.delete(collabUpdates)
        .where(and(eq(collabUpdates.document, document), lte(collabUpdates.id, upToId)))
        .run();
    });
  }

  /** How many updates are stored for a document and their total size (tests, benchmarks). */
  stats(document: string): { updates: number; updateBytes: number; snapshotBytes: number } {
    const updates = this.db.select({ update: collabUpdates.update }).from(collabUpdates).where(eq(collabUpdates.document, document)).all();
    const snapshot = this.db.select({ state: collabSnapshots.state }).from(collabSnapshots).where(eq(collabSnapshots.document, document)).get();
    return {
      updates: updates.length,
      updateBytes: updates.reduce((n, row) => n + row.update.length, 0),
      snapshotBytes: snapshot?.state.length ?? 0,
    };
  }
}
