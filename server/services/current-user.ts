import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { organizationMembers, organizations, userRoles, users, type StaffRole } from "../../db/schema";

/** An organization the user represents, with whether staff have verified it. */
export interface Membership {
  id: number;
  slug: string;
  name: string;
  verified: boolean;
}

/** Everything permission checks and pages need to know about the signed-in person. */
export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  locale: string;
  verified: boolean;
  blocked: boolean;
  staffRoles: StaffRole[];
  organizations: Membership[];
}

/** Role names as exposed by the API and shown in the UI; derived, never stored as such. */
export type RoleName = "resident" | "verified_resident" | "organization_representative" | StaffRole;

/** Loads a user with their staff roles and organizations, or null when the id is unknown. */
export function loadCurrentUser(db: Db, userId: number): CurrentUser | null {
  const row = db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      locale: users.locale,
      verifiedAt: users.verifiedAt,
      blockedAt: users.blockedAt,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!row) return null;
  const roles = db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).all();
  const orgs = db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      verifiedAt: organizations.verifiedAt,
    })
    .from(organizationMembers)
    .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
    .where(eq(organizationMembers.userId, userId))
    .all();
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    locale: row.locale,
    verified: row.verifiedAt !== null,
    blocked: row.blockedAt !== null,
    staffRoles: roles.map((r) => r.role).sort(),
    organizations: orgs.map((o) => ({ id: o.id, slug: o.slug, name: o.name, verified: o.verifiedAt !== null })),
  };
}

/** The roles a user holds, from least to most privileged. */
export function roleNames(user: CurrentUser): RoleName[] {
  const names: RoleName[] = ["resident"];
  if (user.verified) names.push("verified_resident");
  if (user.organizations.some((o) => o.verified)) names.push("organization_representative");
  for (const role of ["editor", "moderator", "admin"] as const) {
    if (user.staffRoles.includes(role)) names.push(role);
  }
  return names;
}
