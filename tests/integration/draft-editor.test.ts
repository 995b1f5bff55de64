import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, documentDrafts, processes, users } from "../../db/schema";
import { COOKIE } from "../../server/http/cookies";
import { createSession } from "../../server/services/sessions";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

/**
 * The draft editor's page and save action over real HTTP: who may open and save it, conflict
 * detection on a stale updatedAt, server-side validation of the submitted JSON, and that
 * every refusal stores nothing.
 */

const SLUG = "ordenanza-movilidad-sostenible";
const PATH = `/admin/processes/${SLUG}/draft`;

let server: TestServer;

function userId(email: string): number {
  const row = server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!row) throw new Error(`No user ${email}`);
  return row.id;
}

async function clientFor(account: string | null): Promise<TestClient> {
  const client = new TestClient(server.url);
  if (account) {
    const { token } = createSession(server.inspect.db, userId(`${account}@example.org`));
    client.setCookie(COOKIE.session, token);
  }
  await client.csrf();
  return client;
}

function processId(): number {
  const row = server.inspect.db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get();
  if (!row) throw new Error("demo ordinance missing");
  return row.id;
}

function storedDraft(): { content: string; updatedAt: number; updatedBy: number | null } {
  const row = server.inspect.db
    .select({ content: documentDrafts.content, updatedAt: documentDrafts.updatedAt, updatedBy: documentDrafts.updatedBy })
    .from(documentDrafts)
    .where(eq(documentDrafts.processId, processId()))
    .get();
  if (!row) throw new Error("draft missing");
  return { content: row.content, updatedAt: row.updatedAt.getTime(), updatedBy: row.updatedBy };
}

function saveAudits(): number {
  return server.inspect.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, "draft.save")).get()?.n ?? 0;
}

/** Posts the save form as the editor's fetcher does (multipart, CSRF field, same origin). */
async function save(client: TestClient, content: string, baseUpdatedAt: number | null | string, options: { csrf?: boolean } = {}) {
  const form = new FormData();
  if (options.csrf !== false) form.set("_csrf", await client.csrf());
  form.set("content", content);
  form.set("baseUpdatedAt", baseUpdatedAt === null ? "" : String(baseUpdatedAt));
  return client.fetch(PATH, { method: "POST", body: form, headers: { origin: new URL(server.url).origin } });
}

type NodeJson = { type: string; attrs?: Record<string, unknown>; content?: NodeJson[]; text?: string };

function findFirst(node: NodeJson, type: string): NodeJson | null {
  if (node.type === type) return node;
  for (const child of node.content ?? []) {
    const found = findFirst(child, type);
    if (found) return found;
  }
  return null;
}

function firstOf(node: NodeJson, type: string): NodeJson {
  const found = findFirst(node, type);
  if (!found) throw new Error(`no ${type}`);
  return found;
}

/** The stored draft with the first paragraph's text replaced. */
function editedDraft(text: string): string {
  const doc = JSON.parse(storedDraft().content) as NodeJson;
  const chapter = firstOf(doc, "chapter");
  const paragraph = firstOf(chapter, "paragraph");
  paragraph.content = [{ type: "text", text }];
  return JSON.stringify(doc);
}

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

describe("the draft editor page", () => {
  it("is for editors: residents and moderators get 403, anonymous visitors the login page", async () => {
    const editor = await clientFor("editor");
    const page = await editor.get(PATH);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('class="notice draft-page__nojs"');
    expect(html).toContain("El editor del borrador necesita JavaScript");
    expect(html).toContain("Atajos de teclado");
    expect((await (await clientFor("admin")).get(PATH)).status).toBe(200);
    expect((await (await clientFor("resident")).get(PATH)).status).toBe(403);
    expect((await (await clientFor("moderator")).get(PATH)).status).toBe(403);
    const anonymous = await (await clientFor(null)).get(PATH);
    expect([302, 303]).toContain(anonymous.status);
    expect(anonymous.headers.get("location")).toContain("/login");
  });

  it("answers 404 for an unknown process", async () => {
    expect((await (await clientFor("editor")).get("/admin/processes/no-such-process/draft")).status).toBe(404);
  });
});

describe("saving a draft", () => {
  it("refuses non-editors with 403 and stores nothing", async () => {
    const before = storedDraft();
    const audits = saveAudits();
    for (const account of ["resident", "verified", "moderator"]) {
      const response = await save(await clientFor(account), editedDraft("Texto de alguien sin permiso."), before.updatedAt);
      expect(response.status, account).toBe(403);
    }
    expect(storedDraft()).toEqual(before);
    expect(saveAudits()).toBe(audits);
  });

  it("refuses a save without the CSRF token", async () => {
    const before = storedDraft();
    const response = await save(await clientFor("editor"), editedDraft("Sin token."), before.updatedAt, { csrf: false });
    expect(response.status).toBe(403);
    expect(storedDraft()).toEqual(before);
  });

  it("saves a valid draft, canonically, with the editor as author and a draft.save audit entry", async () => {
    const before = storedDraft();
    const audits = saveAudits();
    const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const response = await save(await clientFor("editor"), editedDraft(`Nuevo objeto. ${hostile}`), before.updatedAt);
    expect(response.status).toBe(200);
    const after = storedDraft();
    expect(after.updatedAt).toBeGreaterThan(before.updatedAt);
    expect(after.updatedBy).toBe(userId("editor@example.org"));
    const paragraph = firstOf(firstOf(JSON.parse(after.content) as NodeJson, "chapter"), "paragraph");
    // Markup-looking text stays one text node: nothing is parsed as HTML.
    expect(paragraph.content).toEqual([{ type: "text", text: `Nuevo objeto. ${hostile}` }]);
    expect(saveAudits()).toBe(audits + 1);
    const entry = server.inspect.db
      .select({ actorId: auditLog.actorId, targetType: auditLog.targetType, targetId: auditLog.targetId })
      .from(auditLog)
      .where(and(eq(auditLog.action, "draft.save")))
      .all()
      .at(-1);
    expect(entry).toEqual({ actorId: userId("editor@example.org"), targetType: "process", targetId: String(processId()) });

    // The page sends the text back inside the loader data, escaped: no live <script> from a user.
    const html = await (await (await clientFor("editor")).get(PATH)).text();
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).not.toContain("<img src=x onerror");
  });

  it("answers 409 to a save based on a stale updatedAt and keeps the newer text", async () => {
    const base = storedDraft();
    const first = await save(await clientFor("editor"), editedDraft("Guardado por la primera editora."), base.updatedAt);
    expect(first.status).toBe(200);
    const winner = storedDraft();
    const audits = saveAudits();
    const stale = await save(await clientFor("admin"), editedDraft("Guardado con una copia antigua."), base.updatedAt);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toMatch(/ha guardado el borrador mientras lo editabas|someone else saved/i);
    expect(storedDraft()).toEqual(winner);
    expect(saveAudits()).toBe(audits);
    // A save that claims there was no draft at all is stale too.
    expect((await save(await clientFor("admin"), editedDraft("x"), null)).status).toBe(409);
    expect(storedDraft()).toEqual(winner);
  });

  it("answers 400 to invalid documents and stores nothing", async () => {
    const before = storedDraft();
    const audits = saveAudits();
    const editor = await clientFor("editor");
    const doc = JSON.parse(before.content) as NodeJson;
    const duplicated = structuredClone(doc);
    const chapter = firstOf(duplicated, "chapter");
    const article = firstOf(chapter, "article");
    const paragraphs = (article.content ?? []).filter((n) => n.type === "paragraph");
    const [p1, p2] = paragraphs;
    if (!p1?.attrs || !p2?.attrs) throw new Error("the first article needs two paragraphs");
    p2.attrs.id = p1.attrs.id;
    const cases: Array<[string, string]> = [
      ["malformed JSON", "{this is not json"],
      ["wrong schema", JSON.stringify({ type: "doc", content: [{ type: "iframe", attrs: { src: "https://evil.example" } }] })],
      ["invalid structure", JSON.stringify({ type: "doc", content: [{ type: "paragraph", attrs: { id: "abcdefghij" } }] })],
      ["duplicate ids", JSON.stringify(duplicated)],
      ["a budget in a regulation", JSON.stringify({ ...doc, content: [...(doc.content ?? []).slice(0, 1), { type: "budget", attrs: { id: "bbbbbbbbbb", totalCents: 0, currency: "EUR" }, content: [{ type: "budget_district", attrs: { id: "cccccccccc", name: "", totalCents: 0 }, content: [{ type: "budget_line", attrs: { id: "dddddddddd", code: "", programme: "", amountCents: 0 } }] }] }] })],
      ["empty content", ""],
    ];
    for (const [name, content] of cases) {
      const response = await save(editor, content, before.updatedAt);
      expect(response.status, name).toBe(400);
    }
    expect((await save(editor, editedDraft("x"), "yesterday")).status).toBe(400);
    expect(storedDraft()).toEqual(before);
    expect(saveAudits()).toBe(audits);
  });

  it("refuses a body above 1 MiB with 413 before the action runs", async () => {
    const before = storedDraft();
    const response = await save(await clientFor("editor"), editedDraft("x".repeat(1024 * 1024 + 10)), before.updatedAt);
    expect(response.status).toBe(413);
    expect(storedDraft()).toEqual(before);
  });
});
