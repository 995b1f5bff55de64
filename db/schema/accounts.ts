import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Staff roles granted explicitly; resident/verified/representative are derived from other facts. */
export const STAFF_ROLES = ["editor", "moderator", "admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A person with an account. Every user is a resident; `verifiedAt` makes them a verified resident. */
export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    locale: text("locale").notNull().default("es"),
    verifiedAt: integer("verified_at", { mode: "timestamp_ms" }),
    blockedAt: integer("blocked_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [check("users_email_lower", sql`${t.email} = lower(${t.email})`)],
);

/** Staff roles (editor, moderator, admin) held by a user. */
export const userRoles = sqliteTable(
  "user_roles",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: STAFF_ROLES }).notNull(),
    grantedAt: integer("granted_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.role] }),
    check("user_roles_role", sql`${t.role} in ('editor', 'moderator', 'admin')`),
  ],
);

/** The kinds of organization a person may apply for (repeated in server/services/organization-forms.ts, which ships to the browser). */
export const ORGANIZATION_KINDS = ["association", "ngo", "business", "public_body", "other"] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/**
 * An NGO, association, business or public body; its members are representatives once staff
 * verify it. Its status is derived: `verifiedAt` set → verified; else `rejectedAt` set →
 * rejected (with `rejectionReason`, until the applicant resubmits); else pending.
 */
export const organizations = sqliteTable(
  "organizations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    /** The legal name. */
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** As registered (upper case, no spaces, dots or hyphens), unique; null for organizations staff created before applications existed. */
    registrationNumber: text("registration_number"),
    kind: text("kind", { enum: ORGANIZATION_KINDS }).notNull().default("other"),
    address: text("address").notNull().default(""),
    /** An http(s) URL or empty. */
    website: text("website").notNull().default(""),
    contactEmail: text("contact_email").notNull().default(""),
    contactPhone: text("contact_phone").notNull().default(""),
    /** Who applied (null when staff created it, or the account is gone). */
    appliedBy: integer("applied_by").references(() => users.id, { onDelete: "set null" }),
    /** When the application was last (re)submitted. */
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }),
    verifiedAt: integer("verified_at", { mode: "timestamp_ms" }),
    rejectedAt: integer("rejected_at", { mode: "timestamp_ms" }),
    rejectionReason: text("rejection_reason"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("organizations_registration_number").on(t.registrationNumber)],
);

export const organizationMembers = sqliteTable(
  "organization_members",
  {
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    joinedAt: integer("joined_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] }), index("organization_members_user").on(t.userId)],
);

/** Browser sessions. `id` is the SHA-256 of the cookie token, so a leaked table grants nothing. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** Revocable bearer tokens for API clients; only the hash is stored. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull().unique(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    label: text("label").notNull().default("api"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("api_tokens_user").on(t.userId)],
);

/** One-use password reset tokens (hash only), valid for a short time. */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("password_resets_user").on(t.userId)],
);
