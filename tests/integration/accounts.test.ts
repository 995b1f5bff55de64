import { count, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, passwordResets, sessions, users } from "../../db/schema";
import { sha256 } from "../../server/security/tokens";
import { messagesFor } from "../../server/i18n/translate";
import { createSession } from "../../server/services/sessions";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
const es = messagesFor("es");
const PASSWORD = "a long passphrase";

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

function userCount(): number {
  return server.inspect.db.select({ n: count() }).from(users).get()?.n ?? 0;
}

function lastMail(email: string): { subject: string; body: string } | undefined {
  return server.inspect.db.select({ subject: outbox.subject, body: outbox.body }).from(outbox).where(eq(outbox.recipient, email)).orderBy(desc(outbox.id)).get();
}

function sessionCount(): number {
  return server.inspect.db.select({ n: count() }).from(sessions).get()?.n ?? 0;
}

function signupFields(overrides: Record<string, string> = {}): Record<string, string> {
  return { name: "Ana Vecina", email: "ana@example.net", password: PASSWORD, acceptTerms: "on", ...overrides };
}

/** HTML text as a person reads it (entities decoded) for message checks. */
function decode(html: string): string {
  return html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
}

describe("sign up", () => {
  it("creates the account, starts no session, mails a welcome, and the person then logs in", async () => {
    const client = new TestClient(server.url);
    const response = await client.postForm("/signup", signupFields({ email: "New.Person@Example.net", redirectTo: "/processes" }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/signup?sent=1&redirectTo=%2Fprocesses");
    expect(response.headers.getSetCookie().some((c) => c.startsWith("redacta_session="))).toBe(false);
    const row = server.inspect.db.select({ email: users.email, hash: users.passwordHash }).from(users).where(eq(users.email, "new.person@example.net")).get();
    expect(row?.hash.startsWith("$argon2id$")).toBe(true);
    expect(lastMail("new.person@example.net")?.subject).toBe(es["mail.signupWelcome.subject"]);
    const notice = decode(await (await client.get(response.headers.get("location") ?? "")).text());
    expect(notice).toContain(es["auth.signup.sentTitle"]);
    const login = await client.postForm("/login", { email: "new.person@example.net", password: PASSWORD, redirectTo: "/processes" });
    expect(login.headers.get("location")).toBe("/processes");
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith("redacta_session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http on loopback in tests
    const account = await client.get("/account");
    expect(account.status).toBe(200);
    const html = await account.text();
    expect(html).toContain("Ana Vecina");
    expect(html).toContain("new.person@example.net");
    expect(html).toContain(es["account.role.resident"]);
  });

  it("answers an existing e-mail (any case) exactly like a new one, changes nothing, and mails the owner", async () => {
    const fresh = await new TestClient(server.url).postForm("/signup", signupFields({ email: "brand.new.shape@example.net" }));
    const before = { users: userCount(), sessions: sessionCount() };
    const hashBefore = server.inspect.db.select({ hash: users.passwordHash }).from(users).where(eq(users.email, "admin@example.org")).get()?.hash;
    const taken = await new TestClient(server.url).postForm("/signup", signupFields({ email: "ADMIN@example.org" }));
    // Same status, same redirect, same headers (names and cookies), same body.
    const shape = async (r: Response) => ({
      status: r.status,
      location: r.headers.get("location"),
      headers: [...r.headers.keys()].sort(),
      cookies: r.headers.getSetCookie().map((c) => c.split("=")[0]),
      body: await r.text(),
    });
    expect(await shape(taken)).toEqual(await shape(fresh));
    expect(taken.status).toBe(303);
    expect({ users: userCount(), sessions: sessionCount() }).toEqual(before);
    expect(server.inspect.db.select({ hash: users.passwordHash }).from(users).where(eq(users.email, "admin@example.org")).get()?.hash).toBe(hashBefore);
    const mail = lastMail("admin@example.org");
    expect(mail?.subject).toBe(es["mail.signupExisting.subject"]);
    expect(mail?.body).toContain(`${server.url}/login`);
    expect(mail?.body).toContain(`${server.url}/forgot-password`);
  });

  it.each([
    ["a short password", { password: "short" }, "auth.error.passwordTooShort"],
    ["a password over 200 characters", { password: "x".repeat(201) }, "auth.error.passwordTooLong"],
    ["the e-mail as password", { email: "same@example.net", password: "Same@Example.net" }, "auth.error.passwordIsEmail"],
    ["an invalid e-mail", { email: "not-an-address" }, "auth.error.emailInvalid"],
    ["a blank name", { name: "  " }, "auth.error.nameRequired"],
    ["the terms not accepted", { acceptTerms: "" }, "auth.error.acceptTerms"],
  ])("refuses %s with 400, an accessible field error and nothing stored", async (_label, overrides: Record<string, string>, key) => {
    const before = userCount();
    const client = new TestClient(server.url);
    const fields = signupFields({ email: "invalid-case@example.net", ...overrides });
    // An unticked checkbox is simply absent from the form.
    if (fields.acceptTerms === "") delete fields.acceptTerms;
    const response = await client.postForm("/signup", fields);
    expect(response.status).toBe(400);
    const html = decode(await response.text());
    expect(html).toContain(es[key]);
    expect(html).toMatch(/aria-invalid="true"/);
    expect(html).toMatch(/aria-describedby="[^"]*-error/);
    // The password never comes back in the page.
    expect(html).not.toContain(PASSWORD);
    expect(userCount()).toBe(before);
  });

  it("escapes HTML in the name everywhere it is shown", async () => {
    const client = new TestClient(server.url);
    const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
    const response = await client.postForm("/signup", signupFields({ name: evil, email: "xss@example.net" }));
    expect(response.status).toBe(303);
    await client.login("xss@example.net", PASSWORD);
    for (const path of ["/account", "/"]) {
      const html = await (await client.get(path)).text();
      expect(html).not.toContain("<script>alert(");
      expect(html).not.toContain("<img src=x");
      expect(html).toContain("&lt;script&gt;alert(");
    }
  });
});

describe("log in and log out", () => {
  it("logs in, shows the person, and logs out only by POST", async () => {
    const client = new TestClient(server.url);
    const response = await client.postForm("/login", { email: "Verified@Example.org", password: "redacta-demo", redirectTo: "/processes" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/processes");
    const token = client.cookie("redacta_session");
    expect(token).toBeTruthy();
    expect(await (await client.get("/account")).text()).toContain("Antonio Ruiz");

    // A GET (a link, an image) cannot log anyone out.
    expect((await client.get("/logout")).status).toBe(302);
    expect((await client.get("/account")).status).toBe(200);

    const out = await client.postForm("/logout", {});
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().find((c) => c.startsWith("redacta_session="))).toMatch(/Max-Age=0/);
    expect(server.inspect.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, sha256(token ?? ""))).get()).toBeUndefined();
    const account = await client.get("/account");
    expect(account.status).toBe(302);
    expect(account.headers.get("location")).toBe("/login?redirectTo=%2Faccount");
  });

  it("only follows local redirectTo paths", async () => {
    const client = new TestClient(server.url);
    const response = await client.postForm("/login", { email: "editor@example.org", password: "redacta-demo", redirectTo: "//evil.example/x" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
  });

  it("rotates the session at login: the old session token stops working", async () => {
    const client = new TestClient(server.url);
    await client.login("moderator@example.org");
    const first = client.cookie("redacta_session") ?? "";
    await client.login("moderator@example.org");
    const second = client.cookie("redacta_session") ?? "";
    expect(second).not.toBe(first);
    const stale = new TestClient(server.url);
    stale.setCookie("redacta_session", first);
    expect((await stale.get("/account")).status).toBe(302);
    const fresh = new TestClient(server.url);
    fresh.setCookie("redacta_session", second);
    expect((await fresh.get("/account")).status).toBe(200);
  });

  it("answers wrong credentials with 400 and a message that does not say which part was wrong", async () => {
    const client = new TestClient(server.url);
    const unknown = await client.postForm("/login", { email: "nobody@example.org", password: "whatever-it-is" });
    const wrong = await client.postForm("/login", { email: "editor@example.org", password: "not the password" });
    expect(unknown.status).toBe(400);
    expect(wrong.status).toBe(400);
    expect(decode(await unknown.text())).toContain(es["auth.login.invalid"]);
    expect(decode(await wrong.text())).toContain(es["auth.login.invalid"]);
  });

  it("tells a blocked account it is blocked", async () => {
    server.inspect.db.update(users).set({ blockedAt: new Date() }).where(eq(users.email, "resident@example.org")).run();
    const client = new TestClient(server.url);
    const response = await client.postForm("/login", { email: "resident@example.org", password: "redacta-demo" });
    expect(response.status).toBe(403);
    expect(decode(await response.text())).toContain(es["auth.login.blocked"]);
    expect(client.cookie("redacta_session")).toBeUndefined();
    server.inspect.db.update(users).set({ blockedAt: null }).where(eq(users.email, "resident@example.org")).run();
  });

  it("refuses the 6th failed login for one account in 15 minutes with 429 and Retry-After", async () => {
    const client = new TestClient(server.url);
    for (let i = 0; i < 5; i++) {
      const response = await client.postForm("/login", { email: "ngo@example.org", password: `wrong password ${i}` });
      expect(response.status).toBe(400);
    }
    const sixth = await client.postForm("/login", { email: "ngo@example.org", password: "wrong password 6" });
    expect(sixth.status).toBe(429);
    const retryAfter = Number(sixth.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(decode(await sixth.text())).toContain(es["auth.error.rateLimited"]);
    // Even the right password waits now.
    const right = await client.postForm("/login", { email: "ngo@example.org", password: "redacta-demo" });
    expect(right.status).toBe(429);
    expect(client.cookie("redacta_session")).toBeUndefined();
  });
});

describe("protection of the forms", () => {
  it.each(["/login", "/signup"])("refuses a cross-site POST to %s with 403 and stores nothing", async (path) => {
    const before = { users: userCount(), sessions: sessionCount() };
    const fields = path === "/login" ? { email: "admin@example.org", password: "redacta-demo" } : signupFields({ email: "csrf@example.net" });
    const client = new TestClient(server.url);
    const foreign = await client.postForm(path, fields, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    const tokenless = await client.postForm(path, fields, { csrf: false });
    expect(tokenless.status).toBe(403);
    const wrongToken = await client.postForm(path, fields, { csrf: "A".repeat(43) });
    expect(wrongToken.status).toBe(403);
    for (const response of [foreign, tokenless, wrongToken]) {
      expect(response.headers.getSetCookie().some((c) => c.startsWith("redacta_session="))).toBe(false);
    }
    expect({ users: userCount(), sessions: sessionCount() }).toEqual(before);
  });

  it("refuses a 2 MiB sign-up with 413 and stores nothing", async () => {
    const before = userCount();
    const client = new TestClient(server.url);
    const response = await client.postForm("/signup", signupFields({ email: "big@example.net", name: "x".repeat(2 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(userCount()).toBe(before);
  });
});

describe("account page", () => {
  it("requires a login", async () => {
    const response = await new TestClient(server.url).get("/account");
    expect(response.status).toBe(302);
  });

  it("shows roles, organizations and language, and changes the name (400 when blank)", async () => {
    const client = new TestClient(server.url);
    await client.login("editor@example.org");
    const html = decode(await (await client.get("/account")).text());
    expect(html).toContain(es["account.role.editor"]);
    expect(html).toContain(es["account.role.verified_resident"]);
    expect(html).toContain("Español");

    const blank = await client.postForm("/account", { name: "   " });
    expect(blank.status).toBe(400);
    expect(decode(await blank.text())).toContain(es["auth.error.nameRequired"]);

    const saved = await client.postForm("/account", { name: "Jordi Puig i Serra" });
    expect(saved.status).toBe(303);
    expect(server.inspect.db.select({ name: users.name }).from(users).where(eq(users.email, "editor@example.org")).get()?.name).toBe("Jordi Puig i Serra");
  });

  it("lists the organizations a representative belongs to", async () => {
    // ngo@ may be rate-limited by the login test above, so start its session directly.
    const ngo = server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, "ngo@example.org")).get();
    const client = new TestClient(server.url);
    client.setCookie("redacta_session", createSession(server.inspect.db, ngo?.id ?? 0).token);
    const html = decode(await (await client.get("/account")).text());
    expect(html).toContain("Asociación Ciclista Bici Villanueva");
    expect(html).toContain(es["account.orgVerified"]);
    expect(html).toContain(es["account.role.organization_representative"]);
  });
});

describe("password reset pages", () => {
  it("shows a clear 400 page for unknown, used and expired tokens", async () => {
    const client = new TestClient(server.url);
    const unknown = await client.get("/reset-password?token=not-a-real-token");
    expect(unknown.status).toBe(400);
    expect(decode(await unknown.text())).toContain(es["auth.reset.invalidTitle"]);
    const missing = await client.get("/reset-password");
    expect(missing.status).toBe(400);

    const user = server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, "verified@example.org")).get();
    const now = Date.now();
    server.inspect.db
      .insert(passwordResets)
      .values([
        { tokenHash: sha256("expired-token"), userId: user?.id ?? 0, createdAt: new Date(now - 2 * 3600_000), expiresAt: new Date(now - 3600_000) },
        { tokenHash: sha256("used-token"), userId: user?.id ?? 0, createdAt: new Date(now), expiresAt: new Date(now + 3600_000), usedAt: new Date(now) },
      ])
      .run();
    for (const token of ["expired-token", "used-token"]) {
      const page = await client.get(`/reset-password?token=${token}`);
      expect(page.status).toBe(400);
      const post = await client.postForm("/reset-password", { token, password: "a brand new phrase", confirm: "a brand new phrase" });
      expect(post.status).toBe(400);
      expect(decode(await post.text())).toContain(es["auth.reset.invalidTitle"]);
    }
  });
});
