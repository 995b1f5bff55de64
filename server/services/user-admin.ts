import { and, asc, count, eq, inArray, isNotNull, isNull, or } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { containsText } from "../../db/queries/text-search";
import { organizations, processes, userRoles, users, type StaffRole } from "../../db/schema";
import { NotFoundError } from "../errors";
import { assertCan } from "../policies/can";
import { appendAudit } from "./audit";
import type { CurrentUser } from "./current-user";
import { pageWindow, type Page } from "./pagination";
import { revokeAllCredentials } from "./credentials";

export type { StaffRole } from "../../db/schema";

/** Users shown per page in the staff list. */
export const USERS_PAGE_SIZE = 20;

/** The numbers on the staff dashboard. */
export interface StaffDashboardCounts {
  users: number;
  verifiedResidents: number;
  organizationsPending: number;
  processes: number;
}

/** Counts for the staff dashboard (any staff member). */
export function staffDashboardCounts(db: Db, actor: CurrentUser | null): StaffDashboardCounts {
  assertCan(actor, "admin.access", null);
  const total = (rows: { n: number }[]) => rows[0]?.n ?? 0;
  return {
    users: total(db.select({ n: count() }).from(users).all()),
    verifiedResidents: total(db.select({ n: count() }).from(users).where(isNotNull(users.verifiedAt)).all()),
    // Pending = waiting for staff: a rejected application waits for its applicant instead.
    organizationsPending: total(db.select({ n: count() }).from(organizations).where(and(isNull(organizations.verifiedAt), isNull(organizations.rejectedAt))).all()),
    processes: total(db.select({ n: count() }).from(processes).all()),
  };
}

/** One row of the staff user list. */
export interface UserRow {
  id: number;
  name: string;
  email: string;
  verified: boolean;
  blocked: boolean;
  staffRoles: StaffRole[];
  createdAt: Date;
}

/** Users matching `query` (name or e-mail contains it), one page at a time, by name. */
export function listUsers(db: Db, actor: CurrentUser | null, options: { query?: string; page?: number }): Page<UserRow> {
  assertCan(actor, "admin.access", null);
  const query = options.query?.trim() ?? "";
  const where = query ? or(containsText(users.name, query), containsText(users.email, query)) : undefined;
  const total = db.select({ n: count() }).from(users).where(where).get()?.n ?? 0;
  const { page, pageCount, offset } = pageWindow(options.page ?? 1, total, USERS_PAGE_SIZE);
  const rows = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      verifiedAt: users.verifiedAt,
      blockedAt: users.blockedAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(where)
    .orderBy(asc(users.name), asc(users.id))
    .limit(USERS_PAGE_SIZE)
    .offset(offset)
    .all();
  const ids = rows.map((r) => r.id);
  const roles = ids.length
    ? db.select({ userId: userRoles.userId, role: userRoles.role }).from(userRoles).where(inArray(userRoles.userId, ids)).all()
    : [];
  return {
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      verified: r.verifiedAt !== null,
      blocked: r.blockedAt !== null,
      staffRoles: roles
        .filter((x) => x.userId === r.id)
        .map((x) => x.role)
        .sort(),
      createdAt: r.createdAt,
    })),
    total,
    page,
    pageCount,
    pageSize: USERS_PAGE_SIZE,
  };
}

function findTarget(db: Db, userId: number) {
  const row = db
    .select({ id: users.id, verifiedAt: users.verifiedAt, blockedAt: users.blockedAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!row) throw new NotFoundError("user", userId);
  const roles = db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).all();
  return { ...row, staffRoles: roles.map((r) => r.role) };
}

/**
 * Marks a user as a verified resident (census checked) or takes it back. Returns whether
 * anything changed; an unchanged state writes no audit entry.
 */
export function setUserVerified(db: Db, actor: CurrentUser | null, userId: number, verified: boolean, now = new Date()): boolean {
  assertCan(actor, "user.verify", null);
  return db.transaction(() => {
    const target = findTarget(db, userId);
    if ((target.verifiedAt !== null) === verified) return false;
    db.update(users)
      .set({ verifiedAt: verified ? now : null })
      .where(eq(users.id, userId))
      .run();
    appendAudit(db, { actorId: actor.id, action: verified ? "user.verify" : "user.unverify", targetType: "user", targetId: userId }, now);
    return true;
  });
}

/** Grants a staff role. Returns whether it was new. */
export function grantStaffRole(db: Db, actor: CurrentUser | null, userId: number, role: StaffRole, now = new Date()): boolean {
  assertCan(actor, "user.assignRole", null);
  return db.transaction(() => {
    const target = findTarget(db, userId);
    if (target.staffRoles.includes(role)) return false;
    db.insert(userRoles).values({ userId, role, grantedAt: now }).run();
    appendAudit(db, { actorId: actor.id, action: "user.role.grant", targetType: "user", targetId: userId, detail: { role } }, now);
    return true;
  });
}

/** Revokes a staff role; an admin cannot revoke their own admin role (the policy refuses). */
export function revokeStaffRole(db: Db, actor: CurrentUser | null, userId: number, role: StaffRole, now = new Date()): boolean {
  assertCan(actor, "user.revokeRole", { userId, role });
  return db.transaction(() => {
    findTarget(db, userId);
    const removed = db
      .delete(userRoles)
      .where(and(eq(userRoles.userId, userId), eq(userRoles.role, role)))
      .run().changes;
    if (removed === 0) return false;
    appendAudit(db, { actorId: actor.id, action: "user.role.revoke", targetType: "user", targetId: userId, detail: { role } }, now);
    return true;
  });
}

/**
 * Blocks a user (they can no longer sign in or use the API: every session ends and every API
 * token is revoked, in the same transaction) or unblocks them. Returns whether anything changed.
 */
export function setUserBlocked(db: Db, actor: CurrentUser | null, userId: number, blocked: boolean, now = new Date()): boolean {
  assertCan(actor, "user.block", null);
  return db.transaction(() => {
    const target = findTarget(db, userId);
    assertCan(actor, "user.blockTarget", { id: target.id, staffRoles: target.staffRoles });
    if ((target.blockedAt !== null) === blocked) return false;
    db.update(users)
      .set({ blockedAt: blocked ? now : null })
      .where(eq(users.id, userId))
      .run();
    if (blocked) revokeAllCredentials(db, userId, now);
    appendAudit(db, { actorId: actor.id, action: blocked ? "user.block" : "user.unblock", targetType: "user", targetId: userId }, now);
    return true;
  });
}
