import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processes } from "../../db/schema";
import { BUDGET } from "../../db/seed/content/budget";
import { ORDINANCE } from "../../db/seed/content/ordinance";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";
import { editedOrdinance, insertVersion, versionJson } from "../support/versions";

let server: TestServer;
let ids: ReturnType<typeof editedOrdinance>;
const ORD = `/processes/${ORDINANCE.slug}`;
const API = `/api/v1/processes/${ORDINANCE.slug}`;

beforeAll(async () => {
  server = await startTestServer();
  const v1 = versionJson(server.inspect, ORDINANCE.slug, 1);
  ids = editedOrdinance(v1);
  insertVersion(server.inspect, ORDINANCE.slug, 2, ids.v2, "Versión consolidada tras la consulta.");
  // A hidden process with a published version: only staff may see any of it.
  const hidden = server.inspect.db
    .insert(processes)
    .values({ slug: "borrador-oculto", kind: "regulation", title: "Borrador oculto", createdAt: new Date() })
    .returning({ id: processes.id })
    .get();
  expect(hidden.id).toBeGreaterThan(0);
  insertVersion(server.inspect, "borrador-oculto", 1, v1, "x");
});

afterAll(async () => {
  await server.stop();
});

describe("reading view", () => {
  it("shows the timeline and the latest version with numbered clauses, TOC and permalinks", async () => {
    const res = await new TestClient(server.url).get(ORD);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('class="timeline"');
    expect(html).toContain("Versión 2");
    expect(html).toContain("Capítulo I");
    expect(html).toContain("Artículo 1.");
    expect(html).toContain(`id="art-${ids.movedArticleId}"`);
    expect(html).toContain(`href="#art-${ids.movedArticleId}"`);
    expect(html).toMatch(/aria-label="Enlace a Artículo 2"/);
    expect(html).toContain('class="toc"');
    // The removed article is gone from v2 but still readable in v1.
    expect(html).not.toContain(`id="art-${ids.removedArticleId}"`);
    const v1 = await (await new TestClient(server.url).get(`${ORD}/v/1`)).text();
    expect(v1).toContain(`id="art-${ids.removedArticleId}"`);
    // A permalink from v1 lands on the same clause in v2, with its new number.
    expect(v1).toContain(`id="par-${ids.rewordedParagraphId}"`);
    expect(html).toContain(`id="par-${ids.rewordedParagraphId}"`);
  });

  it("lists versions with dates and changelogs and compares two with a plain GET form", async () => {
    const client = new TestClient(server.url);
    const html = await (await client.get(`${ORD}/v/2`)).text();
    expect(html).toContain("Versión consolidada tras la consulta.");
    expect(html).toContain(`action="${ORD}/compare"`);
    const redirect = await client.get(`${ORD}/compare?a=2&b=1`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe(`${ORD}/v/1/diff/2`);
    expect((await client.get(`${ORD}/compare?a=x&b=1`)).status).toBe(400);
  });

  it("answers 404 for missing versions and hidden processes", async () => {
    const client = new TestClient(server.url);
    for (const path of [`${ORD}/v/9`, `${ORD}/v/abc`, `${ORD}/v/0`, "/processes/borrador-oculto", "/processes/borrador-oculto/v/1", "/processes/borrador-oculto/v/1/markdown"]) {
      expect((await client.get(path)).status, path).toBe(404);
    }
    for (const path of ["versions", "versions/1", "versions/1/akn", "versions/1/diff/1"]) {
      const res = await client.get(`/api/v1/processes/borrador-oculto/${path}`);
      expect(res.status, path).toBe(404);
    }
    const editor = new TestClient(server.url);
    await editor.login("editor@example.org");
    expect((await editor.get("/processes/borrador-oculto/v/1")).status).toBe(200);
    expect((await editor.get("/api/v1/processes/borrador-oculto/versions")).status).toBe(200);
  });

  it("renders the budget as tables with totals and an SVG chart with text values; staff see the check", async () => {
    const anonymous = await (await new TestClient(server.url).get(`/processes/${BUDGET.slug}`)).text();
    expect(anonymous).toContain("budget__table");
    expect(anonymous).toContain("<svg");
    expect(anonymous).toMatch(/\d[\d.]*,\d\d\s€/);
    expect(anonymous).not.toContain("budget-check");
    const editor = new TestClient(server.url);
    await editor.login("editor@example.org");
    const staff = await (await editor.get(`/processes/${BUDGET.slug}`)).text();
    expect(staff).toContain("budget-check--ok");
  });

  it("sends the document text once, not again in the hydration data", async () => {
    const html = await (await new TestClient(server.url).get(ORD)).text();
    expect(html.split(`id="par-${ids.rewordedParagraphId}"`).length - 1).toBe(1);
    expect(html.split("ordenar y regular los usos").length - 1).toBe(1);
    // Client-side navigations fetch the same fragments as JSON.
    const res = await new TestClient(server.url).get(`${ORD}/v/2/html`);
    const fragments = (await res.json()) as { toc: string; body: string };
    expect(fragments.body).toContain(`id="par-${ids.rewordedParagraphId}"`);
    expect(fragments.toc).toContain('class="toc"');
    expect((await new TestClient(server.url).get("/processes/borrador-oculto/v/1/html")).status).toBe(404);
  });

  it("ships no editor code to readers", async () => {
    const html = await (await new TestClient(server.url).get(ORD)).text();
    // Word-bounded: a random clause id such as "uwyjsg24g8" may contain the letters "yjs".
    expect(html).not.toMatch(/prosemirror|\byjs\b|y-websocket/i);
  });
});

describe("diff page", () => {
  it("shows a redline with ins/del and hidden labels, and a side-by-side view", async () => {
    const client = new TestClient(server.url);
    const red = await (await client.get(`${ORD}/v/1/diff/2`)).text();
    expect(red).toMatch(/<ins><span class="visually-hidden">añadido:/);
    expect(red).toMatch(/<del><span class="visually-hidden">suprimido:/);
    expect(red).toContain("dbadge--removed");
    expect(red).toContain("dbadge--moved");
    const side = await (await client.get(`${ORD}/v/1/diff/2?view=side`)).text();
    expect(side).toContain("dc__sides");
    const all = await (await client.get(`${ORD}/v/1/diff/2?all=1`)).text();
    expect(all.length).toBeGreaterThan(red.length);
  });
});

describe("exports", () => {
  it("lists versions and returns the clause tree", async () => {
    const client = new TestClient(server.url);
    const list = (await (await client.get(`${API}/versions`)).json()) as { versions: Array<{ number: number; contentHash: string }> };
    expect(list.versions.map((v) => v.number)).toEqual([2, 1]);
    expect(list.versions[0]?.contentHash).toMatch(/^sha256:/);
    const one = (await (await client.get(`${API}/versions/1`)).json()) as {
      version: { clauses: Array<{ id: string; kind: string; number: string; label: string; heading: string; children: unknown[] }> };
    };
    const chapter = one.version.clauses.find((c) => c.kind === "chapter");
    expect(chapter).toMatchObject({ number: "I", label: "Capítulo I" });
  });

  it("serves Akoma Ntoso with eIds from clause ids", async () => {
    const res = await new TestClient(server.url).get(`${API}/versions/2/akn`);
    expect(res.headers.get("content-type")).toContain("xml");
    const xml = await res.text();
    expect(xml).toContain("<act ");
    expect(xml).toContain(`eId="art_${ids.movedArticleId}"`);
    expect(xml).toContain('<FRBRversionNumber value="2"/>');
  });

  it("serves the diff as JSON", async () => {
    const res = await new TestClient(server.url).get(`${API}/versions/1/diff/2`);
    const body = (await res.json()) as { diff: { summary: Record<string, number>; clauses: Array<{ id: string; status: string; moved: boolean }> } };
    expect(body.diff.summary.modified).toBe(1);
    expect(body.diff.clauses.find((c) => c.id === ids.removedArticleId)?.status).toBe("removed");
    expect(body.diff.clauses.find((c) => c.id === ids.movedArticleId)?.moved).toBe(true);
    expect(body.diff.clauses.find((c) => c.id === ids.rewordedParagraphId)?.status).toBe("modified");
  });

  it("downloads Markdown as an attachment with legal headings", async () => {
    const res = await new TestClient(server.url).get(`${ORD}/v/1/markdown`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="ordenanza-movilidad-sostenible-v1\.md"/);
    const md = await res.text();
    expect(md).toMatch(/^## Capítulo I\. Disposiciones generales$/m);
    expect(md).toMatch(/^### Artículo 1\. Objeto$/m);
  });

  it("documents the endpoints in OpenAPI", async () => {
    const doc = (await (await new TestClient(server.url).get("/api/v1/openapi.json")).json()) as { paths: Record<string, unknown> };
    for (const path of ["/api/v1/processes/{slug}/versions", "/api/v1/processes/{slug}/versions/{n}", "/api/v1/processes/{slug}/versions/{n}/akn", "/api/v1/processes/{slug}/versions/{a}/diff/{b}"]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});

