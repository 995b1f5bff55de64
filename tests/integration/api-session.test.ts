import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, users } from "../../db/schema";
import { issueApiToken } from "../../server/services/api-tokens";
import { apiSignIn, DEMO_PASSWORD, getWithToken, postSession, sessionCookieFor, userIdOf } from "../support/api";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

interface ErrorBody {
  error: { status: number; code: string; message: string; fields?: Record<string, string[]> };
}

function tokenCount(): number {
  return server.inspect.db.select({ n: count() }).from(apiTokens).get()?.n ?? 0;
}

function url(path: string): URL {
  return new URL(path, server.url);
}

describe("POST /api/v1/session", () => {
  it("gives a plain API client (no cookies, no CSRF token) a bearer token that works on /api/v1/me", async () => {
    const response = await postSession(server, { email: "verified@example.org", password: DEMO_PASSWORD });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    // A token in the body, never a session cookie.
    expect(response.headers.getSetCookie().filter((c) => c.startsWith("redacta_session="))).toEqual([]);
    const body = (await response.json()) as { token: string; tokenType: string; expiresAt: string };
    expect(body.tokenType).toBe("Bearer");
    expect(body.token).toMatch(/^rdt_/);
    const days = (Date.parse(body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThanOrEqual(30);
    const me = await getWithToken(server, "/api/v1/me", body.token);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe("verified@example.org");
  });

  it("accepts the e-mail in any case and with spaces, as the form does", async () => {
    const response = await postSession(server, { email: "  Verified@Example.ORG ", password: DEMO_PASSWORD });
    expect(response.status).toBe(201);
  });

  it("answers a wrong password with 401 invalid_credentials and no token", async () => {
    const response = await postSession(server, { email: "resident@example.org", password: "wrong-password" });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).error.code).toBe("invalid_credentials");
  });

  it("answers 400 with field errors for invalid input, and stores nothing", async () => {
    const before = tokenCount();
    const response = await postSession(server, { email: "not-an-email", password: "" });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toMatchObject({ status: 400, code: "invalid_request" });
    expect(body.error.fields?.email).toEqual(["Not an e-mail address."]);
    expect(body.error.fields?.password).toEqual(["Required."]);
    const missing = (await (await postSession(server, {})).json()) as ErrorBody;
    expect(Object.keys(missing.error.fields ?? {}).sort()).toEqual(["email", "password"]);
    expect(tokenCount()).toBe(before);
  });

  it.each([
    ["broken JSON", "{\"email\": "],
    ["an empty body", ""],
  ])("answers %s with 400 invalid_json", async (_label, raw) => {
    const response = await postSession(server, raw);
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.code).toBe("invalid_json");
  });

  it("answers JSON that is not an object with 400 invalid_request", async () => {
    const response = await postSession(server, "[1, 2]");
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.code).toBe("invalid_request");
  });

  it("answers an oversized body with 413 JSON", async () => {
    const huge = JSON.stringify({ email: "a@example.org", password: "x".repeat(1024 * 1024 + 10) });
    const response = await postSession(server, huge);
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(((await response.json()) as ErrorBody).error).toMatchObject({ status: 413, code: "payload_too_large" });
  });

  it("answers the 6th failed attempt for one e-mail with 429 and Retry-After, even with the right password", async () => {
    const email = "moderator@example.org";
    for (let i = 1; i <= 5; i++) {
      const response = await postSession(server, { email, password: `wrong-${i}` });
      expect(response.status, `attempt ${i}`).toBe(401);
    }
    const sixth = await postSession(server, { email, password: "wrong-6" });
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(Number(sixth.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await sixth.json()) as ErrorBody).error).toMatchObject({ status: 429, code: "rate_limited" });
    const right = await postSession(server, { email, password: DEMO_PASSWORD });
    expect(right.status).toBe(429);
    // Other accounts are unaffected.
    expect((await postSession(server, { email: "ngo@example.org", password: DEMO_PASSWORD })).status).toBe(201);
  });
});

describe("one rate limit for the form and the API", () => {
  it("counts failures on the sign-in form against API sign-ins of the same account", async () => {
    const email = "editor@example.org";
    const browser = new TestClient(server.url);
    for (let i = 1; i <= 5; i++) {
      const response = await browser.postForm("/login", { email, password: `wrong-${i}` });
      expect(response.status, `form attempt ${i}`).not.toBe(429);
    }
    const response = await postSession(server, { email, password: DEMO_PASSWORD });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("DELETE /api/v1/session", () => {
  it("revokes the token it is called with: 204, then the token gets 401 on /api/v1/me", async () => {
    const token = await apiSignIn(server, "resident@example.org");
    const other = await apiSignIn(server, "resident@example.org");
    const response = await fetch(url("/api/v1/session"), { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(204);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const me = await getWithToken(server, "/api/v1/me", token);
    expect(me.status).toBe(401);
    expect(me.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(((await me.json()) as ErrorBody).error.code).toBe("invalid_token");
    // Only that token: the same person's other token still works.
    expect((await getWithToken(server, "/api/v1/me", other)).status).toBe(200);
    const again = await fetch(url("/api/v1/session"), { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
    expect(again.status).toBe(401);
  });

  it("needs a bearer token (a cookie session is not an API session)", async () => {
    const cookie = sessionCookieFor(server, "resident@example.org");
    const csrf = "c".repeat(43);
    const response = await fetch(url("/api/v1/session"), {
      method: "DELETE",
      headers: { cookie: `redacta_session=${cookie}; redacta_csrf=${csrf}`, "x-csrf-token": csrf },
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).error.code).toBe("bearer_token_required");
  });
});

describe("bearer tokens", () => {
  it("refuses an expired token with 401", async () => {
    const longAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    const { token, expiresAt } = issueApiToken(server.inspect.db, userIdOf(server, "admin@example.org"), "old", longAgo);
    expect(expiresAt.getTime()).toBeLessThan(Date.now());
    const response = await getWithToken(server, "/api/v1/me", token);
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).error.code).toBe("invalid_token");
    const processes = await getWithToken(server, "/api/v1/processes", token);
    expect(processes.status).toBe(401);
  });

  it("refuses an unknown token with 401", async () => {
    expect((await getWithToken(server, "/api/v1/me", "rdt_made-up")).status).toBe(401);
  });
});

describe("blocked accounts", () => {
  it("get no token (403), and tokens issued before the block stop working (401)", async () => {
    const email = "verified@example.org";
    const earlier = await apiSignIn(server, email);
    server.inspect.db.update(users).set({ blockedAt: new Date() }).where(eq(users.email, email)).run();
    try {
      const response = await postSession(server, { email, password: DEMO_PASSWORD });
      expect(response.status).toBe(403);
      expect(((await response.json()) as ErrorBody).error.code).toBe("account_blocked");
      expect((await getWithToken(server, "/api/v1/me", earlier)).status).toBe(401);
    } finally {
      server.inspect.db.update(users).set({ blockedAt: null }).where(eq(users.email, email)).run();
    }
  });
});

describe("CSRF and the API", () => {
  it.each([
    ["another site's Origin", { origin: "https://evil.example" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["an opaque Origin", { origin: "null" }],
  ])("refuses a cross-site sign-in (%s) with 403", async (_label, headers) => {
    const response = await postSession(server, { email: "admin@example.org", password: DEMO_PASSWORD }, headers);
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.code).toMatch(/^csrf_/);
  });

  it("accepts a same-origin browser sign-in without a CSRF token (nothing ambient to protect)", async () => {
    const origin = new URL(server.url).origin;
    const response = await postSession(server, { email: "admin@example.org", password: DEMO_PASSWORD }, { origin, "sec-fetch-site": "same-origin" });
    expect(response.status).toBe(201);
  });

  it("refuses a form-encoded sign-in without a CSRF token (what a cross-site HTML form could send)", async () => {
    const response = await fetch(url("/api/v1/session"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "admin@example.org", password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(403);
  });

  it("refuses a JSON sign-in riding on a session cookie without the CSRF token", async () => {
    const cookie = sessionCookieFor(server, "resident@example.org");
    const response = await postSession(server, { email: "admin@example.org", password: DEMO_PASSWORD }, { cookie: `redacta_session=${cookie}` });
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.code).toBe("csrf_token_missing");
  });

  it("refuses cookie-authenticated JSON mutations of other API endpoints without X-CSRF-Token, accepts them by bearer token", async () => {
    const cookie = `redacta_session=${sessionCookieFor(server, "admin@example.org")}; redacta_csrf=${"k".repeat(43)}`;
    const token = await apiSignIn(server, "admin@example.org");
    const json = { "content-type": "application/json" };

    const postByCookie = await fetch(url("/api/v1/processes"), { method: "POST", headers: { ...json, cookie }, body: "{}" });
    expect(postByCookie.status).toBe(403);
    expect(((await postByCookie.json()) as ErrorBody).error.code).toBe("csrf_token_missing");
    const deleteByCookie = await fetch(url("/api/v1/session"), { method: "DELETE", headers: { ...json, cookie } });
    expect(deleteByCookie.status).toBe(403);

    // With the bearer token the request passes the pipeline and reaches the endpoint.
    const postByToken = await fetch(url("/api/v1/processes"), { method: "POST", headers: { ...json, authorization: `Bearer ${token}` }, body: "{}" });
    expect(postByToken.status).toBe(405);
    expect(((await postByToken.json()) as ErrorBody).error.code).toBe("method_not_allowed");
    // …even when the browser's cookies come along too: the token decides.
    const deleteByToken = await fetch(url("/api/v1/session"), { method: "DELETE", headers: { ...json, cookie, authorization: `Bearer ${token}` } });
    expect(deleteByToken.status).toBe(204);
  });
});
