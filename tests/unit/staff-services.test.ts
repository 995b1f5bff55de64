import { count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database_ } from "../../db/connection";
import { apiTokens, auditLog, organizations, sessions, users } from "../../db/schema";
import { seedDemo } from "../../db/seed/demo";
import { ForbiddenError, NotFoundError, ValidationError } from "../../server/errors";
import { issueApiToken } from "../../server/services/api-tokens";
import { appendAudit, listAuditEntries } from "../../server/services/audit";
import { loadCurrentUser, roleNames, type CurrentUser } from "../../server/services/current-user";
import { addOrganizationMember, createOrganization, setOrganizationVerified } from "../../server/services/organizations";
import { createSession } from "../../server/services/sessions";
import { grantStaffRole, listUsers, revokeStaffRole, setUserBlocked, setUserVerified, staffDashboardCounts } from "../../server/services/user-admin";
import { contentHash } from "../../server/services/documents/content-hash";

let database: Database_;

function idOf(email: string): number {
  const row = database.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!row) throw new Error(email);
  return row.id;
}

function as(email: string): CurrentUser {
  const user = loadCurrentUser(database.db, idOf(email));
  if (!user) throw new Error(email);
  return user;
}

function orgId(slug: string): number {
  const row = database.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug)).get();
  if (!row) throw new Error(slug);
  return row.id;
}

function audits(): number {
  return database.db.select({ n: count() }).from(auditLog).get()?.n ?? 0;
}

beforeEach(async () => {
  database = openDatabase(":memory:");
  await seedDemo(database.db, { now: new Date(), hashPassword: async () => "not-a-real-hash", contentHash });
});

afterEach(() => {
  database.close();
});

describe("audit log", () => {
  it("is append-only: the database refuses UPDATE and DELETE", () => {
    appendAudit(database.db, { actorId: idOf("admin@example.org"), action: "process.update", targetType: "user", targetId: 1 });
    const { db, sqlite } = database;
    expect(() => db.update(auditLog).set({ action: "rewritten" }).run()).toThrow(/append-only/);
    expect(() => db.delete(auditLog).run()).toThrow(/append-only/);
    expect(() => sqlite.prepare("UPDATE audit_log SET detail = '{}'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
    const rows = db.select({ action: auditLog.action }).from(auditLog).all();
    expect(rows).toEqual([{ action: "process.update" }]);
  });

  it("is written in the same transaction as the change: if the entry fails, the change is undone", () => {
    // Simulates a failing audit write; the verification must not survive without its record.
    database.sqlite.exec("CREATE TEMP TRIGGER fail_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END;");
    const resident = idOf("resident@example.org");
    expect(() => setUserVerified(database.db, as("admin@example.org"), resident, true)).toThrow(/audit unavailable/);
    expect(database.db.select({ verifiedAt: users.verifiedAt }).from(users).where(eq(users.id, resident)).get()?.verifiedAt).toBeNull();
  });

  it("lists newest first and filters by action", () => {
    const admin = as("admin@example.org");
    setUserVerified(database.db, admin, idOf("resident@example.org"), true, new Date(1000));
    grantStaffRole(database.db, admin, idOf("resident@example.org"), "editor", new Date(2000));
    const all = listAuditEntries(database.db, admin, {});
    expect(all.rows.map((r) => r.action)).toEqual(["user.role.grant", "user.verify"]);
    expect(all.rows[0]).toMatchObject({ actorId: admin.id, actorName: admin.name, targetType: "user", detail: '{"role":"editor"}' });
    expect(listAuditEntries(database.db, admin, { action: "user.verify" }).rows.map((r) => r.action)).toEqual(["user.verify"]);
    expect(() => listAuditEntries(database.db, as("moderator@example.org"), {})).toThrow(ForbiddenError);
  });
});

describe("services re-check permissions", () => {
  it("refuses each staff operation to an actor the policy refuses, changing nothing", () => {
    const resident = idOf("resident@example.org");
    const before = audits();
    const moderator = as("moderator@example.org");
    const editor = as("editor@example.org");
    expect(() => setUserVerified(database.db, moderator, resident, true)).toThrow(ForbiddenError);
    expect(() => grantStaffRole(database.db, moderator, resident, "admin")).toThrow(ForbiddenError);
    expect(() => setUserBlocked(database.db, editor, resident, true)).toThrow(ForbiddenError);
    expect(() => setUserBlocked(database.db, null, resident, true)).toThrow(ForbiddenError);
    expect(() => createOrganization(database.db, moderator, { name: "X", slug: "x", description: "" })).toThrow(ForbiddenError);
    expect(() => setOrganizationVerified(database.db, editor, orgId("comerciantes-centro"), true)).toThrow(ForbiddenError);
    expect(() => listUsers(database.db, as("verified@example.org"), {})).toThrow(ForbiddenError);
    expect(() => staffDashboardCounts(database.db, null)).toThrow(ForbiddenError);
    expect(audits()).toBe(before);
    expect(loadCurrentUser(database.db, resident)).toMatchObject({ verified: false, blocked: false, staffRoles: [] });
  });

  it("protects the council from lock-out: no self-block, no revoking one's own admin role, moderators cannot block admins", () => {
    const admin = as("admin@example.org");
    const moderator = as("moderator@example.org");
    expect(() => setUserBlocked(database.db, admin, admin.id, true)).toThrow(ForbiddenError);
    expect(() => setUserBlocked(database.db, moderator, moderator.id, true)).toThrow(ForbiddenError);
    expect(() => setUserBlocked(database.db, moderator, admin.id, true)).toThrow(ForbiddenError);
    expect(() => revokeStaffRole(database.db, admin, admin.id, "admin")).toThrow(ForbiddenError);
    expect(as("admin@example.org")).toMatchObject({ blocked: false, staffRoles: ["admin"] });
    // A moderator may block another moderator; an admin may block a moderator.
    expect(setUserBlocked(database.db, admin, moderator.id, true)).toBe(true);
  });

  it("a blocked admin can do nothing", () => {
    const admin = as("admin@example.org");
    const blocked = { ...admin, blocked: true };
    expect(() => setUserVerified(database.db, blocked, idOf("resident@example.org"), true)).toThrow(ForbiddenError);
  });

  it("answers NotFoundError for an unknown user or organization", () => {
    const admin = as("admin@example.org");
    expect(() => setUserVerified(database.db, admin, 424242, true)).toThrow(NotFoundError);
    expect(() => setOrganizationVerified(database.db, admin, 424242, true)).toThrow(NotFoundError);
  });
});

describe("staff operations", () => {
  it("blocking ends sessions and revokes API tokens, and is audited once", () => {
    const admin = as("admin@example.org");
    const ngo = idOf("ngo@example.org");
    createSession(database.db, ngo);
    createSession(database.db, ngo);
    issueApiToken(database.db, ngo);
    const before = audits();
    expect(setUserBlocked(database.db, admin, ngo, true)).toBe(true);
    expect(database.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, ngo)).get()?.n).toBe(0);
    expect(database.db.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.userId, ngo)).all()).toEqual([
      { revokedAt: expect.any(Date) },
    ]);
    expect(audits()).toBe(before + 1);
    // Blocking again changes nothing and records nothing.
    expect(setUserBlocked(database.db, admin, ngo, true)).toBe(false);
    expect(audits()).toBe(before + 1);
  });

  it("a member of an organization becomes its representative only once staff verify it", () => {
    const admin = as("admin@example.org");
    const resident = idOf("resident@example.org");
    const commerce = orgId("comerciantes-centro");
    addOrganizationMember(database.db, admin, commerce, "Resident@Example.org");
    expect(roleNames(as("resident@example.org"))).not.toContain("organization_representative");
    setOrganizationVerified(database.db, admin, commerce, true);
    expect(roleNames(as("resident@example.org"))).toContain("organization_representative");
    expect(() => addOrganizationMember(database.db, admin, commerce, "resident@example.org")).toThrow(ValidationError);
    expect(() => addOrganizationMember(database.db, admin, commerce, "nobody@example.org")).toThrow(ValidationError);
    expect(resident).toBeGreaterThan(0);
  });

  it("refuses a taken slug with a field error", () => {
    const admin = as("admin@example.org");
    try {
      createOrganization(database.db, admin, { name: "Otra", slug: "bici-villanueva", description: "" });
      expect.unreachable("a taken slug must be refused");
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors).toEqual({ slug: ["admin.organizations.error.slugTaken"] });
    }
  });

  it("counts the dashboard numbers", () => {
    const counts = staffDashboardCounts(database.db, as("editor@example.org"));
    expect(counts).toEqual({ users: 8, verifiedResidents: 6, organizationsPending: 1, processes: expect.any(Number) });
    expect(counts.processes).toBeGreaterThan(0);
  });
});
