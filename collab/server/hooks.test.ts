import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CLOSE } from "../close-codes";
import { COLLAB_TOKEN_TTL_MS, signCollabToken, verifyCollabToken } from "./collab-token";
import { ConnectionCounter } from "./connection-limits";
import { documentNameFromUrl, queryOf } from "./document-name";
import { DocumentRegistry } from "./document-registry";
import { checkEditorVersion } from "./editor-version";
import { checkOrigin } from "./origin";
import { TokenBucket } from "./token-bucket";

describe("document name hook", () => {
  it("reads valid names from /collab/{name} and refuses everything else", () => {
    expect(documentNameFromUrl("/collab/draft-ordenanza?token=x")).toBe("draft-ordenanza");
    expect(documentNameFromUrl("/collab/amendment-42")).toBe("amendment-42");
    for (const url of ["/collab/", "/collab/Draft", "/collab/a/b", "/collab/%61", "/collab/-x", "/elsewhere/x", undefined, `/collab/${"a".repeat(129)}`]) {
      expect(documentNameFromUrl(url)).toBeNull();
    }
    expect(queryOf("/collab/x?token=a.b&schema=1").get("schema")).toBe("1");
    expect(queryOf("/collab/x").get("token")).toBeNull();
  });
});

describe("collab token hook", () => {
  const secret = randomBytes(32);
  const now = 1_700_000_000_000;
  const token = signCollabToken(secret, { userId: 7, document: "draft-x", exp: now + COLLAB_TOKEN_TTL_MS, binding: "s:abc" });

  it("accepts its own token for the named document until it expires", () => {
    expect(verifyCollabToken(secret, token, "draft-x", now)).toEqual({ userId: 7, document: "draft-x", exp: now + COLLAB_TOKEN_TTL_MS, binding: "s:abc" });
    expect(verifyCollabToken(secret, token, "draft-x", now + COLLAB_TOKEN_TTL_MS)).toBeNull();
  });

  it("refuses another document, another key, a forged payload and garbage", () => {
    expect(verifyCollabToken(secret, token, "draft-y", now)).toBeNull();
    expect(verifyCollabToken(randomBytes(32), token, "draft-x", now)).toBeNull();
    const [, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ u: 1, d: "draft-x", e: now + 1e9 })).toString("base64url");
    expect(verifyCollabToken(secret, `${forged}.${signature}`, "draft-x", now)).toBeNull();
    for (const junk of ["", ".", "a.b", "a.b.c", `${token}.x`]) expect(verifyCollabToken(secret, junk, "draft-x", now)).toBeNull();
  });
});

describe("origin hook", () => {
  const base = { host: "localhost:3000", publicOrigin: undefined, viaToken: false };
  it("accepts our own origin (Host header, or PUBLIC_URL when configured)", () => {
    expect(checkOrigin({ ...base, origin: "http://localhost:3000" })).toBeNull();
    expect(checkOrigin({ ...base, origin: "https://participa.example.org", publicOrigin: "https://participa.example.org/" })).toBeNull();
  });
  it("refuses other sites, opaque origins and a missing Origin with a cookie", () => {
    expect(checkOrigin({ ...base, origin: "http://evil.example" })).toBe(CLOSE.BAD_ORIGIN);
    expect(checkOrigin({ ...base, origin: "null" })).toBe(CLOSE.BAD_ORIGIN);
    expect(checkOrigin({ ...base, origin: "http://localhost:3000", publicOrigin: "https://participa.example.org" })).toBe(CLOSE.BAD_ORIGIN);
    expect(checkOrigin({ ...base, origin: undefined })).toBe(CLOSE.BAD_ORIGIN);
  });
  it("lets non-browser clients with a token omit the Origin, but not send a foreign one", () => {
    expect(checkOrigin({ ...base, origin: undefined, viaToken: true })).toBeNull();
    expect(checkOrigin({ ...base, origin: "http://evil.example", viaToken: true })).toBe(CLOSE.BAD_ORIGIN);
  });
});

describe("editor version hook", () => {
  it("refuses another schema version and lets clients that send none through", () => {
    expect(checkEditorVersion("3", 3)).toBeNull();
    expect(checkEditorVersion(null, 3)).toBeNull();
    expect(checkEditorVersion("2", 3)).toBe(CLOSE.EDITOR_OUTDATED);
    expect(checkEditorVersion("3abc", 3)).toBe(CLOSE.EDITOR_OUTDATED);
  });
});

describe("authorize hook: the document registry", () => {
  const registry = new DocumentRegistry<{ role: string }>().register({
    name: "draft",
    pattern: /^draft-([a-z]+)$/,
    access: (user, match) => (match[1] === "missing" ? "unknown" : user.role === "editor" ? "write" : user.role === "staff" ? "read" : null),
  });
  it("knows names by pattern before anyone signs in", () => {
    expect(registry.isKnown("draft-abc")).toBe(true);
    expect(registry.isKnown("amendment-1")).toBe(false);
  });
  it("maps each person to write, read, forbidden or unknown", () => {
    expect(registry.access({ role: "editor" }, "draft-abc")).toBe("write");
    expect(registry.access({ role: "staff" }, "draft-abc")).toBe("read");
    expect(registry.access({ role: "resident" }, "draft-abc")).toBeNull();
    expect(registry.access({ role: "editor" }, "draft-missing")).toBe("unknown");
    expect(registry.access({ role: "editor" }, "other")).toBe("unknown");
  });
  it("refuses unanchored patterns, which would match inside longer names", () => {
    expect(() => registry.register({ name: "loose", pattern: /amendment-\d+/, access: () => "read" })).toThrow(RangeError);
  });
});

describe("connection limits hook", () => {
  it("caps connections per user and per document and frees slots on release", () => {
    const counter = new ConnectionCounter({ perUser: 2, perDocument: 3 });
    expect(counter.acquire(1, "a")).toBe(true);
    expect(counter.acquire(1, "b")).toBe(true);
    expect(counter.acquire(1, "c")).toBe(false);
    expect(counter.acquire(2, "a")).toBe(true);
    expect(counter.acquire(3, "a")).toBe(true);
    expect(counter.acquire(4, "a")).toBe(false);
    expect(counter.ofDocument("a")).toBe(3);
    counter.release(1, "a");
    expect(counter.acquire(4, "a")).toBe(true);
    expect(counter.ofUser(1)).toBe(1);
  });
});

describe("awareness rate limit (token bucket)", () => {
  it("allows the burst, then the rate", () => {
    const bucket = new TokenBucket(10, 20, 0);
    let allowed = 0;
    for (let i = 0; i < 100; i++) if (bucket.take(0)) allowed++;
    expect(allowed).toBe(20);
    expect(bucket.take(50)).toBe(false);
    expect(bucket.take(100)).toBe(true);
    let later = 0;
    // One more second at 10 per second: about ten more (9.9 of them refilled after the last take).
    for (let t = 110; t <= 1100; t += 10) if (bucket.take(t)) later++;
    expect(later).toBeGreaterThanOrEqual(9);
    expect(later).toBeLessThanOrEqual(10);
  });
});
