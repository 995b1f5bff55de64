import { describe, expect, it } from "vitest";
import { checkSameSite, isApiSignIn } from "../../server/http/csrf";

const origin = "http://127.0.0.1:3000";

function request(path: string, init: { method?: string; type?: string; headers?: Record<string, string> } = {}): Request {
  const headers = new Headers(init.headers);
  if (init.type) headers.set("content-type", init.type);
  return new Request(new URL(path, origin), { method: init.method ?? "POST", headers });
}

describe("the CSRF exemption of the API sign-in", () => {
  it("applies to a JSON POST to exactly /api/v1/session without a session cookie", () => {
    expect(isApiSignIn(request("/api/v1/session", { type: "application/json" }), false)).toBe(true);
    expect(isApiSignIn(request("/api/v1/session", { type: "Application/JSON; charset=utf-8" }), false)).toBe(true);
  });

  it.each([
    ["a session cookie", request("/api/v1/session", { type: "application/json" }), true],
    ["a form body", request("/api/v1/session", { type: "application/x-www-form-urlencoded" }), false],
    ["a text/plain body (what a cross-site form can send)", request("/api/v1/session", { type: "text/plain" }), false],
    ["no content type", request("/api/v1/session"), false],
    ["DELETE", request("/api/v1/session", { method: "DELETE", type: "application/json" }), false],
    ["another API path", request("/api/v1/sessions", { type: "application/json" }), false],
    ["a sub-path", request("/api/v1/session/x", { type: "application/json" }), false],
    ["the login form path", request("/login", { type: "application/json" }), false],
  ])("does not apply with %s", (_label, req, hasSessionCookie) => {
    expect(isApiSignIn(req, hasSessionCookie)).toBe(false);
  });

  it("still refuses cross-site requests", () => {
    expect(checkSameSite(request("/api/v1/session", { headers: { "sec-fetch-site": "cross-site" } }), origin)).toBe("cross-site");
    expect(checkSameSite(request("/api/v1/session", { headers: { origin: "https://evil.example" } }), origin)).toBe("origin-mismatch");
    expect(checkSameSite(request("/api/v1/session", { headers: { origin: "null" } }), origin)).toBe("origin-mismatch");
    expect(checkSameSite(request("/api/v1/session", { headers: { origin, "sec-fetch-site": "same-origin" } }), origin)).toBeNull();
    expect(checkSameSite(request("/api/v1/session"), origin)).toBeNull();
  });
});
