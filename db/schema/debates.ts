import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, unique, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { documentVersions, processes } from "./processes";

/** A comment's position on the clause: for, against, neutral (or none given). */
export const STANCES = ["for", "against", "neutral"] as const;
export type Stance = (typeof STANCES)[number];

/** What can be flagged for moderators. */
export const FLAG_TARGETS = ["annotation", "comment"] as const;
export type FlagTarget = (typeof FLAG_TARGETS)[number];

/** How a moderator settled a flag: the content was hidden, or the flag was dismissed. */
export const FLAG_RESOLUTIONS = ["hidden", "dismissed"] as const;
export type FlagResolution = (typeof FLAG_RESOLUTIONS)[number];

/** Deepest reply level: 0 = a comment on the clause, 1 = a reply, 2 = a reply to a reply. */
export const MAX_COMMENT_DEPTH = 2;

/**
 * One comment of a clause debate (a thread per clause id, which is stable across versions).
 * Replies point to their parent and store their depth, so "at most 3 levels" is a CHECK as well
 * as a service rule. Hidden comments keep their row: readers see a placeholder with the reason.
 */
export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    processId: integer("process_id")
      .notNull()
      .references(() => processes.id, { onDelete: "cascade" }),
    clauseId: text("clause_id").notNull(),
    /** The version the author was reading when writing. */
    versionId: integer("version_id")
      .notNull()
      .references(() => documentVersions.id),
    parentId: integer("parent_id").references((): AnySQLiteColumn => comments.id),
    depth: integer("depth").notNull(),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    stance: text("stance", { enum: STANCES }),
    /** A staff answer, shown as official. */
    official: integer("official", { mode: "boolean" }).notNull().default(false),
    /**
     * Number of rows in comment_supports for this comment, kept in the same transaction as each
     * support so "most supported" sorts on an indexed column instead of counting every page view.
     */
    supportCount: integer("support_count").notNull().default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    hiddenAt: integer("hidden_at", { mode: "timestamp_ms" }),
    hiddenReason: text("hidden_reason"),
    hiddenBy: integer("hidden_by").references(() => users.id),
  },
  (t) => [
    index("comments_thread").on(t.processId, t.clauseId, t.depth, t.createdAt),
    index("comments_thread_supported").on(t.processId, t.clauseId, t.depth, t.supportCount),
    index("comments_parent").on(t.parentId),
    check("comments_depth", sql`${t.depth} between 0 and 2`),
    check("comments_parent_depth", sql`(${t.parentId} is null) = (${t.depth} = 0)`),
    check("comments_stance", sql`${t.stance} is null or ${t.stance} in ('for', 'against', 'neutral')`),
    check("comments_support_count", sql`${t.supportCount} >= 0`),
    check("comments_body_length", sql`length(${t.body}) between 1 and 5000`),
    check("comments_hidden_reason", sql`${t.hiddenAt} is null or ${t.hiddenReason} is not null`),
  ],
);

/** One person's support of a comment: the primary key makes "one support per person" a constraint. */
export const commentSupports = sqliteTable(
  "comment_supports",
  {
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] })],
);

/**
 * A report of an annotation or a comment to moderators, with the reporter's reason. One flag per
 * person and target (UNIQUE). Settled flags keep their row: the queue shows only open ones.
 */
export const flags = sqliteTable(
  "flags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    targetType: text("target_type", { enum: FLAG_TARGETS }).notNull(),
    targetId: integer("target_id").notNull(),
    reporterId: integer("reporter_id")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
    resolution: text("resolution", { enum: FLAG_RESOLUTIONS }),
    resolvedBy: integer("resolved_by").references(() => users.id),
  },
  (t) => [
    unique("flags_one_per_reporter").on(t.targetType, t.targetId, t.reporterId),
    index("flags_open").on(t.resolvedAt, t.targetType, t.targetId),
    check("flags_target_type", sql`${t.targetType} in ('annotation', 'comment')`),
    check("flags_resolution", sql`${t.resolution} is null or ${t.resolution} in ('hidden', 'dismissed')`),
    check("flags_resolved_shape", sql`(${t.resolvedAt} is null) = (${t.resolution} is null)`),
    check("flags_reason_length", sql`length(${t.reason}) between 1 and 1000`),
  ],
);
