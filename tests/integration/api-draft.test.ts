import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { clauseTree, flattenClauses, type Clause } from "../../collab/schema/clauses";
import { ORDINANCE } from "../../db/seed/content/ordinance";
import { auditLog, documentDrafts, documentVersions, processes } from "../../db/schema";
import type { OpenApiDocument } from "../../server/api/openapi/types";
import { apiSignIn } from "../support/api";
import { postMultipart, signedInClient } from "../support/docadmin";
import { replaceRunTexts } from "../support/docx-edit";
import { checkAgainstSchema } from "../support/json-schema-check";
import { startTestServer, type TestServer } from "../support/server";

/*
 * The staff integration API: a DOCX downloaded from version 1 is edited in its Word XML and
 * pushed to `POST …/draft` (the page's preview and clause matching as JSON), then published with
 * `POST …/versions`. Real server, real SQLite, real DOCX; bearer tokens from the API sign-in.
 */

let server: TestServer;
let editorToken: string;
let adminToken: string;
let residentToken: string;
let openapi: OpenApiDocument;
const slug = ORDINANCE.slug;
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const DRAFT = `/api/v1/processes/${slug}/draft`;
const VERSIONS = `/api/v1/processes/${slug}/versions`;

beforeAll(async () => {
  server = await startTestServer();
  editorToken = await apiSignIn(server, "editor@example.org");
  adminToken = await apiSignIn(server, "admin@example.org");
  residentToken = await apiSignIn(server, "resident@example.org");
  openapi = (await (await fetch(new URL("/api/v1/openapi.json", server.url))).json()) as OpenApiDocument;
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const db = () => server.inspect.db;

function processId(): number {
  const row = db().select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get();
  if (!row) throw new Error("no demo ordinance");
  return row.id;
}

function version(n: number): Clause[] {
  const row = db()
    .select({ content: documentVersions.content })
    .from(documentVersions)
    .where(and(eq(documentVersions.processId, processId()), eq(documentVersions.number, n)))
    .get();
  if (!row) throw new Error(`no version ${n}`);
  return clauseTree(documentSchema.nodeFromJSON(JSON.parse(row.content)));
}

const latestNumber = (): number =>
  db().select({ n: documentVersions.number }).from(documentVersions).where(eq(documentVersions.processId, processId())).orderBy(desc(documentVersions.number)).limit(1).get()?.n ?? 0;
const draftRow = () => db().select({ content: documentDrafts.content, updatedAt: documentDrafts.updatedAt }).from(documentDrafts).where(eq(documentDrafts.processId, processId())).get() ?? null;
const auditCount = () => db().select({ id: auditLog.id }).from(auditLog).all().length;
const articles = (tree: Clause[]) => flattenClauses(tree).map((f) => f.clause).filter((c) => c.kind === "article");

function postDraft(token: string | null, body: Uint8Array | string, type: string, extra: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = { "content-type": type, ...extra };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(new URL(DRAFT, server.url), { method: "POST", headers, body: typeof body === "string" ? body : new Uint8Array(body) });
}

function publish(token: string | null, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(new URL(VERSIONS, server.url), { method: "POST", headers, body: JSON.stringify(body) });
}

async function download(n: number): Promise<Uint8Array> {
  const response = await fetch(new URL(`/processes/${slug}/v/${n}/docx`, server.url));
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

interface ClauseRow {
  kind: string;
  status: string;
  oldId: string | null;
  newId: string | null;
  draftId: string | null;
}
interface DraftAnswer {
  draft: { updatedAt: string; basedOn: number | null };
  preview: { counts: { articles: number } };
  reimport: { versionNumber: number; summary: Record<string, number>; dropsAll: boolean; clauses: ClauseRow[] };
  warnings: string[];
}

/** A regulation that shares nothing with the demo ordinance. */
const UNRELATED = [
  "# Ordenanza de zarzuelas orbitales",
  "## Capítulo I. Del cometa",
  "### Artículo 1. Los violonchelos",
  "1. Los violonchelos del cometa afinan el trombón con lúpulo y acordeón bajo la nébula.",
  "### Artículo 2. El acordeón",
  "1. El acordeón sideral ensaya con el lúpulo menguante cada martes de eclipse.",
].join("\n");

describe("POST /api/v1/processes/{slug}/draft and …/versions", () => {
  it("refuses anonymous callers (401), resident tokens and editor sessions (403), and stores nothing", async () => {
    const bytes = await download(1);
    const before = { draft: draftRow(), audit: auditCount(), version: latestNumber() };
    const anonymous = await postDraft(null, bytes, DOCX);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
    expect((await publish(null, { changelog: "x", baseVersion: 1, draftUpdatedAt: new Date().toISOString() })).status).toBe(401);
    const resident = await postDraft(residentToken, bytes, DOCX);
    expect(resident.status).toBe(403);
    expect(((await resident.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect((await publish(residentToken, { changelog: "x", baseVersion: 1, draftUpdatedAt: new Date().toISOString() })).status).toBe(403);
    // An editor's browser session (with its CSRF token) is not an integration credential.
    const editor = await signedInClient(server, "editor@example.org");
    const viaCookie = await editor.fetch(DRAFT, { method: "POST", body: UNRELATED, headers: { "content-type": "text/markdown", "x-csrf-token": await editor.csrf(), origin: new URL(editor.baseUrl).origin } });
    expect(viaCookie.status).toBe(403);
    expect({ draft: draftRow(), audit: auditCount(), version: latestNumber() }).toEqual(before);
  });

  it("answers a DOCX with four edited articles with the page's preview as JSON: exactly 4 modified, ids kept; publishes it 201 keeping every id", async () => {
    const v1 = version(1);
    const targets = articles(v1).filter((a) => a.articleType === "article" && a.children.some((c) => c.kind === "paragraph")).slice(-4);
    expect(targets).toHaveLength(4);
    const edits = targets.map((a) => {
      const paragraph = a.children.find((c) => c.kind === "paragraph") as Clause;
      return { from: paragraph.text, to: `${paragraph.text} Texto añadido por la integración.` };
    });
    const bytes = await replaceRunTexts(await download(1), edits);
    const auditBefore = auditCount();

    const response = await postDraft(editorToken, bytes, DOCX);
    const text = await response.text();
    expect(response.status, text.slice(0, 400)).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const answer = JSON.parse(text) as DraftAnswer;
    expect(checkAgainstSchema(openapi, openapi.paths[DRAFT.replace(slug, "{slug}")]!.post!.responses["200"]!.content!["application/json"]!.schema, answer)).toEqual([]);
    expect(answer.reimport.versionNumber).toBe(1);
    expect(answer.reimport.summary).toMatchObject({ modified: 4, new: 0, removed: 0, moved: 0 });
    expect(answer.reimport.dropsAll).toBe(false);
    expect(answer.warnings).toEqual([]);
    const modified = answer.reimport.clauses.filter((c) => c.status === "modified");
    expect(modified.map((c) => c.oldId).sort()).toEqual(targets.map((a) => a.id).sort());
    for (const c of answer.reimport.clauses) if (c.oldId) expect(c.draftId).toBe(c.oldId);
    expect(answer.preview.counts.articles).toBe(articles(v1).filter((a) => a.articleType === "article").length);
    // Stored as the draft, audited like the page's import.
    expect(draftRow()?.updatedAt.toISOString()).toBe(answer.draft.updatedAt);
    const imported = db().select({ action: auditLog.action, actorId: auditLog.actorId }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
    expect(imported?.action).toBe("document.import");
    expect(auditCount()).toBe(auditBefore + 1);

    // A base version that is not the latest: 409, nothing published.
    const stale = await publish(editorToken, { changelog: "Cuatro artículos", baseVersion: 0, draftUpdatedAt: answer.draft.updatedAt });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe("stale_version");
    // A draft revision that is not the stored one: 409.
    const oldRevision = new Date(Date.parse(answer.draft.updatedAt) - 1).toISOString();
    const staleDraft = await publish(editorToken, { changelog: "Cuatro artículos", baseVersion: 1, draftUpdatedAt: oldRevision });
    expect(staleDraft.status).toBe(409);
    expect(((await staleDraft.json()) as { error: { code: string } }).error.code).toBe("stale_draft");
    // No changelog: 400 naming the field.
    const invalid = await publish(editorToken, { changelog: " ", baseVersion: 1, draftUpdatedAt: answer.draft.updatedAt });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toHaveProperty("changelog");
    expect(latestNumber()).toBe(1);

    const published = await publish(editorToken, { changelog: "Cuatro artículos revisados por la integración", baseVersion: 1, draftUpdatedAt: answer.draft.updatedAt });
    const body = (await published.json()) as { version: { number: number } };
    expect(published.status, JSON.stringify(body)).toBe(201);
    expect(published.headers.get("location")).toBe(`${VERSIONS}/2`);
    expect(checkAgainstSchema(openapi, openapi.paths[VERSIONS.replace(slug, "{slug}")]!.post!.responses["201"]!.content!["application/json"]!.schema, body)).toEqual([]);
    expect(body.version.number).toBe(2);
    expect(flattenClauses(version(2)).map((f) => f.clause.id)).toEqual(flattenClauses(v1).map((f) => f.clause.id));
    const last = db().select({ action: auditLog.action }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
    expect(last?.action).toBe("version.publish");
    const diff = (await (await fetch(new URL(`${VERSIONS}/1/diff/2`, server.url))).json()) as { diff: { summary: Record<string, number> } };
    expect(diff.diff.summary).toMatchObject({ added: 0, removed: 0, modified: 4, moved: 0 });
  });

  it("two editors importing at once: the draft the first reviewed was replaced, so its publish gets 409 and the second wins", async () => {
    const v2 = version(2);
    const target = articles(v2).find((a) => a.articleType === "article" && a.children.some((c) => c.kind === "paragraph")) as Clause;
    const paragraph = target.children.find((c) => c.kind === "paragraph") as Clause;
    const base = await download(2);
    const first = (await (await postDraft(editorToken, await replaceRunTexts(base, [{ from: paragraph.text, to: `${paragraph.text} Versión A.` }]), DOCX)).json()) as DraftAnswer;
    const second = (await (await postDraft(adminToken, await replaceRunTexts(base, [{ from: paragraph.text, to: `${paragraph.text} Versión B.` }]), DOCX)).json()) as DraftAnswer;
    expect(second.draft.updatedAt).not.toBe(first.draft.updatedAt);
    const lost = await publish(editorToken, { changelog: "Versión A", baseVersion: 2, draftUpdatedAt: first.draft.updatedAt });
    expect(lost.status).toBe(409);
    expect(((await lost.json()) as { error: { code: string } }).error.code).toBe("stale_draft");
    expect(latestNumber()).toBe(2);
    // Both publish the same reviewed draft at the same moment: exactly one version 3.
    const [a, b] = await Promise.all([
      publish(adminToken, { changelog: "Versión B", baseVersion: 2, draftUpdatedAt: second.draft.updatedAt }),
      publish(editorToken, { changelog: "Versión B otra vez", baseVersion: 2, draftUpdatedAt: second.draft.updatedAt }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(latestNumber()).toBe(3);
    expect(articles(version(3)).find((c) => c.id === target.id)?.children.find((c) => c.kind === "paragraph")?.text).toContain("Versión B.");
  });

  it("on the publish page too: a draft replaced after the page was loaded is a 409, and nothing is published", async () => {
    const editor = await signedInClient(server, "editor@example.org");
    const page = await (await editor.get(`/admin/processes/${slug}/publish`)).text();
    const revision = /name="draftUpdatedAt" value="(\d+)"/.exec(page)?.[1];
    expect(revision).toBeDefined();
    const v3 = version(3);
    const target = articles(v3).filter((a) => a.articleType === "article" && a.children.some((c) => c.kind === "paragraph"))[1] as Clause;
    const paragraph = target.children.find((c) => c.kind === "paragraph") as Clause;
    const replaced = await postDraft(adminToken, await replaceRunTexts(await download(3), [{ from: paragraph.text, to: `${paragraph.text} Otra importación.` }]), DOCX);
    expect(replaced.status).toBe(200);
    const refused = await editor.postForm(`/admin/processes/${slug}/publish`, { changelog: "Lo que vi", baseVersion: "3", draftUpdatedAt: revision ?? "" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("El borrador ha cambiado desde que cargaste la página");
    expect(latestNumber()).toBe(3);
  });

  it("refuses an oversized body (413), a malformed DOCX (400), an unknown media type (415) and an empty body (400), storing nothing", async () => {
    const before = { draft: draftRow(), audit: auditCount(), version: latestNumber() };
    const huge = new Uint8Array(5 * 1024 * 1024 + 1);
    const tooLarge = await postDraft(editorToken, huge, DOCX);
    expect(tooLarge.status).toBe(413);
    const notDocx = await postDraft(editorToken, new TextEncoder().encode("PK\u0003\u0004 this is not a Word document at all"), DOCX);
    expect(notDocx.status).toBe(400);
    const problem = (await notDocx.json()) as { error: { code: string; message: string } };
    expect(problem.error.code).toBe("not_docx");
    expect(problem.error.message.length).toBeGreaterThan(10);
    expect((await postDraft(editorToken, "{}", "application/pdf")).status).toBe(415);
    expect((await postDraft(editorToken, "", "text/markdown")).status).toBe(400);
    const badMarkdown = await postDraft(editorToken, "# Título\nTexto suelto sin artículos.\n", "text/markdown");
    expect(badMarkdown.status).toBe(400);
    expect({ draft: draftRow(), audit: auditCount(), version: latestNumber() }).toEqual(before);
  });
});

describe("an import that drops every clause of the latest version", () => {
  it("warns on the page and needs the checkbox to publish; without it 400 and nothing published", async () => {
    const editor = await signedInClient(server, "editor@example.org");
    const previewed = await postMultipart(editor, `/admin/processes/${slug}/import`, { intent: "preview", file: new Blob([UNRELATED], { type: "text/markdown" }) }, "otra.md");
    const html = await previewed.text();
    expect(previewed.status).toBe(200);
    expect(html).toContain("no conserva ningún artículo de la versión 3");
    const content = /name="content" value="([^"]*)"/.exec(html)?.[1]?.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&") ?? "";
    const saved = await postMultipart(editor, `/admin/processes/${slug}/import`, { intent: "save", fileName: "otra.md", content, basedOn: "3" });
    expect(saved.status).toBe(303);
    const page = await (await editor.get(`/admin/processes/${slug}/publish`)).text();
    expect(page).toContain('name="confirmDropAll"');
    const refused = await editor.postForm(`/admin/processes/${slug}/publish`, { changelog: "Texto nuevo", baseVersion: "3" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("El borrador elimina todos los artículos de la versión publicada");
    expect(latestNumber()).toBe(3);
  });

  it("answers the API preview with dropsAll and the warning; publishing needs confirmDropAll: true (400 without, 201 with)", async () => {
    const response = await postDraft(editorToken, UNRELATED, "text/markdown; charset=utf-8");
    const answer = (await response.json()) as DraftAnswer;
    expect(response.status).toBe(200);
    expect(answer.reimport.dropsAll).toBe(true);
    expect(answer.warnings).toEqual(["drops_all"]);
    expect(answer.reimport.summary.removed).toBeGreaterThan(0);
    expect(answer.reimport.clauses.filter((c) => c.kind === "article" && c.oldId !== null && c.status !== "removed")).toEqual([]);
    const before = auditCount();
    const refused = await publish(editorToken, { changelog: "Texto nuevo", baseVersion: 3, draftUpdatedAt: answer.draft.updatedAt });
    expect(refused.status).toBe(400);
    const problem = (await refused.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(problem.error.code).toBe("drops_all");
    expect(problem.error.fields).toHaveProperty("confirmDropAll");
    expect(latestNumber()).toBe(3);
    expect(auditCount()).toBe(before);
    const confirmed = await publish(editorToken, { changelog: "Texto nuevo", baseVersion: 3, draftUpdatedAt: answer.draft.updatedAt, confirmDropAll: true });
    expect(confirmed.status).toBe(201);
    expect(latestNumber()).toBe(4);
    const detail = JSON.parse(db().select({ detail: auditLog.detail }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get()?.detail ?? "{}") as { droppedAll?: boolean };
    expect(detail.droppedAll).toBe(true);
  });
});
