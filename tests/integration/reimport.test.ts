import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { clauseTree, flattenClauses, type Clause } from "../../collab/schema/clauses";
import { ORDINANCE } from "../../db/seed/content/ordinance";
import { annotationAnchors, documentDrafts, documentVersions, processes } from "../../db/schema";
import { describeRange } from "../../server/services/annotations/anchoring";
import { postMultipart, signedInClient } from "../support/docadmin";
import { replaceRunTexts } from "../support/docx-edit";
import type { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

/*
 * Re-import keeps identity: the demo ordinance's version 1 is downloaded as DOCX, edited in
 * its Word XML, imported over the process and published as version 2. Real server, real
 * SQLite, the same forms the import page posts.
 */

let server: TestServer;
let editor: TestClient;
const slug = ORDINANCE.slug;
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

beforeAll(async () => {
  server = await startTestServer();
  editor = await signedInClient(server, "editor@example.org");
});
afterAll(async () => {
  await server.stop();
});

const db = () => server.inspect.db;

function processId(): number {
  const row = db().select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get();
  if (!row) throw new Error("no demo ordinance");
  return row.id;
}

function version(n: number): { id: number; tree: Clause[] } {
  const row = db()
    .select({ id: documentVersions.id, content: documentVersions.content })
    .from(documentVersions)
    .where(and(eq(documentVersions.processId, processId()), eq(documentVersions.number, n)))
    .get();
  if (!row) throw new Error(`no version ${n}`);
  return { id: row.id, tree: clauseTree(documentSchema.nodeFromJSON(JSON.parse(row.content))) };
}

const articles = (tree: Clause[]) => flattenClauses(tree).map((f) => f.clause).filter((c) => c.kind === "article");

function unescapeAttr(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no ${name} in the page`);
  return unescapeAttr(match[1]);
}

/** The preview's summary badges: status → count. */
function summary(html: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of html.matchAll(/data-status="(\w+)">[^<]*<!-- -->: <strong>(\d+)<\/strong>/g)) out[m[1] as string] = Number(m[2]);
  for (const m of html.matchAll(/data-status="(\w+)">[^<]*: <strong>(\d+)<\/strong>/g)) out[m[1] as string] = Number(m[2]);
  return out;
}

async function download(n: number): Promise<Uint8Array> {
  const response = await editor.get(`/processes/${slug}/v/${n}/docx`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe(DOCX);
  return new Uint8Array(await response.arrayBuffer());
}

async function preview(bytes: Uint8Array): Promise<string> {
  const response = await postMultipart(editor, `/admin/processes/${slug}/import`, { intent: "preview", file: new Blob([new Uint8Array(bytes)], { type: DOCX }) }, "ordenanza.docx");
  const html = await response.text();
  expect(response.status, html.slice(0, 300)).toBe(200);
  return html;
}

describe("re-import through Word", () => {
  it("downloads v1 as DOCX, edits four articles, previews exactly 4 modified, publishes v2 keeping every id; annotations carried; old clause pages open", async () => {
    const v1 = version(1);
    // A resident annotates the first paragraph of the first three articles (through the API).
    const resident = await signedInClient(server, "resident@example.org");
    for (const a of articles(v1.tree).slice(0, 3)) {
      const p = a.children.find((c) => c.kind === "paragraph") as Clause;
      const words = [...p.text].length;
      const made = await resident.fetch(`/api/v1/processes/${slug}/annotations`, {
        method: "POST",
        body: JSON.stringify({
          "@context": "http://www.w3.org/ns/anno.jsonld",
          type: "Annotation",
          body: { type: "TextualBody", value: "Comentario.", format: "text/plain" },
          target: { source: `${server.url}/api/v1/processes/${slug}/versions/1`, "redacta:clauseId": p.id, selector: describeRange(p.text, 0, Math.min(20, words)) },
        }),
        headers: { "content-type": "application/ld+json", "x-csrf-token": await resident.csrf(), origin: new URL(resident.baseUrl).origin },
      });
      expect(made.status, await made.clone().text()).toBe(201);
    }
    const annotated = new Set(db().select({ clauseId: annotationAnchors.clauseId }).from(annotationAnchors).where(eq(annotationAnchors.versionId, v1.id)).all().map((r) => r.clauseId));
    // Four articles whose paragraphs carry no annotation, each with a paragraph of its own text.
    const targets = articles(v1.tree)
      .filter((a) => a.articleType === "article" && !flattenClauses(a.children).some((f) => annotated.has(f.clause.id)))
      .slice(-4);
    expect(targets).toHaveLength(4);
    const edits = targets.map((a) => {
      const paragraph = a.children.find((c) => c.kind === "paragraph") as Clause;
      return { from: paragraph.text, to: `${paragraph.text} Texto añadido en Word.` };
    });
    const bytes = await replaceRunTexts(await download(1), edits);

    const html = await preview(bytes);
    expect(summary(html)).toMatchObject({ modified: 4, new: 0, removed: 0, moved: 0 });
    const content = hidden(html, "content");
    const save = await postMultipart(editor, `/admin/processes/${slug}/import`, { intent: "save", fileName: "ordenanza.docx", content, basedOn: hidden(html, "basedOn") });
    expect(save.status).toBe(303);
    const published = await editor.postForm(`/admin/processes/${slug}/publish`, { changelog: "Cuatro artículos revisados en Word", baseVersion: "1" });
    expect(published.status).toBe(303);

    const v2 = version(2);
    // Every clause of v1 is still there under the same id.
    expect(flattenClauses(v2.tree).map((f) => f.clause.id)).toEqual(flattenClauses(v1.tree).map((f) => f.clause.id));
    const diff = await editor.get(`/api/v1/processes/${slug}/versions/1/diff/2`);
    expect(diff.status).toBe(200);
    const body = (await diff.json()) as { diff: { summary: { added: number; removed: number; modified: number; moved: number } } };
    expect(body.diff.summary).toMatchObject({ added: 0, removed: 0, modified: 4, moved: 0 });

    const anchors = db().select({ clauseId: annotationAnchors.clauseId, status: annotationAnchors.carryStatus }).from(annotationAnchors).where(eq(annotationAnchors.versionId, v2.id)).all();
    // The demo has annotations on v1; each is on an untouched article and must be carried as is.
    expect(annotated.size).toBeGreaterThan(0);
    expect(anchors.length).toBeGreaterThan(0);
    for (const a of anchors) expect(a.status).toBe("carried");

    for (const a of articles(v1.tree)) {
      const page = await editor.get(`/processes/${slug}/clauses/${a.id}`);
      expect(page.status, a.label).toBe(200);
    }
  });

  it("a re-import that removes one article and adds another shows exactly that, and keeps the other ids", async () => {
    const latest = version(2);
    const all = articles(latest.tree).filter((a) => a.articleType === "article");
    const victim = all.find((a, i) => i > 1 && a.children.every((c) => c.kind === "paragraph")) as Clause;
    // Word edit: the article's heading and every paragraph replaced by an unrelated text, i.e.
    // that article is removed and another one takes its place.
    const bytes = await replaceRunTexts(await download(2), [
      { from: `${victim.label}. ${victim.heading}`, to: `${victim.label}. Zarzuelas orbitales` },
      ...(victim.children.filter((c) => c.kind === "paragraph") as Clause[]).map((p, i) => ({
        from: p.text,
        to: `Los violonchelos del cometa ${i} afinan el trombón con lúpulo y acordeón bajo la nébula.`,
      })),
    ]);
    const html = await preview(bytes);
    const s = summary(html);
    expect(s).toMatchObject({ new: 1, removed: 1, moved: 0, modified: 0 });
    expect(html).toContain(`data-old-id="${victim.id}"`);
  });

  it("refuses hostile corrections with 400 and stores nothing", async () => {
    const html = await preview(await download(2));
    const content = hidden(html, "content");
    const imported = articles(clauseTree(documentSchema.nodeFromJSON(JSON.parse(content))));
    const old = articles(version(2).tree);
    const before = db().select({ content: documentDrafts.content }).from(documentDrafts).where(eq(documentDrafts.processId, processId())).get();
    const cases: Array<Record<string, string>> = [
      { [`match.${imported[0]?.id}`]: "zzzzzzzzzz" },
      { "match.zzzzzzzzzz": old[0]?.id ?? "" },
      { [`match.${imported[0]?.id}`]: old[0]?.id ?? "", [`match.${imported[1]?.id}`]: old[0]?.id ?? "" },
    ];
    for (const fields of cases) {
      const response = await postMultipart(editor, `/admin/processes/${slug}/import`, { intent: "save", fileName: "x.docx", content, basedOn: "2", ...fields });
      expect(response.status).toBe(400);
    }
    const stale = await postMultipart(editor, `/admin/processes/${slug}/import`, { intent: "save", fileName: "x.docx", content, basedOn: "1" });
    expect(stale.status).toBe(409);
    const after = db().select({ content: documentDrafts.content }).from(documentDrafts).where(eq(documentDrafts.processId, processId())).get();
    expect(after).toEqual(before);
  });
});
