import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

function nonceOf(response: Response): string {
  return /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1] ?? "";
}

function csrfInPage(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

describe("page cache for anonymous visitors", () => {
  it("gives every response its own nonce and CSRF token, matching its headers and cookie", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const visitor = new TestClient(server.url);
      const response = await visitor.get("/");
      const html = await response.text();
      const nonce = nonceOf(response);
      expect(nonce).not.toBe("");
      expect(seen.has(nonce)).toBe(false);
      seen.add(nonce);
      for (const attrs of [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? "")) expect(attrs).toContain(`nonce="${nonce}"`);
      const token = csrfInPage(html);
      expect(token).toBe(visitor.cookie("redacta_csrf"));
      expect(seen.has(token ?? "")).toBe(false);
      seen.add(token ?? "");
    }
  });

  it("keeps a returning visitor's own CSRF token", async () => {
    const visitor = new TestClient(server.url);
    const token = await visitor.csrf();
    const html = await (await visitor.get("/")).text();
    expect(csrfInPage(html)).toBe(token);
    // and the token works for a form post
    expect((await visitor.postForm("/language", { locale: "en", redirectTo: "/" })).status).toBe(303);
  });

  it("shows a change made through another database connection at once", async () => {
    await fetch(server.url); // warm the cache
    server.inspect.sqlite.prepare("UPDATE processes SET title = 'Ordenanza de Movilidad Renovada' WHERE slug = 'ordenanza-movilidad-sostenible'").run();
    const html = await (await fetch(server.url)).text();
    expect(html).toContain("Ordenanza de Movilidad Renovada");
  });

  it("never serves a cached anonymous page to a signed-in person, nor theirs to anyone", async () => {
    const person = new TestClient(server.url);
    await person.login("verified@example.org");
    const mine = await (await person.get("/")).text();
    expect(mine).toContain("Antonio Ruiz");
    const anonymous = await (await fetch(server.url)).text();
    expect(anonymous).not.toContain("Antonio Ruiz");
  });

  it("keeps languages apart", async () => {
    const en = await (await fetch(server.url, { headers: { "accept-language": "en" } })).text();
    const es = await (await fetch(server.url, { headers: { "accept-language": "es" } })).text();
    expect(en).toContain('<html lang="en">');
    expect(es).toContain('<html lang="es">');
  });
});
