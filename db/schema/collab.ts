import { blob, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Yjs updates of a collaborative document, appended as they are acknowledged. Together with the
 * snapshot they reconstruct the document exactly; compaction folds them into the snapshot.
 */
export const collabUpdates = sqliteTable(
  "collab_updates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    document: text("document").notNull(),
    update: blob("update", { mode: "buffer" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("collab_updates_document").on(t.document, t.id)],
);

/**
 * The compacted state of a collaborative document (Y.encodeStateAsUpdate): one row per document,
 * replaced in the same transaction that deletes the updates it folded in.
 */
export const collabSnapshots = sqliteTable("collab_snapshots", {
  document: text("document").primaryKey(),
  state: blob("state", { mode: "buffer" }).notNull(),
  /** The highest collab_updates.id folded into this snapshot. */
  lastUpdateId: integer("last_update_id").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});
