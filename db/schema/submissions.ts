import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { organizations, users } from "./accounts";
import { documentVersions, processes } from "./processes";

/** How a submission reached the council: filed online, or brought on paper and registered by staff. */
export const SUBMISSION_CHANNELS = ["online", "paper"] as const;
export type SubmissionChannel = (typeof SUBMISSION_CHANNELS)[number];

/**
 * A formal contribution (allegation) with a registry number (ADR 0016). Everything filed is
 * fixed at insert: the trigger of migration 0010 refuses any UPDATE of a filed column, so only
 * `withdrawn_at` and `withdraw_reason` can ever change (a correction is a new submission that
 * points at the original through `corrects_id`).
 */
export const submissions = sqliteTable(
  "submissions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    processId: integer("process_id")
      .notNull()
      .references(() => processes.id),
    /** The published version the submission was filed against (its clauses are of this version). */
    versionId: integer("version_id")
      .notNull()
      .references(() => documentVersions.id),
    /** Registry year (council time zone) and the gap-free sequence number within it. */
    registryYear: integer("registry_year").notNull(),
    registrySeq: integer("registry_seq").notNull(),
    /** The registry number as printed: `{prefix}-{year}-{seq:06}`. */
    number: text("number").notNull().unique(),
    channel: text("channel", { enum: SUBMISSION_CHANNELS }).notNull(),
    /** Who filed it online, or the staff member who registered a paper submission. */
    filedBy: integer("filed_by")
      .notNull()
      .references(() => users.id),
    /** The person filing online as themself (null when in an organization's name or on paper). */
    personId: integer("person_id").references(() => users.id),
    /** Filed in this organization's name. */
    organizationId: integer("organization_id").references(() => organizations.id),
    /** The name the submission is filed under (person, organization or paper filer), as filed. */
    filerName: text("filer_name").notNull(),
    /** Paper channel: the filer's contact details as written on the form (never public). */
    filerContact: text("filer_contact").notNull().default(""),
    /** A resident's choice to show their name in the public register (organizations are always public). */
    signedPublicly: integer("signed_publicly", { mode: "boolean" }).notNull().default(false),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** The filed submission this one corrects (its own number, linked to the original). */
    correctsId: integer("corrects_id").references((): AnySQLiteColumn => submissions.id),
    /** Paper channel: the day the town hall received it (may precede `filed_at`). */
    receivedAt: integer("received_at", { mode: "timestamp_ms" }),
    /** Server time of filing. */
    filedAt: integer("filed_at", { mode: "timestamp_ms" }).notNull(),
    /** "sha256:" + hex SHA-256 of the canonical content (server/services/submissions/canonical.ts). */
    contentHash: text("content_hash").notNull(),
    /** Base64 Ed25519 signature by the registry key over (number, time, hash). */
    signature: text("signature").notNull(),
    /** Fingerprint of the registry key that signed (sha256 of its raw public key, hex, first 16). */
    keyId: text("key_id").notNull(),
    withdrawnAt: integer("withdrawn_at", { mode: "timestamp_ms" }),
    withdrawReason: text("withdraw_reason"),
  },
  (t) => [
    uniqueIndex("submissions_registry_seq").on(t.registryYear, t.registrySeq),
    index("submissions_process").on(t.processId, t.filedAt),
    index("submissions_organization").on(t.organizationId),
    check("submissions_channel", sql`${t.channel} in ('online', 'paper')`),
    check("submissions_seq_positive", sql`${t.registrySeq} > 0`),
    check("submissions_withdrawn_reason", sql`(${t.withdrawnAt} is null) = (${t.withdrawReason} is null)`),
  ],
);

/** The clauses (stable ids of the submission's version) a submission concerns, in the order picked. */
export const submissionClauses = sqliteTable(
  "submission_clauses",
  {
    submissionId: integer("submission_id")
      .notNull()
      .references(() => submissions.id),
    clauseId: text("clause_id").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.clauseId] }), index("submission_clauses_clause").on(t.clauseId)],
);

/** A file filed with a submission; the bytes live in the attachments directory under `sha256`. */
export const submissionAttachments = sqliteTable(
  "submission_attachments",
  {
    submissionId: integer("submission_id")
      .notNull()
      .references(() => submissions.id),
    position: integer("position").notNull(),
    /** Hex SHA-256 of the bytes: the file's name on disk and its part of the content hash. */
    sha256: text("sha256").notNull(),
    /** The name the filer gave, cleaned for display (never used as a path). */
    fileName: text("file_name").notNull(),
    /** The media type sniffed from the content. */
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.position] }), index("submission_attachments_sha").on(t.sha256)],
);
