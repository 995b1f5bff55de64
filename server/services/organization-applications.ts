import { and, asc, desc, eq, isNotNull, ne } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { organizationMembers, organizations, users } from "../../db/schema";
import { NotFoundError, ValidationError } from "../errors";
import { isLocale, DEFAULT_LOCALE } from "../i18n/locales";
import { serverTranslator } from "../i18n/translate";
import { assertCan } from "../policies/can";
import type { OrganizationStatus } from "../policies/organization";
import { appendAudit } from "./audit";
import type { CurrentUser } from "./current-user";
import { normalizeRegistrationNumber, organizationNameKey, type ApplicationInput } from "./organization-forms";
import type { MailQueue } from "./password-reset";

/**
 * Organization accounts as people apply for them: a signed-in person applies (and becomes the
 * organization's first representative), staff verify or reject with a reason, the applicant
 * corrects a rejected application and resubmits it. Every step is audited; the applicant hears
 * of each decision by mail (links from the configured origin only) and on their account page.
 *
 * Further representatives: the application names only the applicant. Staff add others by the
 * e-mail of an existing account on /admin/organizations (organizations.ts, audited), so nobody
 * is made to represent an organization by someone else's form.
 */

/** Where mail about a decision goes, and the configured origin its links start with (null: no mail). */
export interface DecisionMail {
  mailer: MailQueue;
  origin: string | null;
}

/** The status of an organization row (see db/schema/accounts.ts). */
export function statusOf(row: { verifiedAt: Date | null; rejectedAt: Date | null }): OrganizationStatus {
  if (row.verifiedAt) return "verified";
  return row.rejectedAt ? "rejected" : "pending";
}

/** Path segments an organization's slug may not take (routes beside /organizations/:slug). */
const RESERVED_SLUGS = new Set(["new", "apply", "edit"]);
const SLUG_MAX = 50;

/** A slug from the legal name: ASCII letters and digits, hyphens between; "-2", "-3"… when taken. */
function freeSlug(db: Db, name: string): string {
  const base =
    name
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, SLUG_MAX)
      .replace(/-+$/g, "") || "organizacion";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (RESERVED_SLUGS.has(slug)) continue;
    const taken = db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug)).get();
    if (!taken) return slug;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && "code" in error && (error as { code: unknown }).code === "SQLITE_CONSTRAINT_UNIQUE";
}

const REGISTRATION_TAKEN = { registrationNumber: ["organizations.error.registrationNumberTaken"] };

/** Refuses a registration number another organization holds (the unique index is the real guard). */
function assertRegistrationFree(db: Db, registrationNumber: string, exceptId: number | null): void {
  const clash = db
    .select({ id: organizations.id })
    .from(organizations)
    .where(exceptId === null ? eq(organizations.registrationNumber, registrationNumber) : and(eq(organizations.registrationNumber, registrationNumber), ne(organizations.id, exceptId)))
    .get();
  if (clash) throw new ValidationError(REGISTRATION_TAKEN);
}

/**
 * Refuses a name that reads as a verified organization's (same letters once accents, case,
 * spacing, punctuation and look-alike letters are set aside): nobody applies as "Asociacion
 * Ciclista Bici-Villanueva" beside the verified "Asociación Ciclista Bici Villanueva".
 */
function assertNameFree(db: Db, name: string, exceptId: number | null): void {
  const key = organizationNameKey(name);
  const verified = db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(isNotNull(organizations.verifiedAt)).all();
  if (verified.some((o) => o.id !== exceptId && organizationNameKey(o.name) === key)) throw new ValidationError({ name: ["organizations.error.nameTaken"] });
}

function columnsOf(input: ApplicationInput) {
  return {
    name: input.name,
    registrationNumber: normalizeRegistrationNumber(input.registrationNumber),
    kind: input.kind,
    address: input.address,
    website: input.website,
    contactEmail: input.contactEmail.toLowerCase(),
    contactPhone: input.contactPhone,
    description: input.description,
  };
}

/**
 * A person applies for an organization account. The organization is created pending, with the
 * applicant as its first member (a representative once staff verify it). A registration number
 * another organization holds is a ValidationError on `registrationNumber`; nothing is stored.
 */
export function applyForOrganization(db: Db, actor: CurrentUser | null, input: ApplicationInput, now: Date): { id: number; slug: string } {
  assertCan(actor, "organization.apply", null);
  const values = columnsOf(input);
  try {
    return db.transaction(() => {
      assertRegistrationFree(db, values.registrationNumber, null);
      assertNameFree(db, values.name, null);
      const slug = freeSlug(db, values.name);
      const row = db
        .insert(organizations)
        .values({ ...values, slug, appliedBy: actor.id, submittedAt: now, createdAt: now })
        .returning({ id: organizations.id })
        .get();
      db.insert(organizationMembers).values({ organizationId: row.id, userId: actor.id, joinedAt: now }).run();
      appendAudit(db, { actorId: actor.id, action: "organization.apply", targetType: "organization", targetId: row.id, detail: { registrationNumber: values.registrationNumber } }, now);
      return { id: row.id, slug };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError(REGISTRATION_TAKEN);
    throw error;
  }
}

/** An organization the person belongs to, as their account page lists it. */
export interface MyOrganization {
  id: number;
  slug: string;
  name: string;
  status: OrganizationStatus;
  /** Staff's reason, while the application stands rejected. */
  rejectionReason: string | null;
  /** Whether this person applied for it (and so may correct it after a rejection). */
  isApplicant: boolean;
  canResubmit: boolean;
}

/** The organizations a person belongs to, with their status, by name. */
export function listMyOrganizations(db: Db, actor: CurrentUser): MyOrganization[] {
  const rows = db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      verifiedAt: organizations.verifiedAt,
      rejectedAt: organizations.rejectedAt,
      rejectionReason: organizations.rejectionReason,
      appliedBy: organizations.appliedBy,
    })
    .from(organizationMembers)
    .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
    .where(eq(organizationMembers.userId, actor.id))
    .orderBy(asc(organizations.name))
    .all();
  return rows.map((r) => {
    const status = statusOf(r);
    const isApplicant = r.appliedBy === actor.id;
    return {
      id: r.id,
      slug: r.slug,
      name: r.name,
      status,
      rejectionReason: status === "rejected" ? r.rejectionReason : null,
      isApplicant,
      canResubmit: status === "rejected" && isApplicant,
    };
  });
}

/** The application as its applicant corrects it. */
export interface ApplicationDetail extends ApplicationInput {
  id: number;
  status: OrganizationStatus;
  rejectionReason: string | null;
}

const applicationColumns = {
  id: organizations.id,
  name: organizations.name,
  registrationNumber: organizations.registrationNumber,
  kind: organizations.kind,
  address: organizations.address,
  website: organizations.website,
  contactEmail: organizations.contactEmail,
  contactPhone: organizations.contactPhone,
  description: organizations.description,
  appliedBy: organizations.appliedBy,
  verifiedAt: organizations.verifiedAt,
  rejectedAt: organizations.rejectedAt,
  rejectionReason: organizations.rejectionReason,
};

function findApplication(db: Db, id: number) {
  const row = db.select(applicationColumns).from(organizations).where(eq(organizations.id, id)).get();
  if (!row) throw new NotFoundError("organization", id);
  return row;
}

/**
 * A rejected application, for its applicant to correct. Anybody else, and the applicant of one
 * that is not rejected, gets the same NotFoundError as for a missing id (ids cannot be probed).
 */
export function loadApplicationForCorrection(db: Db, actor: CurrentUser | null, id: number): ApplicationDetail {
  const row = findApplication(db, id);
  const status = statusOf(row);
  if (!actor || row.appliedBy !== actor.id) throw new NotFoundError("organization", id);
  assertCan(actor, "organization.resubmit", { isApplicant: true, status });
  return {
    id: row.id,
    name: row.name,
    registrationNumber: row.registrationNumber ?? "",
    kind: row.kind,
    address: row.address,
    website: row.website,
    contactEmail: row.contactEmail,
    contactPhone: row.contactPhone,
    description: row.description,
    status,
    rejectionReason: row.rejectionReason,
  };
}

/**
 * The applicant corrects a rejected application: it takes the new details and is pending again
 * (the reason stays in the audit log). Not rejected, or not the applicant: ForbiddenError.
 */
export function resubmitApplication(db: Db, actor: CurrentUser | null, id: number, input: ApplicationInput, now: Date): void {
  const values = columnsOf(input);
  try {
    db.transaction(() => {
      const row = findApplication(db, id);
      assertCan(actor, "organization.resubmit", { isApplicant: actor !== null && row.appliedBy === actor.id, status: statusOf(row) });
      assertRegistrationFree(db, values.registrationNumber, id);
      assertNameFree(db, values.name, id);
      db.update(organizations)
        .set({ ...values, submittedAt: now, rejectedAt: null, rejectionReason: null })
        .where(eq(organizations.id, id))
        .run();
      appendAudit(db, { actorId: actor.id, action: "organization.resubmit", targetType: "organization", targetId: id, detail: { registrationNumber: values.registrationNumber } }, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError(REGISTRATION_TAKEN);
    throw error;
  }
}

/** Mails the applicant of `organizationId` about a decision, in their language. No origin: no mail. */
function mailApplicant(db: Db, notify: DecisionMail | undefined, organizationId: number, decision: "verified" | "rejected", now: Date): void {
  if (!notify) return;
  const row = db
    .select({ slug: organizations.slug, name: organizations.name, reason: organizations.rejectionReason, email: users.email, person: users.name, locale: users.locale })
    .from(organizations)
    .innerJoin(users, eq(users.id, organizations.appliedBy))
    .where(eq(organizations.id, organizationId))
    .get();
  if (!row) return;
  if (!notify.origin) {
    console.warn("Organization decision mail not sent: set PUBLIC_URL so links in mail have a configured origin.");
    return;
  }
  const t = serverTranslator(isLocale(row.locale) ? row.locale : DEFAULT_LOCALE);
  const link = decision === "verified" ? `${notify.origin}/organizations/${encodeURIComponent(row.slug)}` : `${notify.origin}/account`;
  const key = decision === "verified" ? "mail.organizationVerified" : "mail.organizationRejected";
  notify.mailer.queue(
    { to: row.email, subject: t(`${key}.subject`, { organization: row.name }), body: t(`${key}.body`, { name: row.person, organization: row.name, reason: row.reason ?? "", link }) },
    now,
  );
}

/**
 * Staff verify an organization (pending or rejected): its members become representatives. The
 * applicant is told. Returns whether anything changed.
 */
export function verifyOrganization(db: Db, actor: CurrentUser | null, organizationId: number, notify: DecisionMail | undefined, now: Date): boolean {
  assertCan(actor, "organization.verify", null);
  return db.transaction(() => {
    const row = findApplication(db, organizationId);
    if (row.verifiedAt) return false;
    db.update(organizations).set({ verifiedAt: now, rejectedAt: null, rejectionReason: null }).where(eq(organizations.id, organizationId)).run();
    appendAudit(db, { actorId: actor.id, action: "organization.verify", targetType: "organization", targetId: organizationId }, now);
    mailApplicant(db, notify, organizationId, "verified", now);
    return true;
  });
}

/** Staff reject a pending application with a reason the applicant reads (audited, mailed). */
export function rejectOrganization(db: Db, actor: CurrentUser | null, organizationId: number, reason: string, notify: DecisionMail | undefined, now: Date): void {
  const trimmed = reason.trim();
  if (trimmed === "") throw new ValidationError({ reason: ["organizations.error.reasonRequired"] });
  db.transaction(() => {
    const row = findApplication(db, organizationId);
    assertCan(actor, "organization.reject", { status: statusOf(row) });
    db.update(organizations).set({ rejectedAt: now, rejectionReason: trimmed }).where(eq(organizations.id, organizationId)).run();
    appendAudit(db, { actorId: actor.id, action: "organization.reject", targetType: "organization", targetId: organizationId, detail: { reason: trimmed } }, now);
    mailApplicant(db, notify, organizationId, "rejected", now);
  });
}

/** An application as staff review it. */
export interface ApplicationReview {
  registrationNumber: string | null;
  kind: string;
  address: string;
  website: string;
  contactEmail: string;
  contactPhone: string;
  status: OrganizationStatus;
  rejectionReason: string | null;
  submittedAt: Date | null;
  applicant: { id: number; name: string; email: string } | null;
}

/** The application details of every organization, by id, for the staff list (admin.access). */
export function applicationReviews(db: Db, actor: CurrentUser | null): Map<number, ApplicationReview> {
  assertCan(actor, "admin.access", null);
  const rows = db
    .select({ ...applicationColumns, submittedAt: organizations.submittedAt, applicantName: users.name, applicantEmail: users.email })
    .from(organizations)
    .leftJoin(users, eq(users.id, organizations.appliedBy))
    .orderBy(desc(organizations.submittedAt))
    .all();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        registrationNumber: r.registrationNumber,
        kind: r.kind,
        address: r.address,
        website: r.website,
        contactEmail: r.contactEmail,
        contactPhone: r.contactPhone,
        status: statusOf(r),
        rejectionReason: r.rejectionReason,
        submittedAt: r.submittedAt,
        applicant: r.appliedBy !== null && r.applicantName !== null && r.applicantEmail !== null ? { id: r.appliedBy, name: r.applicantName, email: r.applicantEmail } : null,
      },
    ]),
  );
}
