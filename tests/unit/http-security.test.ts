import { describe, expect, it } from "vitest";
import { readCookie, serializeCookie } from "../../server/http/cookies";
import { checkCsrf, ensureCsrfToken } from "../../server/http/csrf";
import { contentSecurityPolicy } from "../../server/http/security-headers";
import { RateLimiter } from "../../server/security/rate-limit";
import { safeRedirectPath } from "../../app/utils/safe-redirect";

const ORIGIN = "http://127.0.0.1:3000";
const TOKEN = "a".repeat(43);

function post(headers: Record<string, string>, body?: string) {
  return new Request(`${ORIGIN}/login`, { method: "POST", headers, body });
}

describe("checkCsrf", () => {
  const form = { "content-type": "application/x-www-form-urlencoded" };
  it.each([
    ["same-origin form with token", { ...form, origin: ORIGIN }, `_csrf=${TOKEN}`, TOKEN, null],
    ["header token", { "x-csrf-token": TOKEN }, undefined, TOKEN, null],
    ["cross-site fetch metadata", { ...form, "sec-fetch-site": "cross-site" }, `_csrf=${TOKEN}`, TOKEN, "cross-site"],
    ["foreign Origin", { ...form, origin: "https://evil.example" }, `_csrf=${TOKEN}`, TOKEN, "origin-mismatch"],
    ["opaque Origin", { ...form, origin: "null" }, `_csrf=${TOKEN}`, TOKEN, "origin-mismatch"],
    ["no token", { ...form, origin: ORIGIN }, "name=x", TOKEN, "token-missing"],
    ["no cookie", { ...form }, `_csrf=${TOKEN}`, undefined, "token-missing"],
    ["wrong token", { ...form }, `_csrf=${"b".repeat(43)}`, TOKEN, "token-mismatch"],
  ] as const)("%s", async (_name, headers, body, cookie, expected) => {
    expect(await checkCsrf(post({ ...headers }, body), cookie, ORIGIN)).toBe(expected);
  });

  it("leaves the body readable for the action", async () => {
    const request = post({ ...form }, `_csrf=${TOKEN}&email=a%40b.c`);
    await checkCsrf(request, TOKEN, ORIGIN);
    expect((await request.formData()).get("email")).toBe("a@b.c");
  });
});

describe("ensureCsrfToken", () => {
  it("keeps a well-formed cookie and replaces a malformed one", () => {
    expect(ensureCsrfToken(`redacta_csrf=${TOKEN}`, false)).toEqual({ token: TOKEN, setCookie: null });
    const fresh = ensureCsrfToken("redacta_csrf=<script>", true);
    expect(fresh.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh.setCookie).toContain("HttpOnly");
    expect(fresh.setCookie).toContain("Secure");
    expect(fresh.setCookie).toContain("SameSite=Lax");
  });
});

describe("cookies", () => {
  it("round-trips values and ignores malformed encodings", () => {
    const header = serializeCookie("x", "a b;c", { secure: false }).split(";")[0];
    expect(readCookie(header, "x")).toBe("a b;c");
    expect(readCookie("x=%E0%A4%A", "x")).toBeUndefined();
    expect(readCookie("y=1; x=2", "x")).toBe("2");
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts only from self or the nonce", () => {
    const csp = contentSecurityPolicy("abc");
    expect(csp).toContain("script-src 'self' 'nonce-abc'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });
});

describe("RateLimiter", () => {
  it("allows max hits per window, then refuses until the window resets", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const rule = { max: 3, windowMs: 1000 };
    expect([1, 2, 3, 4].map(() => limiter.hit("k", rule).allowed)).toEqual([true, true, true, false]);
    expect(limiter.hit("k", rule).retryAfter).toBe(1);
    expect(limiter.hit("other", rule).allowed).toBe(true);
    now = 1000;
    expect(limiter.hit("k", rule).allowed).toBe(true);
    limiter.prune();
  });
});

describe("safeRedirectPath", () => {
  it.each([
    ["/processes", "/processes"],
    ["/a?b=c#d", "/a?b=c#d"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["/ok\r\nSet-Cookie: x", "/"],
    ["", "/"],
    [null, "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});

describe("secureRandomBytes", () => {
  it("never hands out the same bytes twice, across pool refills", async () => {
    const { secureRandomBytes } = await import("../../server/security/tokens");
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) seen.add(secureRandomBytes(32).toString("hex")); // > 4 refills
    expect(seen.size).toBe(600);
    expect(secureRandomBytes(4096)).toHaveLength(4096);
    expect(() => secureRandomBytes(4097)).toThrow(RangeError);
  });
});
