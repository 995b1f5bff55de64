import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { organizationMembers, organizations, users } from "../../db/schema";
import { NotFoundError, ValidationError } from "../errors";
import { assertCan } from "../policies/can";
import { appendAudit } from "./audit";
import type { CurrentUser } from "./current-user";
import { normalizeEmail } from "./login";

/** A member as the staff list shows them. */
export interface OrganizationMemberRow {
  userId: number;
  name: string;
  email: string;
}

/** An organization with its members, for the staff area. */
export interface OrganizationRow {
  id: number;
  slug: string;
  name: string;
  description: string;
  verified: boolean;
  createdAt: Date;
  members: OrganizationMemberRow[];
}

/** Every organization, unverified first (they are the ones waiting for staff), then by name. */
export function listOrganizations(db: Db, actor: CurrentUser | null): OrganizationRow[] {
  assertCan(actor, "admin.access", null);
  const orgs = db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      description: organizations.description,
      verifiedAt: organizations.verifiedAt,
      createdAt: organizations.createdAt,
    })
    .from(organizations)
    .orderBy(asc(organizations.name))
    .all();
  const ids = orgs.map((o) => o.id);
  const members = ids.length
    ? db
        .select({ organizationId: organizationMembers.organizationId, userId: users.id, name: users.name, email: users.email })
        .from(organizationMembers)
        .innerJoin(users, eq(users.id, organizationMembers.userId))
        .where(inArray(organizationMembers.organizationId, ids))
        .orderBy(asc(users.name))
        .all()
    : [];
  return orgs
    .map((o) => ({
      id: o.id,
      slug: o.slug,
      name: o.name,
      description: o.description,
      verified: o.verifiedAt !== null,
      createdAt: o.createdAt,
      members: members.filter((m) => m.organizationId === o.id).map((m) => ({ userId: m.userId, name: m.name, email: m.email })),
    }))
    .sort((a, b) => Number(a.verified) - Number(b.verified));
}

/** What staff type to create an organization. */
export interface NewOrganization {
  name: string;
  slug: string;
  description: string;
}

/** Creates an (unverified) organization. A taken slug is a ValidationError on `slug`. */
export function createOrganization(db: Db, actor: CurrentUser | null, input: NewOrganization, now = new Date()): number {
  assertCan(actor, "organization.manage", null);
  return db.transaction(() => {
    const taken = db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, input.slug)).get();
    if (taken) throw new ValidationError({ slug: ["admin.organizations.error.slugTaken"] });
    const row = db
      .insert(organizations)
      .values({ name: input.name, slug: input.slug, description: input.description, createdAt: now })
      .returning({ id: organizations.id })
      .get();
    appendAudit(db, { actorId: actor.id, action: "organization.create", targetType: "organization", targetId: row.id, detail: { slug: input.slug } }, now);
    return row.id;
  });
}

function findOrganization(db: Db, organizationId: number) {
  const row = db
    .select({ id: organizations.id, verifiedAt: organizations.verifiedAt })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .get();
  if (!row) throw new NotFoundError("organization", organizationId);
  return row;
}

/**
 * Verifies an organization (its members become representatives) or withdraws it, without mail;
 * the staff page verifies through organization-applications.ts `verifyOrganization`, which also
 * tells the applicant. Returns whether anything changed.
 */
export function setOrganizationVerified(db: Db, actor: CurrentUser | null, organizationId: number, verified: boolean, now = new Date()): boolean {
  assertCan(actor, "organization.verify", null);
  return db.transaction(() => {
    const org = findOrganization(db, organizationId);
    if ((org.verifiedAt !== null) === verified) return false;
    // Verifying settles any earlier rejection; withdrawing leaves it pending, not rejected.
    db.update(organizations)
      .set(verified ? { verifiedAt: now, rejectedAt: null, rejectionReason: null } : { verifiedAt: null })
      .where(eq(organizations.id, organizationId))
      .run();
    appendAudit(
      db,
      { actorId: actor.id, action: verified ? "organization.verify" : "organization.unverify", targetType: "organization", targetId: organizationId },
      now,
    );
    return true;
  });
}

/** Adds the account with this e-mail to the organization. Unknown e-mail or existing member: ValidationError on `email`. */
export function addOrganizationMember(db: Db, actor: CurrentUser | null, organizationId: number, email: string, now = new Date()): number {
  assertCan(actor, "organization.manage", null);
  return db.transaction(() => {
    findOrganization(db, organizationId);
    const user = db.select({ id: users.id }).from(users).where(eq(users.email, normalizeEmail(email))).get();
    if (!user) throw new ValidationError({ email: ["admin.organizations.error.unknownEmail"] });
    const existing = db
      .select({ userId: organizationMembers.userId })
      .from(organizationMembers)
      .where(and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, user.id)))
      .get();
    if (existing) throw new ValidationError({ email: ["admin.organizations.error.alreadyMember"] });
    db.insert(organizationMembers).values({ organizationId, userId: user.id, joinedAt: now }).run();
    appendAudit(
      db,
      { actorId: actor.id, action: "organization.member.add", targetType: "organization", targetId: organizationId, detail: { userId: user.id } },
      now,
    );
    return user.id;
  });
}

/** Removes a member. Returns whether they were a member. */
export function removeOrganizationMember(db: Db, actor: CurrentUser | null, organizationId: number, userId: number, now = new Date()): boolean {
  assertCan(actor, "organization.manage", null);
  return db.transaction(() => {
    findOrganization(db, organizationId);
    const removed = db
      .delete(organizationMembers)
      .where(and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, userId)))
      .run().changes;
    if (removed === 0) return false;
    appendAudit(
      db,
      { actorId: actor.id, action: "organization.member.remove", targetType: "organization", targetId: organizationId, detail: { userId } },
      now,
    );
    return true;
  });
}
