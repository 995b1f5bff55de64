import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { documentVersions, processes } from "./processes";

/**
 * How an annotation's anchor on a version came about: made on that version, carried unchanged
 * from the previous one, moved (same or edited words found elsewhere, old quote kept), or
 * orphaned (no confident place; queued for staff).
 */
export const CARRY_STATUSES = ["made_here", "carried", "moved", "orphaned"] as const;
export type CarryStatus = (typeof CARRY_STATUSES)[number];

/** Why re-anchoring gave up (server/services/annotations/anchoring/reanchor.ts OrphanReason). */
export const ORPHAN_REASONS = ["clause-removed", "quote-deleted", "ambiguous", "no-confident-match"] as const;
export type OrphanReasonCode = (typeof ORPHAN_REASONS)[number];

/** How staff settled an orphan: re-attached to new words, or closed as no longer applicable. */
export const ORPHAN_RESOLUTIONS = ["reattached", "closed"] as const;
export type OrphanResolution = (typeof ORPHAN_RESOLUTIONS)[number];

/**
 * A resident's comment on a range of a published version (W3C Web Annotation). The row holds
 * the identity, the body and the quote as first made, plus the CURRENT anchor (on the latest
 * version the annotation was carried to) so the staff orphan queue and re-anchoring on publish
 * read one table. Every version's anchor is also kept in `annotation_anchors`, so asking for an
 * older version still shows where each annotation was on it.
 */
export const annotations = sqliteTable(
  "annotations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    processId: integer("process_id")
      .notNull()
      .references(() => processes.id, { onDelete: "cascade" }),
    /** The version the annotation was made on. */
    versionId: integer("version_id")
      .notNull()
      .references(() => documentVersions.id),
    /** The latest version the annotation has an anchor (possibly orphaned) on. */
    currentVersionId: integer("current_version_id")
      .notNull()
      .references(() => documentVersions.id),
    /** Clause of the current anchor; for an orphan, the clause it was last seen in. */
    clauseId: text("clause_id").notNull(),
    /** Current anchor's quote; for an orphan, the last quote it had. */
    exact: text("exact").notNull(),
    /** Current anchor's context and code point offsets; null for an orphan. */
    prefix: text("prefix"),
    suffix: text("suffix"),
    start: integer("start"),
    end: integer("end"),
    /** The quote as the author selected it on `versionId` (kept for readers after moves). */
    originalExact: text("original_exact").notNull(),
    body: text("body").notNull(),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    carryStatus: text("carry_status", { enum: CARRY_STATUSES }).notNull(),
    orphanReason: text("orphan_reason", { enum: ORPHAN_REASONS }),
    /** Staff settlement of an orphan (audited as annotation.resolveOrphan). */
    resolution: text("resolution", { enum: ORPHAN_RESOLUTIONS }),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
    resolvedBy: integer("resolved_by").references(() => users.id),
    /** Moderation: hidden content shows a placeholder with this public reason. */
    hiddenAt: integer("hidden_at", { mode: "timestamp_ms" }),
    hiddenReason: text("hidden_reason"),
    hiddenBy: integer("hidden_by").references(() => users.id),
    /** The W3C `canonical` IRI the client sent, kept unchanged (Web Annotation Protocol 5.1). */
    canonical: text("canonical"),
    /** The `id` the client sent, kept as W3C `via` (the server assigns the real id). */
    via: text("via"),
    /** When the author last replaced the body (PUT); null if never. */
    modifiedAt: integer("modified_at", { mode: "timestamp_ms" }),
    /** Deleted by its author or a moderator: out of every list, kept for the audit (410 Gone). */
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    deletedBy: integer("deleted_by").references(() => users.id),
  },
  (t) => [
    index("annotations_current_version").on(t.currentVersionId),
    index("annotations_process").on(t.processId),
    check("annotations_carry_status", sql`${t.carryStatus} in ('made_here', 'carried', 'moved', 'orphaned')`),
    check("annotations_orphan_reason", sql`${t.orphanReason} is null or ${t.orphanReason} in ('clause-removed', 'quote-deleted', 'ambiguous', 'no-confident-match')`),
    check("annotations_resolution", sql`${t.resolution} is null or ${t.resolution} in ('reattached', 'closed')`),
    // An anchored annotation has a full selector; an orphan has a reason and no position.
    check(
      "annotations_anchor_shape",
      sql`(${t.carryStatus} = 'orphaned' and ${t.orphanReason} is not null and ${t.start} is null and ${t.end} is null) or (${t.carryStatus} <> 'orphaned' and ${t.orphanReason} is null and ${t.start} is not null and ${t.end} > ${t.start} and ${t.prefix} is not null and ${t.suffix} is not null)`,
    ),
    check("annotations_body_length", sql`length(${t.body}) between 1 and 5000`),
    check("annotations_hidden_reason", sql`${t.hiddenAt} is null or ${t.hiddenReason} is not null`),
  ],
);

/**
 * The anchor of an annotation on one version: written when it is made (made_here) and on each
 * publish (carried / moved / orphaned) in the publish transaction. Immutable history.
 */
export const annotationAnchors = sqliteTable(
  "annotation_anchors",
  {
    annotationId: integer("annotation_id")
      .notNull()
      .references(() => annotations.id, { onDelete: "cascade" }),
    versionId: integer("version_id")
      .notNull()
      .references(() => documentVersions.id),
    clauseId: text("clause_id").notNull(),
    exact: text("exact").notNull(),
    prefix: text("prefix"),
    suffix: text("suffix"),
    start: integer("start"),
    end: integer("end"),
    carryStatus: text("carry_status", { enum: CARRY_STATUSES }).notNull(),
    orphanReason: text("orphan_reason", { enum: ORPHAN_REASONS }),
  },
  (t) => [
    primaryKey({ columns: [t.annotationId, t.versionId] }),
    index("annotation_anchors_version").on(t.versionId),
    check("annotation_anchors_carry_status", sql`${t.carryStatus} in ('made_here', 'carried', 'moved', 'orphaned')`),
    check(
      "annotation_anchors_shape",
      sql`(${t.carryStatus} = 'orphaned' and ${t.orphanReason} is not null and ${t.start} is null and ${t.end} is null) or (${t.carryStatus} <> 'orphaned' and ${t.orphanReason} is null and ${t.start} is not null and ${t.end} > ${t.start} and ${t.prefix} is not null and ${t.suffix} is not null)`,
    ),
    check("annotation_anchors_orphan_reason", sql`${t.orphanReason} is null or ${t.orphanReason} in ('clause-removed', 'quote-deleted', 'ambiguous', 'no-confident-match')`),
  ],
);
