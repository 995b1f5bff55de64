import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { organizations, users } from "./accounts";
import { documentVersions, processes } from "./processes";

/**
 * What an amendment does to its clause: rewrite it (starts as a copy), add a new clause after
 * it, delete it, or — on a budget — move money between lines.
 */
export const AMENDMENT_KINDS = ["modify", "add", "delete", "budget"] as const;
export type AmendmentKind = (typeof AMENDMENT_KINDS)[number];

/**
 * draft (private to its co-authors, written live) → submitted (frozen, public, supportable) →
 * a staff decision (the consolidation issue adds those states) — or withdrawn by its authors.
 */
export const AMENDMENT_STATUSES = ["draft", "submitted", "withdrawn"] as const;
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

/** A co-author is the one who started it ("author") or one who joined ("coauthor"). */
export const AMENDMENT_AUTHOR_ROLES = ["author", "coauthor"] as const;
export type AmendmentAuthorRole = (typeof AMENDMENT_AUTHOR_ROLES)[number];

/**
 * Proposed new wording for one clause of a published version. While a draft, the wording lives
 * in the collaborative document `amendment-{id}` (collab_updates / collab_snapshots); on submit
 * it is frozen here with its content hash and never changes again — further changes are a new
 * amendment linked through `parentId`.
 */
export const amendments = sqliteTable(
  "amendments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    processId: integer("process_id")
      .notNull()
      .references(() => processes.id, { onDelete: "cascade" }),
    /** The published version whose clause it amends. */
    versionId: integer("version_id")
      .notNull()
      .references(() => documentVersions.id),
    /** The clause it modifies or deletes, the clause a new one goes after, or the budget. */
    clauseId: text("clause_id").notNull(),
    kind: text("kind", { enum: AMENDMENT_KINDS }).notNull(),
    status: text("status", { enum: AMENDMENT_STATUSES }).notNull().default("draft"),
    justification: text("justification").notNull(),
    /** The submitted amendment this one amends further. */
    parentId: integer("parent_id").references((): AnySQLiteColumn => amendments.id),
    /** Filed on behalf of this organization (its representative started it). */
    organizationId: integer("organization_id").references(() => organizations.id),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /**
     * Frozen on submit: the wording as amendment-schema JSON ({ doc: article }) for modify and
     * add, null for delete; for budget amendments {"amounts": {lineId: cents}}.
     */
    content: text("content"),
    contentHash: text("content_hash"),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }),
    withdrawnAt: integer("withdrawn_at", { mode: "timestamp_ms" }),
    /** Rows in amendment_supports, kept in the supporting transaction for sorting. */
    supportCount: integer("support_count").notNull().default(0),
  },
  (t) => [
    index("amendments_clause").on(t.processId, t.clauseId, t.status),
    index("amendments_process_status").on(t.processId, t.status, t.supportCount),
    check("amendments_kind", sql`${t.kind} in ('modify', 'add', 'delete', 'budget')`),
    check("amendments_status", sql`${t.status} in ('draft', 'submitted', 'withdrawn')`),
    // Anything past draft was submitted once, unless it was withdrawn as a draft.
    check("amendments_frozen", sql`${t.status} <> 'submitted' or (${t.contentHash} is not null and ${t.submittedAt} is not null)`),
    check("amendments_justified", sql`length(trim(${t.justification})) > 0`),
  ],
);

/** The co-authors of an amendment: they write its draft together and decide to submit it. */
export const amendmentAuthors = sqliteTable(
  "amendment_authors",
  {
    amendmentId: integer("amendment_id")
      .notNull()
      .references(() => amendments.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: AMENDMENT_AUTHOR_ROLES }).notNull(),
    joinedAt: integer("joined_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.amendmentId, t.userId] }),
    index("amendment_authors_user").on(t.userId),
    check("amendment_authors_role", sql`${t.role} in ('author', 'coauthor')`),
  ],
);

/**
 * An invitation link to co-author a draft. Only the token's hash is stored; a link works until
 * it expires, is revoked, or the amendment leaves the draft state.
 */
export const amendmentInvites = sqliteTable(
  "amendment_invites",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    amendmentId: integer("amendment_id")
      .notNull()
      .references(() => amendments.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("amendment_invites_amendment").on(t.amendmentId)],
);

/** One support per person per amendment: the primary key is the rule. */
export const amendmentSupports = sqliteTable(
  "amendment_supports",
  {
    amendmentId: integer("amendment_id")
      .notNull()
      .references(() => amendments.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.amendmentId, t.userId] }), index("amendment_supports_user").on(t.userId)],
);
