import { describe, expect, it } from "vitest";
import { PageCache } from "./page-cache";

const page = (html: string) => ({ html, status: 200, headers: [["content-type", "text/html"]] as Array<[string, string]>, nonce: "N0", csrfToken: "T0", dataVersion: "1" });

describe("PageCache", () => {
  it("only keys anonymous GETs of pages", () => {
    const base = { method: "GET", url: "/", locale: "es", hasSession: false, hasAuthorization: false, accept: "text/html" };
    expect(PageCache.keyFor(base)).toBe("es /");
    expect(PageCache.keyFor({ ...base, method: "POST" })).toBeNull();
    expect(PageCache.keyFor({ ...base, hasSession: true })).toBeNull();
    expect(PageCache.keyFor({ ...base, hasAuthorization: true })).toBeNull();
    expect(PageCache.keyFor({ ...base, url: "/api/v1/me" })).toBeNull();
    expect(PageCache.keyFor({ ...base, url: "/processes.data" })).toBeNull();
    expect(PageCache.keyFor({ ...base, accept: "application/json" })).toBeNull();
  });

  it("swaps in fresh secrets, expires entries and drops them when the data changes", () => {
    let now = 0;
    let version = "1";
    const cache = new PageCache({ dataVersion: () => version, now: () => now, ttlMs: 1000 });
    cache.store("k", page('<script nonce="N0"></script><input value="T0">'));
    expect(cache.lookup("k", "N1", "T1")?.html.toString()).toBe('<script nonce="N1"></script><input value="T1">');
    now = 999;
    expect(cache.lookup("k", "N2", "T2")).not.toBeNull();
    now = 1000;
    expect(cache.lookup("k", "N3", "T3")).toBeNull();
    now = 0;
    cache.store("k", page('<script nonce="N0"></script>'));
    version = "2";
    expect(cache.lookup("k", "N4", "T4")).toBeNull();
  });

  it("refuses pages that do not contain their nonce and stays bounded", () => {
    const cache = new PageCache({ dataVersion: () => "1", maxEntries: 2 });
    cache.store("x", page("<p>no scripts</p>"));
    expect(cache.lookup("x", "N", "T")).toBeNull();
    for (const key of ["a", "b", "c"]) cache.store(key, page('<script nonce="N0"></script>'));
    expect(cache.lookup("a", "N", "T")).toBeNull();
    expect(cache.lookup("c", "N", "T")).not.toBeNull();
  });
});
