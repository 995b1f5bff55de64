import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { clauseTree, flattenClauses, type Clause } from "../../collab/schema/clauses";
import { clauseMerges, documentVersions, processes } from "../../db/schema";
import { ORDINANCE } from "../../db/seed/content/ordinance";
import { postMultipart, signedInClient } from "../support/docadmin";
import { TestClient } from "../support/http-client";
import { saveAndPublish } from "../support/reimport";
import { startTestServer, type TestServer } from "../support/server";

/*
 * "Merged into article X": a Markdown draft that merges two articles of the demo ordinance into
 * one is imported and published; the article whose id did not survive keeps its page, which
 * says where its text went (with a working link), shows its last text and its comments
 * read-only — and so do its history and the v1 → v2 comparison.
 */

const slug = ORDINANCE.slug;
let server: TestServer;
let editor: TestClient;
let survivor: Clause;
let merged: Clause;
let previewHtml: string;
const COMMENT = "Este artículo debería ir junto al anterior.";

function versionTree(n: number): { id: number; tree: Clause[] } {
  const db = server.inspect.db;
  const processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get()?.id ?? 0;
  const row = db.select({ id: documentVersions.id, content: documentVersions.content }).from(documentVersions).where(and(eq(documentVersions.processId, processId), eq(documentVersions.number, n))).get();
  if (!row) throw new Error(`no version ${n}`);
  return { id: row.id, tree: clauseTree(documentSchema.nodeFromJSON(JSON.parse(row.content))) };
}

const articles = (tree: Clause[]) => flattenClauses(tree).map((f) => f.clause).filter((c) => c.kind === "article" && c.articleType === "article");
/** The sentence around the "merged into" link of a page: text before, link href and text, text after. */
function mergedSentence(html: string): { before: string; href: string; text: string; after: string } | null {
  const m = /([^<>]*)<a ([^>]*class="merged-into"[^>]*)>([^<]*)<\/a>([^<]*)/.exec(html);
  if (!m) return null;
  return { before: m[1] ?? "", href: /href="([^"]+)"/.exec(m[2] ?? "")?.[1] ?? "", text: m[3] ?? "", after: m[4] ?? "" };
}

const unescape = (html: string) => html.replace(/<!-- -->/g, "").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");

beforeAll(async () => {
  server = await startTestServer();
  editor = await signedInClient(server, "editor@example.org");
  // Two consecutive articles of one chapter, made of plain paragraphs, past the ones the demo amends.
  const flat = flattenClauses(versionTree(1).tree);
  const parentOf = new Map(flat.map((f) => [f.clause.id, f.parentId]));
  const list = articles(versionTree(1).tree);
  const plain = (a: Clause | undefined) => a !== undefined && a.children.every((c) => c.kind === "paragraph");
  const index = list.findIndex((a, i) => i > 3 && plain(a) && plain(list[i + 1]) && parentOf.get(a.id) === parentOf.get(list[i + 1]?.id ?? ""));
  survivor = list[index] as Clause;
  merged = list[index + 1] as Clause;

  // A resident comments on the article that will be merged away (the debate is open).
  const resident = await signedInClient(server, "verified@example.org");
  const posted = await resident.postForm(`/processes/${slug}/clauses/${merged.id}`, { intent: "comment", formKey: "new", body: COMMENT });
  expect(posted.status).toBe(303);

  // The editor downloads v1 as Markdown and deletes the second article's heading: its
  // paragraphs now belong to the first one.
  const markdown = await (await editor.get(`/processes/${slug}/v/1/markdown`)).text();
  const lines = markdown.split("\n");
  const heading = lines.findIndex((l) => /^#{2,6} /.test(l) && l.includes(merged.label) && l.endsWith(merged.heading));
  expect(heading, "heading line of the merged article").toBeGreaterThan(-1);
  lines.splice(heading, 1);
  const response = await postMultipart(editor, `/admin/processes/${slug}/import`, { intent: "preview", file: new Blob([lines.join("\n")], { type: "text/markdown" }) }, "ordenanza.md");
  previewHtml = await response.text();
  expect(response.status, /"code","([a-z_]+)"/.exec(previewHtml)?.[1]).toBe(200);
  await saveAndPublish(editor, slug, previewHtml, 1, "Se fusionan dos artículos.");
});

afterAll(async () => {
  await server?.stop();
});

describe("a clause merged into another", () => {
  it("the preview says which article it is merged into", () => {
    const text = unescape(previewHtml);
    expect(text).toContain(`data-old-id="${merged.id}"`);
    expect(text).toContain(`Fusionado en ${survivor.label}: su texto está incluido allí.`);
  });

  it("publishing records the merge: the survivor keeps its id and holds the merged text", () => {
    const v2 = versionTree(2);
    const ids = new Set(flattenClauses(v2.tree).map((f) => f.clause.id));
    expect(ids.has(survivor.id)).toBe(true);
    expect(ids.has(merged.id)).toBe(false);
    const rows = server.inspect.db.select({ versionId: clauseMerges.versionId, clauseId: clauseMerges.clauseId, into: clauseMerges.intoClauseId }).from(clauseMerges).all();
    expect(rows).toEqual([{ versionId: v2.id, clauseId: merged.id, into: survivor.id }]);
  });

  it("the merged clause's page says 'merged into' with a working link, shows its last text and its comments read-only", async () => {
    const anonymous = new TestClient(server.url);
    const response = await anonymous.get(`/processes/${slug}/clauses/${merged.id}`);
    expect(response.status).toBe(200);
    const html = unescape(await response.text());
    expect(mergedSentence(html)).toEqual({
      before: "Fusionado en ",
      href: `/processes/${slug}/clauses/${survivor.id}`,
      text: `${survivor.label}. ${survivor.heading}`,
      after: " en la versión 2. Este es su texto en la versión 1, la última que lo incluía; su debate y sus enmiendas quedan solo para consulta.",
    });
    expect(html).not.toContain("Eliminado en la versión 2");
    const firstParagraph = merged.children[0] as Clause;
    expect(html).toContain(firstParagraph.text);
    expect(html).toContain(COMMENT);
    // Read-only: no comment form, no amendment proposal, even for a signed-in resident.
    const resident = await signedInClient(server, "verified@example.org");
    const signedIn = await (await resident.get(`/processes/${slug}/clauses/${merged.id}`)).text();
    expect(signedIn).toContain(COMMENT);
    expect(signedIn).not.toContain('value="comment"');
    expect(signedIn).toContain("Los comentarios están cerrados: esta cláusula ya no figura en la última versión.");
    expect(signedIn).not.toContain('value="amend"');
    expect((await resident.postForm(`/processes/${slug}/clauses/${merged.id}`, { intent: "comment", formKey: "new", body: "¿Y ahora?" })).status).toBe(404);

    // The link opens the survivor, which now holds the merged text.
    const target = await anonymous.get(`/processes/${slug}/clauses/${survivor.id}`);
    expect(target.status).toBe(200);
    expect(unescape(await target.text())).toContain(firstParagraph.text);
  });

  it("the clause history and the v1 → v2 comparison say it too, with the link", async () => {
    const href = `/processes/${slug}/clauses/${survivor.id}`;
    const text = `${survivor.label}. ${survivor.heading}`;
    const history = unescape(await (await fetch(`${server.url}/processes/${slug}/clauses/${merged.id}/history`)).text());
    expect(mergedSentence(history)).toEqual({ before: "Introducido en la versión 1. Fusionado en ", href, text, after: " en la versión 2." });
    // The row of version 2 in the versions table says it too.
    expect(history).toMatch(new RegExp(`<td>Fusionado en <a[^>]*class="merged-into"[^>]*>${text}</a></td>`));
    const diffResponse = await fetch(`${server.url}/processes/${slug}/v/1/diff/2`);
    expect(diffResponse.status).toBe(200);
    const diff = unescape(await diffResponse.text());
    expect(mergedSentence(diff)).toEqual({ before: "Fusionado en ", href, text, after: ": su texto está ahora allí." });
  });
});
