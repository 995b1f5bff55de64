import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { clauseTree, flattenClauses, type Clause } from "../../collab/schema/clauses";
import { documentVersions, processes } from "../../db/schema";
import { describeRange } from "../../server/services/annotations/anchoring";
import { formatMoney } from "../../server/i18n/format";
import { signedInClient } from "../support/docadmin";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";
import { editedOrdinance, insertVersion, versionJson } from "../support/versions";

/*
 * The clause debate page shows what it debates (an article's paragraphs and lists, a budget
 * line's amount and description, the annotations on it), still renders a clause a later version
 * removed ("removed in version N"), and the history page shows the clause in every version with
 * the diff between any two.
 */

const SLUG = "ordenanza-movilidad-sostenible";
const BUDGET = "presupuestos-participativos-2027";

let server: TestServer;
let anonymous: TestClient;
let v1Articles: Clause[];
let ids: ReturnType<typeof editedOrdinance>;

/** The decoded text of a page: entities resolved, tags kept (to look for words across markup). */
const textOf = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&nbsp;|\u00a0/g, " ");

function latestTree(slug: string): Clause[] {
  const db = server.inspect.db;
  const processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get()?.id ?? 0;
  const content = db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).orderBy(documentVersions.number).all().at(-1)?.content ?? "";
  return clauseTree(documentSchema.nodeFromJSON(JSON.parse(content)));
}

const clausesOf = (tree: Clause[], kind: Clause["kind"]) => flattenClauses(tree).map((f) => f.clause).filter((c) => c.kind === kind);

beforeAll(async () => {
  server = await startTestServer();
  anonymous = new TestClient(server.url);
  v1Articles = clausesOf(latestTree(SLUG), "article");
});
afterAll(async () => {
  await server?.stop();
});

describe("the debate shows what it debates", () => {
  it("an article's page shows its heading, every paragraph and every list item of the version in force", async () => {
    const article = v1Articles.find((a) => a.children.some((c) => c.kind === "list")) ?? v1Articles[0];
    if (!article) throw new Error("the demo ordinance has no article");
    const response = await anonymous.get(`/processes/${SLUG}/clauses/${article.id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = textOf(html);
    expect(text).toContain(article.heading);
    const parts = flattenClauses([article]).map((f) => f.clause).filter((c) => c.kind === "paragraph" || c.kind === "list_item");
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(text).toContain(part.text);
    // The article as the reading page has it: numbered paragraphs, a list with its letters.
    expect(html).toContain(`id="${article.anchor}"`);
    // The old page printed only the article's own (empty) text: "this clause has no text of its own".
    expect(/<p class="muted">[^<]*no tiene texto propio/.test(html)).toBe(false);
    expect(html).toContain(`/processes/${SLUG}/clauses/${article.id}/history`);
  });

  it("a budget line's page shows its code, programme, description and amount", async () => {
    const line = clausesOf(latestTree(BUDGET), "budget_line")[0];
    if (!line) throw new Error("the demo budget has no line");
    const response = await anonymous.get(`/processes/${BUDGET}/clauses/${line.id}`);
    expect(response.status).toBe(200);
    const text = textOf(await response.text());
    expect(text).toContain(line.text);
    expect(text).toContain(line.programme ?? "");
    expect(text).toContain(formatMoney("es", line.amountCents ?? 0, "EUR").replace(/\u00a0/g, " "));
  });

  it("an annotation on a paragraph of the article is listed on the article's debate page", async () => {
    const article = v1Articles[0];
    const paragraph = article?.children.find((c) => c.kind === "paragraph" && c.text.length > 20);
    if (!article || !paragraph) throw new Error("no paragraph");
    const resident = await signedInClient(server, "verified@example.org");
    const before = textOf(await (await anonymous.get(`/processes/${SLUG}/clauses/${article.id}`)).text());
    expect(before).toContain("0 comentarios sobre pasajes de esta cláusula");
    const exact = [...paragraph.text].slice(0, 12).join("");
    const csrf = await resident.csrf();
    const made = await resident.fetch(`/api/v1/processes/${SLUG}/annotations`, {
      method: "POST",
      headers: { "content-type": "application/ld+json", "x-csrf-token": csrf, origin: new URL(server.url).origin },
      body: JSON.stringify({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        type: "Annotation",
        body: { type: "TextualBody", value: "Nota sobre el objeto de la ordenanza <b>", format: "text/plain" },
        target: { source: `${server.url}/api/v1/processes/${SLUG}/versions/1`, "redacta:clauseId": paragraph.id, selector: describeRange(paragraph.text, 0, [...exact].length) },
      }),
    });
    expect(made.status, await made.clone().text()).toBe(201);
    const html = await (await anonymous.get(`/processes/${SLUG}/clauses/${article.id}`)).text();
    expect(textOf(html)).toContain("1 comentario sobre pasajes de esta cláusula");
    expect(html).toContain("Nota sobre el objeto de la ordenanza &lt;b&gt;");
  });
});

describe("clauses across versions", () => {
  beforeAll(() => {
    ids = editedOrdinance(versionJson(server.inspect, SLUG, 1));
    insertVersion(server.inspect, SLUG, 2, ids.v2, "Versión 2 para las pruebas del historial.");
  });

  it("a clause version 2 removed still renders its last text, read-only, with 'removed in version 2'", async () => {
    const removed = v1Articles.find((a) => a.id === ids.removedArticleId);
    if (!removed) throw new Error("no removed article");
    const response = await anonymous.get(`/processes/${SLUG}/clauses/${removed.id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = textOf(html);
    expect(text).toContain("Eliminado en la versión 2");
    expect(text).toContain("Texto de la cláusula (versión 1)");
    for (const p of removed.children.filter((c) => c.kind === "paragraph")) expect(text).toContain(p.text);
    // No form to propose an amendment or comment on a clause that no longer exists.
    const signedIn = await signedInClient(server, "verified@example.org");
    const own = await (await signedIn.get(`/processes/${SLUG}/clauses/${removed.id}`)).text();
    expect(own).not.toContain('name="intent" value="amend"');
    expect(own).not.toContain('value="comment"');
    // Unknown ids are still 404.
    expect((await anonymous.get(`/processes/${SLUG}/clauses/no-such-clause`)).status).toBe(404);
  });

  it("the history lists each version's status and text, and the word diff between two versions", async () => {
    const reworded = v1Articles.find((a) => a.children.some((c) => c.id === ids.rewordedParagraphId));
    if (!reworded) throw new Error("no reworded article");
    const response = await anonymous.get(`/processes/${SLUG}/clauses/${reworded.id}/history`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = textOf(html);
    expect(text).toContain("Introducido en la versión 1.");
    expect(text).toMatch(/Versión 1.*Introducido/s);
    expect(text).toMatch(/Versión 2.*Modificado/s);
    // Default comparison: version 1 → version 2, the inserted words marked as such.
    expect(text).toContain("Cambios de la versión 1 a la versión 2");
    expect(html).toMatch(/<ins><span class="visually-hidden">[^<]+<\/span>ordenar y <\/ins>|<ins>[^]*?ordenar[^]*?<\/ins>/);
    expect(html).toMatch(/<del>[^]*?y el ruido[^]*?<\/del>/);
    // Comparing a version with itself shows no change.
    const same = textOf(await (await anonymous.get(`/processes/${SLUG}/clauses/${reworded.id}/history?from=2&to=2`)).text());
    expect(same).toContain("No hay cambios entre estas versiones.");
    // The removed article: introduced in 1, removed in 2, absent from the text of version 2.
    const removed = textOf(await (await anonymous.get(`/processes/${SLUG}/clauses/${ids.removedArticleId}/history`)).text());
    expect(removed).toContain("Eliminado en la versión 2.");
    expect(removed).toContain("No figura en esta versión.");
    expect((await anonymous.get(`/processes/${SLUG}/clauses/no-such-clause/history`)).status).toBe(404);
  });
});
