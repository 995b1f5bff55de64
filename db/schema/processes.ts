import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

export const PROCESS_KINDS = ["regulation", "budget"] as const;
export type ProcessKind = (typeof PROCESS_KINDS)[number];

/** The phases of a process, in their natural order; any may be skipped. */
export const PHASE_KINDS = [
  "information",
  "debate",
  "annotation",
  "amendments",
  "consolidation",
  "final_vote",
  "results",
  "implementation",
] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

/** A regulation or budget being drafted with residents. */
export const processes = sqliteTable(
  "processes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    kind: text("kind", { enum: PROCESS_KINDS }).notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    department: text("department").notNull().default(""),
    /** Unpublished processes are visible to staff only. */
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [check("processes_kind", sql`${t.kind} in ('regulation', 'budget')`)],
);

/** A date window of a process; the current phase is computed from server time. */
export const phases = sqliteTable(
  "phases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    processId: integer("process_id")
      .notNull()
      .references(() => processes.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: PHASE_KINDS }).notNull(),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("phases_process_kind").on(t.processId, t.kind),
    check("phases_window", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** The editors' working copy of a process's document (ProseMirror JSON), not yet published. */
export const documentDrafts = sqliteTable("document_drafts", {
  processId: integer("process_id")
    .primaryKey()
    .references(() => processes.id, { onDelete: "cascade" }),
  content: text("content").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  updatedBy: integer("updated_by").references(() => users.id),
});

/** An immutable published version of a document; its number is unique per process. */
export const documentVersions = sqliteTable(
  "document_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    processId: integer("process_id")
      .notNull()
      .references(() => processes.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    content: text("content").notNull(),
    contentHash: text("content_hash").notNull(),
    changelog: text("changelog").notNull().default(""),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }).notNull(),
    publishedBy: integer("published_by").references(() => users.id),
  },
  (t) => [uniqueIndex("document_versions_number").on(t.processId, t.number), index("document_versions_process").on(t.processId)],
);

/**
 * A clause whose id did not survive a version because its text was merged into another clause
 * (recorded at publish, see findMerges): its page says "merged into <survivor>" in that version
 * instead of only "removed". At most one row per old clause and version.
 */
export const clauseMerges = sqliteTable(
  "clause_merges",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    processId: integer("process_id")
      .notNull()
      .references(() => processes.id, { onDelete: "cascade" }),
    /** The version in which the clause was merged (the first without it). */
    versionId: integer("version_id")
      .notNull()
      .references(() => documentVersions.id, { onDelete: "cascade" }),
    /** The old clause's stable id. */
    clauseId: text("clause_id").notNull(),
    /** The clause of that version that holds its text. */
    intoClauseId: text("into_clause_id").notNull(),
  },
  (t) => [uniqueIndex("clause_merges_version_clause").on(t.versionId, t.clauseId), index("clause_merges_clause").on(t.processId, t.clauseId)],
);
