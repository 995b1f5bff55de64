import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, auditLog, organizationMembers, organizations, sessions, userRoles, users } from "../../db/schema";
import { COOKIE } from "../../server/http/cookies";
import { issueApiToken } from "../../server/services/api-tokens";
import { createSession } from "../../server/services/sessions";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

/**
 * Every staff page and every staff mutation, requested as each demo account and anonymously.
 * Sessions are created directly in the database (the login form has its own tests), so this
 * file exercises only the staff area's permissions.
 */

type Account = "anonymous" | "resident" | "verified" | "ngo" | "editor" | "moderator" | "admin";
const ACCOUNTS: Account[] = ["anonymous", "resident", "verified", "ngo", "editor", "moderator", "admin"];

/** What a request answers: the page or action (ok), 403, or a redirect to the login page. */
type Outcome = "ok" | "403" | "login";

let server: TestServer;

function userId(email: string): number {
  const row = server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!row) throw new Error(`No user ${email}`);
  return row.id;
}

function orgId(slug: string): number {
  const row = server.inspect.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug)).get();
  if (!row) throw new Error(`No organization ${slug}`);
  return row.id;
}

/** A client signed in as the account (a fresh session each time: blocking tests end sessions). */
async function clientFor(account: Account | string): Promise<TestClient> {
  const client = new TestClient(server.url);
  if (account !== "anonymous") {
    const email = account.includes("@") ? account : `${account}@example.org`;
    const { token } = createSession(server.inspect.db, userId(email));
    client.setCookie(COOKIE.session, token);
  }
  await client.csrf();
  return client;
}

function auditCount(): number {
  return server.inspect.db.select({ n: count() }).from(auditLog).get()?.n ?? 0;
}

/** Everything the staff mutations can touch, to prove a refused one changed nothing. */
function snapshot() {
  const db = server.inspect.db;
  return JSON.stringify({
    users: db.select({ id: users.id, verifiedAt: users.verifiedAt, blockedAt: users.blockedAt }).from(users).orderBy(asc(users.id)).all(),
    roles: db.select().from(userRoles).orderBy(asc(userRoles.userId), asc(userRoles.role)).all(),
    orgs: db.select({ id: organizations.id, slug: organizations.slug, verifiedAt: organizations.verifiedAt }).from(organizations).orderBy(asc(organizations.id)).all(),
    members: db.select().from(organizationMembers).orderBy(asc(organizationMembers.organizationId), asc(organizationMembers.userId)).all(),
    audit: auditCount(),
  });
}

function outcomeOf(response: Response): Outcome | string {
  if (response.status === 200 || response.status === 303) return "ok";
  if (response.status === 403) return "403";
  if (response.status === 302 && (response.headers.get("location") ?? "").startsWith("/login?redirectTo=")) return "login";
  return `unexpected ${response.status}`;
}

beforeAll(async () => {
  server = await startTestServer();
  // A plain resident to act upon, so the demo accounts keep their roles during the matrix.
  server.inspect.db
    .insert(users)
    .values({ email: "target@example.org", name: "Target Person", passwordHash: "x", createdAt: new Date() })
    .run();
});

afterAll(async () => {
  await server?.stop();
});

const STAFF: Outcome[] = ["login", "403", "403", "403", "ok", "ok", "ok"];
const ADMIN_ONLY: Outcome[] = ["login", "403", "403", "403", "403", "403", "ok"];
const MODERATION: Outcome[] = ["login", "403", "403", "403", "403", "ok", "ok"];

/** Expected outcome per account, in the order of ACCOUNTS. */
const PAGES: { path: string; expected: Outcome[] }[] = [
  { path: "/admin", expected: STAFF },
  { path: "/admin/users", expected: STAFF },
  { path: "/admin/users?q=carmen&page=1", expected: STAFF },
  { path: "/admin/organizations", expected: STAFF },
  { path: "/admin/audit", expected: ADMIN_ONLY },
  { path: "/admin/audit?action=user.verify", expected: ADMIN_ONLY },
  { path: "/admin/outbox", expected: ADMIN_ONLY },
  { path: "/admin/outbox?status=error", expected: ADMIN_ONLY },
];

describe("staff pages", () => {
  for (const page of PAGES) {
    ACCOUNTS.forEach((account, i) => {
      it(`GET ${page.path} as ${account} → ${page.expected[i]}`, async () => {
        const client = await clientFor(account);
        const response = await client.get(page.path);
        expect(outcomeOf(response)).toBe(page.expected[i]);
      });
    });
  }
});

/**
 * Staff mutations in pairs that undo each other, so each account starts from the same state.
 * `fields` is a function because ids are known only once the server has seeded.
 */
const MUTATIONS: { name: string; path: string; fields: (account: Account) => Record<string, string>; expected: Outcome[] }[] = [
  { name: "verify resident", path: "/admin/users", fields: () => ({ intent: "verify", userId: String(userId("target@example.org")) }), expected: ADMIN_ONLY },
  { name: "unverify resident", path: "/admin/users", fields: () => ({ intent: "unverify", userId: String(userId("target@example.org")) }), expected: ADMIN_ONLY },
  { name: "grant editor", path: "/admin/users", fields: () => ({ intent: "grantRole", role: "editor", userId: String(userId("target@example.org")) }), expected: ADMIN_ONLY },
  { name: "revoke editor", path: "/admin/users", fields: () => ({ intent: "revokeRole", role: "editor", userId: String(userId("target@example.org")) }), expected: ADMIN_ONLY },
  { name: "block", path: "/admin/users", fields: () => ({ intent: "block", userId: String(userId("target@example.org")) }), expected: MODERATION },
  { name: "unblock", path: "/admin/users", fields: () => ({ intent: "unblock", userId: String(userId("target@example.org")) }), expected: MODERATION },
  {
    name: "create organization",
    path: "/admin/organizations",
    fields: (account) => ({ intent: "create", name: `Org of ${account}`, slug: `org-of-${account}`, description: "" }),
    expected: ADMIN_ONLY,
  },
  { name: "verify organization", path: "/admin/organizations", fields: () => ({ intent: "verify", organizationId: String(orgId("comerciantes-centro")) }), expected: ADMIN_ONLY },
  { name: "unverify organization", path: "/admin/organizations", fields: () => ({ intent: "unverify", organizationId: String(orgId("comerciantes-centro")) }), expected: ADMIN_ONLY },
  {
    name: "add member",
    path: "/admin/organizations",
    fields: () => ({ intent: "addMember", organizationId: String(orgId("comerciantes-centro")), email: "target@example.org" }),
    expected: ADMIN_ONLY,
  },
  {
    name: "remove member",
    path: "/admin/organizations",
    fields: () => ({ intent: "removeMember", organizationId: String(orgId("comerciantes-centro")), userId: String(userId("target@example.org")) }),
    expected: ADMIN_ONLY,
  },
];

describe("staff mutations", () => {
  ACCOUNTS.forEach((account, i) => {
    it(`as ${account}: allowed ones change state and are audited, refused ones change nothing`, async () => {
      const client = await clientFor(account);
      for (const mutation of MUTATIONS) {
        const before = snapshot();
        const audits = auditCount();
        const response = await client.postForm(mutation.path, mutation.fields(account));
        const expected = mutation.expected[i];
        expect(outcomeOf(response), `${mutation.name} as ${account}`).toBe(expected);
        if (expected === "ok") {
          expect(response.status, mutation.name).toBe(303);
          expect(snapshot(), `${mutation.name} changed something`).not.toBe(before);
          expect(auditCount(), `${mutation.name} wrote one audit entry`).toBe(audits + 1);
          const last = server.inspect.db.select({ actorId: auditLog.actorId }).from(auditLog).orderBy(asc(auditLog.id)).all().at(-1);
          expect(last?.actorId).toBe(userId(`${account}@example.org`));
        } else {
          expect(snapshot(), `${mutation.name} as ${account} changed nothing`).toBe(before);
        }
      }
    });
  });
});

describe("rules that protect the council", () => {
  it("a moderator cannot block an admin", async () => {
    const client = await clientFor("moderator");
    const before = snapshot();
    const response = await client.postForm("/admin/users", { intent: "block", userId: String(userId("admin@example.org")) });
    expect(response.status).toBe(403);
    expect(snapshot()).toBe(before);
  });

  it("staff cannot block themselves", async () => {
    for (const account of ["moderator", "admin"] as const) {
      const client = await clientFor(account);
      const before = snapshot();
      const response = await client.postForm("/admin/users", { intent: "block", userId: String(userId(`${account}@example.org`)) });
      expect(response.status, account).toBe(403);
      expect(snapshot()).toBe(before);
    }
  });

  it("an admin cannot remove their own admin role, but may remove another admin's", async () => {
    const client = await clientFor("admin");
    const before = snapshot();
    const own = await client.postForm("/admin/users", { intent: "revokeRole", role: "admin", userId: String(userId("admin@example.org")) });
    expect(own.status).toBe(403);
    expect(snapshot()).toBe(before);

    const target = String(userId("target@example.org"));
    expect((await client.postForm("/admin/users", { intent: "grantRole", role: "admin", userId: target })).status).toBe(303);
    expect((await client.postForm("/admin/users", { intent: "revokeRole", role: "admin", userId: target })).status).toBe(303);
  });

  it("blocking ends every session and revokes every API token of the user", async () => {
    const targetId = userId("target@example.org");
    const victim = await clientFor("target@example.org");
    const { token } = issueApiToken(server.inspect.db, targetId);
    expect((await fetch(new URL("/api/v1/me", server.url), { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    const admin = await clientFor("admin");
    expect((await admin.postForm("/admin/users", { intent: "block", userId: String(targetId) })).status).toBe(303);

    const db = server.inspect.db;
    expect(db.select({ n: count() }).from(sessions).where(eq(sessions.userId, targetId)).get()?.n).toBe(0);
    expect(db.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.userId, targetId)).all().every((t) => t.revokedAt !== null)).toBe(true);
    expect((await fetch(new URL("/api/v1/me", server.url), { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    // The old cookie no longer signs anyone in: the header offers the login link again.
    const page = await (await victim.get("/")).text();
    expect(page).not.toContain("Target Person");

    expect((await admin.postForm("/admin/users", { intent: "unblock", userId: String(targetId) })).status).toBe(303);
  });

  it("a blocked admin is treated as signed out", async () => {
    const client = await clientFor("admin");
    const adminId = userId("admin@example.org");
    server.inspect.db.update(users).set({ blockedAt: new Date() }).where(eq(users.id, adminId)).run();
    try {
      const response = await client.get("/admin");
      expect(outcomeOf(response)).toBe("login");
    } finally {
      server.inspect.db.update(users).set({ blockedAt: null }).where(eq(users.id, adminId)).run();
    }
  });
});

describe("forms and lists", () => {
  it("refuses an invalid organization with field errors and stores nothing", async () => {
    const client = await clientFor("admin");
    const before = snapshot();
    const response = await client.postForm("/admin/organizations", { intent: "create", name: "", slug: "Not A Slug!", description: "" });
    expect(response.status).toBe(400);
    expect(snapshot()).toBe(before);
  });

  it("refuses a slug that is taken, and an unknown member e-mail, with 400", async () => {
    const client = await clientFor("admin");
    const before = snapshot();
    const taken = await client.postForm("/admin/organizations", { intent: "create", name: "Bici bis", slug: "bici-villanueva" });
    expect(taken.status).toBe(400);
    // The field says what is wrong, and the input points at the message.
    const html = await taken.text();
    expect(html).toContain("Ya hay una organización con este identificador.");
    expect(html).toMatch(/<input[^>]*aria-invalid="true"[^>]*aria-describedby="create-organization-slug-error[^>]*>/);
    const unknown = await client.postForm("/admin/organizations", {
      intent: "addMember",
      organizationId: String(orgId("bici-villanueva")),
      email: "nobody@example.org",
    });
    expect(unknown.status).toBe(400);
    const tampered = await client.postForm("/admin/users", { intent: "grantRole", role: "superuser", userId: String(userId("target@example.org")) });
    expect(tampered.status).toBe(400);
    expect(snapshot()).toBe(before);
  });

  it("answers 404 for a user that does not exist", async () => {
    const client = await clientFor("admin");
    const response = await client.postForm("/admin/users", { intent: "verify", userId: "999999" });
    expect(response.status).toBe(404);
  });

  it("searches users by name or e-mail", async () => {
    const client = await clientFor("editor");
    const byName = await (await client.get("/admin/users?q=ORTEGA")).text();
    expect(byName).toContain("resident@example.org");
    expect(byName).not.toContain("verified@example.org");
    const byEmail = await (await client.get("/admin/users?q=ngo%40")).text();
    expect(byEmail).toContain("Elena Navarro");
    expect(byEmail).not.toContain("Carmen Ortega");
    // Wildcards are literal: nobody's name contains "%".
    const wildcard = await (await client.get("/admin/users?q=%25")).text();
    expect(wildcard).not.toContain("resident@example.org");
  });

  it("pages through users", async () => {
    const db = server.inspect.db;
    const now = new Date();
    db.insert(users)
      .values(Array.from({ length: 25 }, (_, i) => ({ email: `paged${i}@example.org`, name: `Zz Paged ${String(i).padStart(2, "0")}`, passwordHash: "x", createdAt: now })))
      .run();
    const client = await clientFor("admin");
    const first = await (await client.get("/admin/users?q=paged")).text();
    expect(first).toContain("paged0@example.org");
    expect(first).not.toContain("paged24@example.org");
    const second = await (await client.get("/admin/users?q=paged&page=2")).text();
    expect(second).toContain("paged24@example.org");
    expect(second).not.toContain("paged0@example.org");
  });

  it("filters the audit log by action, newest first", async () => {
    const client = await clientFor("admin");
    const html = await (await client.get("/admin/audit?action=user.block")).text();
    expect(html).toContain("<code>user.block</code>");
    expect(html).not.toContain("<code>user.verify</code>");
  });
});
