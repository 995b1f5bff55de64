import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { auditLog, comments, commentSupports, documentVersions, flags, phases, processes, users } from "../../db/schema";
import { openApiDocument } from "../../server/api/openapi";
import { versionText } from "../../server/services/annotations/anchoring";
import { signedInClient } from "../support/docadmin";
import { checkAgainstSchema } from "../support/json-schema-check";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

const SLUG = "ordenanza-movilidad-sostenible";
const DAY = 86_400_000;

let server: TestServer;
let verified: TestClient;
let other: TestClient;
let moderator: TestClient;
let admin: TestClient;
let processId: number;
let clauseId: string;
let page: string;
let api: string;

const commentCount = () => server.inspect.db.select({ n: count() }).from(comments).get()?.n ?? 0;
const lastComment = () => server.inspect.db.select({ id: comments.id, body: comments.body, official: comments.official }).from(comments).orderBy(comments.id).all().at(-1);

function openDebate(open: boolean): void {
  const db = server.inspect.db;
  db.delete(phases).where(and(eq(phases.processId, processId), eq(phases.kind, "debate"))).run();
  db.delete(phases).where(and(eq(phases.processId, processId), eq(phases.kind, "annotation"))).run();
  const now = Date.now();
  const window = open ? { startsAt: new Date(now - DAY), endsAt: new Date(now + DAY) } : { startsAt: new Date(now - 2 * DAY), endsAt: new Date(now - DAY) };
  db.insert(phases).values({ processId, kind: "debate", ...window }).run();
}

const comment = (client: TestClient, fields: Record<string, string>, options = {}) => client.postForm(page, { intent: "comment", formKey: "new", stance: "", ...fields }, options);

beforeAll(async () => {
  server = await startTestServer();
  verified = await signedInClient(server, "verified@example.org");
  other = await signedInClient(server, "ngo@example.org");
  moderator = await signedInClient(server, "moderator@example.org");
  admin = await signedInClient(server, "admin@example.org");
  const db = server.inspect.db;
  processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get()?.id ?? 0;
  const content = db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).orderBy(documentVersions.number).all().at(-1)?.content ?? "";
  clauseId = versionText("x", documentSchema.nodeFromJSON(JSON.parse(content))).clauses.find((c) => c.text !== "")?.id ?? "";
  page = `/processes/${SLUG}/clauses/${clauseId}`;
  api = `/api/v1/processes/${SLUG}/clauses/${clauseId}/comments`;
  openDebate(true);
});
afterAll(async () => {
  await server.stop();
});

describe("clause debate page", () => {
  it("shows the clause to anyone; unknown clauses are 404", async () => {
    const response = await new TestClient(server.url).get(page);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Debate");
    expect((await new TestClient(server.url).get(`/processes/${SLUG}/clauses/nope`)).status).toBe(404);
  });

  it("a form with CSRF stores a comment, escaped on output; without CSRF it is refused and nothing stored", async () => {
    const before = commentCount();
    expect((await comment(verified, { body: "<script>alert(1)</script>" }, { csrf: false })).status).toBe(403);
    expect(commentCount()).toBe(before);
    const response = await comment(verified, { body: "<script>alert(1)</script>\nhttps://example.org/a?b=1", stance: "for" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/done=posted#comment-\d+$/);
    const html = await (await verified.get(page)).text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain('href="https://example.org/a?b=1" rel="nofollow ugc noopener"');
  });

  it("anonymous posting goes to login; a 100 KB comment is 400 and over 1 MiB is 413, nothing stored", async () => {
    const before = commentCount();
    const anonymous = new TestClient(server.url);
    const redirect = await comment(anonymous, { body: "hola" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    const tooLong = await comment(verified, { body: "a".repeat(100 * 1024) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain("El comentario supera los 5.000 caracteres.");
    const blank = await comment(verified, { body: "   \n " });
    expect(blank.status).toBe(400);
    expect(await blank.text()).toMatch(/id="new-errors"[^>]*role="alert"|role="alert"[^>]*id="new-errors"/);
    expect((await comment(verified, { body: "a".repeat(1024 * 1024 + 10) })).status).toBe(413);
    expect(commentCount()).toBe(before);
  });

  it("official answers are refused to residents (403) and marked for staff", async () => {
    const before = commentCount();
    expect((await comment(verified, { body: "Oficial", official: "on" })).status).toBe(403);
    expect(commentCount()).toBe(before);
    expect((await comment(admin, { body: "Respuesta del ayuntamiento", official: "on" })).status).toBe(303);
    expect(lastComment()?.official).toBe(true);
  });

  it("a second support is 409 from the constraint, not 500; replies to hidden comments are 400", async () => {
    await comment(verified, { body: "Apoyadme" });
    const id = lastComment()?.id ?? 0;
    expect((await other.postForm(page, { intent: "support", formKey: `support-${id}`, commentId: String(id) })).status).toBe(303);
    expect((await other.postForm(page, { intent: "support", formKey: `support-${id}`, commentId: String(id) })).status).toBe(409);
    expect(server.inspect.db.select({ n: count() }).from(commentSupports).where(eq(commentSupports.commentId, id)).get()?.n).toBe(1);
    server.inspect.db.update(comments).set({ hiddenAt: new Date(), hiddenReason: "x", hiddenBy: 1 }).where(eq(comments.id, id)).run();
    const before = commentCount();
    expect((await comment(other, { body: "respuesta", parentId: String(id), formKey: `reply-${id}` })).status).toBe(400);
    expect(commentCount()).toBe(before);
  });

  it("a duplicate flag by the same person is 409", async () => {
    await comment(verified, { body: "Denunciable" });
    const id = String(lastComment()?.id ?? 0);
    expect((await other.postForm(page, { intent: "flag", formKey: `flag-${id}`, commentId: id, reason: "Ofensivo" })).status).toBe(303);
    expect((await other.postForm(page, { intent: "flag", formKey: `flag-${id}`, commentId: id, reason: "Otra vez" })).status).toBe(409);
  });

  it("after the phase closes, even an admin is refused (403) and nothing is stored", async () => {
    openDebate(false);
    try {
      const before = commentCount();
      expect((await comment(admin, { body: "Tarde" })).status).toBe(403);
      expect(commentCount()).toBe(before);
    } finally {
      openDebate(true);
    }
  });
});

describe("POST /flags (from any page, e.g. an annotation in the reading view)", () => {
  it("flags with a reason and comes back; a second flag is 409; anonymous goes to login", async () => {
    await comment(verified, { body: "Desde otra página" });
    const id = String(lastComment()?.id ?? 0);
    const response = await other.postForm("/flags", { targetType: "comment", targetId: id, reason: "Spam", redirectTo: `/processes/${SLUG}#x` });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/processes/${SLUG}?flagged=1#x`);
    expect((await other.postForm("/flags", { targetType: "comment", targetId: id, reason: "Spam" })).status).toBe(409);
    expect((await other.postForm("/flags", { targetType: "comment", targetId: id, reason: "" })).status).toBe(400);
    expect((await other.postForm("/flags", { targetType: "annotation", targetId: "999999", reason: "x" })).status).toBe(404);
    const offsite = await moderator.postForm("/flags", { targetType: "comment", targetId: id, reason: "x", redirectTo: "https://evil.example/" });
    expect(offsite.headers.get("location")).toBe("/?flagged=1");
    expect((await new TestClient(server.url).postForm("/flags", { targetType: "comment", targetId: id, reason: "x" })).status).toBe(302);
  });
});

describe("moderation queue", () => {
  it("is forbidden to residents and their actions are 403", async () => {
    expect((await verified.get("/admin/moderation")).status).toBe(403);
    expect((await verified.postForm("/admin/moderation", { intent: "dismiss", targetType: "comment", targetId: "1" })).status).toBe(403);
  });

  it("moderators hide with a public reason, dismiss and block; each action is audited", async () => {
    await comment(verified, { body: "Insulto" });
    const hideId = lastComment()?.id ?? 0;
    await comment(verified, { body: "Dudoso" });
    const dismissId = lastComment()?.id ?? 0;
    await other.postForm(page, { intent: "flag", formKey: `flag-${hideId}`, commentId: String(hideId), reason: "Insultos" });
    await other.postForm(page, { intent: "flag", formKey: `flag-${dismissId}`, commentId: String(dismissId), reason: "No sé" });
    const queue = await (await moderator.get("/admin/moderation")).text();
    expect(queue).toContain("Insultos");

    expect((await moderator.postForm("/admin/moderation", { intent: "hide", targetType: "comment", targetId: String(hideId), reason: "" })).status).toBe(400);
    expect((await moderator.postForm("/admin/moderation", { intent: "hide", targetType: "comment", targetId: String(hideId), reason: "Lenguaje ofensivo" })).status).toBe(303);
    expect((await moderator.postForm("/admin/moderation", { intent: "dismiss", targetType: "comment", targetId: String(dismissId) })).status).toBe(303);
    const audit = server.inspect.db.select({ action: auditLog.action, targetId: auditLog.targetId }).from(auditLog).all();
    expect(audit).toContainEqual({ action: "comment.hide", targetId: String(hideId) });
    expect(audit).toContainEqual({ action: "flag.dismiss", targetId: String(dismissId) });
    expect(server.inspect.db.select({ resolution: flags.resolution }).from(flags).where(eq(flags.targetId, hideId)).get()?.resolution).toBe("hidden");

    const html = await (await new TestClient(server.url).get(page)).text();
    expect(html).toContain("Lenguaje ofensivo");
    expect(html).not.toContain("Insulto<");

    await moderator.postForm(page, { intent: "flag", formKey: `flag-${dismissId}`, commentId: String(dismissId), reason: "Revisar" });
    expect((await moderator.postForm("/admin/moderation", { intent: "block", targetType: "comment", targetId: String(dismissId) })).status).toBe(303);
    const author = server.inspect.db.select({ blockedAt: users.blockedAt }).from(users).where(eq(users.email, "verified@example.org")).get();
    expect(author?.blockedAt).not.toBeNull();
    expect(server.inspect.db.select({ action: auditLog.action }).from(auditLog).all()).toContainEqual({ action: "user.block" });
  });
});

describe("GET /api/v1/processes/{slug}/clauses/{clauseId}/comments", () => {
  it("returns the thread as documented, hidden comments without body", async () => {
    const response = await new TestClient(server.url).get(`${api}?sort=oldest`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as { total: number; comments: Array<{ body?: string; hidden: { reason: string } | null }> };
    const doc = openApiDocument();
    expect(checkAgainstSchema(doc, { $ref: "#/components/schemas/CommentThread" }, body)).toEqual([]);
    expect(body.total).toBeGreaterThan(0);
    const hidden = body.comments.find((c) => c.hidden?.reason === "Lenguaje ofensivo");
    expect(hidden).toBeDefined();
    expect(hidden?.body).toBeUndefined();
  });

  it("answers 400 for a bad sort and 404 for an unknown clause or page", async () => {
    const anonymous = new TestClient(server.url);
    expect((await anonymous.get(`${api}?sort=random`)).status).toBe(400);
    expect((await anonymous.get(`/api/v1/processes/${SLUG}/clauses/nope/comments`)).status).toBe(404);
    expect((await anonymous.get(`${api}?page=99`)).status).toBe(404);
  });
});
