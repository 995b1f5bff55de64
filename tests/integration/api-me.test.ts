import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeJson } from "../../server/api/serialize";
import { apiSignIn, getWithToken, sessionCookieFor, userIdOf } from "../support/api";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

describe("GET /api/v1/me", () => {
  it.each([
    ["admin@example.org", ["resident", "verified_resident", "admin"]],
    ["editor@example.org", ["resident", "verified_resident", "editor"]],
    ["moderator@example.org", ["resident", "verified_resident", "moderator"]],
    ["resident@example.org", ["resident"]],
    ["verified@example.org", ["resident", "verified_resident"]],
    ["ngo@example.org", ["resident", "verified_resident", "organization_representative"]],
  ])("gives %s the roles %j", async (email, roles) => {
    const token = await apiSignIn(server, email);
    const response = await getWithToken(server, "/api/v1/me", token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const me = (await response.json()) as MeJson;
    expect(Object.keys(me).sort()).toEqual(["email", "id", "name", "organizations", "roles"]);
    expect(me.id).toBe(userIdOf(server, email));
    expect(me.email).toBe(email);
    expect(me.name).toBeTruthy();
    expect(me.roles).toEqual(roles);
    if (email === "ngo@example.org") {
      expect(me.organizations.length).toBeGreaterThan(0);
      expect(me.organizations.some((o) => o.verified)).toBe(true);
      for (const o of me.organizations) expect(Object.keys(o).sort()).toEqual(["id", "name", "slug", "verified"]);
    } else {
      expect(me.organizations).toEqual([]);
    }
  });

  it("works with the browser's session cookie too", async () => {
    const cookie = sessionCookieFor(server, "editor@example.org");
    const response = await fetch(new URL("/api/v1/me", server.url), { headers: { cookie: `redacta_session=${cookie}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(((await response.json()) as MeJson).roles).toEqual(["resident", "verified_resident", "editor"]);
  });

  it("answers 401 JSON to anonymous callers", async () => {
    const response = await fetch(new URL("/api/v1/me", server.url));
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    expect(await response.json()).toEqual({ error: { status: 401, code: "unauthenticated", message: expect.any(String) } });
  });
});
