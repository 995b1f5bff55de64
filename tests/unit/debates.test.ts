import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildRegulation } from "../../collab/schema";
import { openDatabase, type Database_ } from "../../db/connection";
import { annotations, auditLog, comments, commentSupports, documentDrafts, flags, phases, processes, users } from "../../db/schema";
import { ForbiddenError, ValidationError } from "../../server/errors";
import { createAnnotation, listAnnotations } from "../../server/services/annotations/annotations";
import { describeRange, versionText } from "../../server/services/annotations/anchoring";
import type { CurrentUser } from "../../server/services/current-user";
import { ConflictError } from "../../server/services/debates/conflict";
import { DebateClosedError, listClauseThread, postComment, supportComment, type CommentInput } from "../../server/services/debates/comments";
import { publishVersion } from "../../server/services/documents/publish-version";
import { dismissFlags, flagContent, hideContent, listModerationQueue } from "../../server/services/moderation/moderation";

const NOW = new Date("2026-05-01T10:00:00Z");
const DAY = 86_400_000;
const TEXT = "Las bicicletas circularán por el carril bici siempre que exista.";

let database: Database_;
let resident: CurrentUser;
let other: CurrentUser;
let admin: CurrentUser;
let moderator: CurrentUser;
let processId: number;
let clauseId: string;

function person(email: string, roles: CurrentUser["staffRoles"]): CurrentUser {
  const row = database.db.insert(users).values({ email, name: email.split("@")[0] ?? email, passwordHash: "x", locale: "es", createdAt: NOW }).returning({ id: users.id }).get();
  return { id: row.id, email, name: email, locale: "es", verified: true, blocked: false, staffRoles: roles, organizations: [] };
}

function setPhase(kind: "debate" | "annotation" | "information", startsAt: Date, endsAt: Date): void {
  database.db.delete(phases).where(eq(phases.processId, processId)).run();
  database.db.insert(phases).values({ processId, kind, startsAt, endsAt }).run();
}

const input = (over: Partial<CommentInput> = {}): CommentInput => ({ slug: "p", clauseId, body: "Estoy a favor.", stance: "for", parentId: null, official: false, ...over });
const stored = () => database.db.select({ id: comments.id }).from(comments).all().length;

beforeEach(() => {
  database = openDatabase(":memory:");
  resident = person("resident@example.org", []);
  other = person("other@example.org", []);
  admin = person("admin@example.org", ["admin"]);
  moderator = person("moderator@example.org", ["moderator"]);
  const editor = person("editor@example.org", ["editor"]);
  const doc = buildRegulation({ title: "T", chapters: [{ heading: "C", articles: [{ heading: "Bicis", paragraphs: [TEXT] }] }] });
  clauseId = versionText("x", doc).clauses.find((c) => c.text === TEXT)?.id ?? "";
  processId = database.db.insert(processes).values({ slug: "p", kind: "regulation", title: "P", publishedAt: NOW, createdAt: NOW }).returning({ id: processes.id }).get().id;
  database.db.insert(documentDrafts).values({ processId, content: JSON.stringify(doc.toJSON()), updatedAt: NOW }).run();
  publishVersion(database.db, editor, { slug: "p", changelog: "v1", baseVersion: 0 }, NOW);
  setPhase("debate", new Date(NOW.getTime() - DAY), new Date(NOW.getTime() + DAY));
});
afterEach(() => database.close());

describe("postComment", () => {
  it("is open during the debate phase and during the annotation phase", () => {
    postComment(database.db, resident, input(), NOW);
    setPhase("annotation", new Date(NOW.getTime() - DAY), new Date(NOW.getTime() + DAY));
    postComment(database.db, resident, input(), NOW);
    expect(stored()).toBe(2);
  });

  it("refuses everyone, admins and moderators included, once the phase has closed (server time)", () => {
    setPhase("debate", new Date(NOW.getTime() - 2 * DAY), new Date(NOW.getTime() - DAY));
    for (const who of [resident, admin, moderator]) expect(() => postComment(database.db, who, input(), NOW)).toThrow(DebateClosedError);
    setPhase("information", new Date(NOW.getTime() - DAY), new Date(NOW.getTime() + DAY));
    expect(() => postComment(database.db, admin, input(), NOW)).toThrow(DebateClosedError);
    expect(stored()).toBe(0);
  });

  it("refuses anonymous and blocked people", () => {
    expect(() => postComment(database.db, null, input(), NOW)).toThrow(ForbiddenError);
    expect(() => postComment(database.db, { ...resident, blocked: true }, input(), NOW)).toThrow(ForbiddenError);
  });

  it("allows replies to three levels and refuses a fourth", () => {
    const a = postComment(database.db, resident, input(), NOW);
    const b = postComment(database.db, other, input({ parentId: a.id, stance: "against" }), NOW);
    const c = postComment(database.db, resident, input({ parentId: b.id, stance: null }), NOW);
    expect(() => postComment(database.db, other, input({ parentId: c.id }), NOW)).toThrow(ValidationError);
    expect(stored()).toBe(3);
    const thread = listClauseThread(database.db, null, processId, clauseId, { sort: "oldest", page: 1 });
    expect(thread.comments[0]?.replies[0]?.replies[0]?.id).toBe(c.id);
  });

  it("the database refuses a depth beyond 2 even if a service forgot the rule", () => {
    const a = postComment(database.db, resident, input(), NOW);
    expect(() => database.db.update(comments).set({ depth: 3, parentId: a.id }).where(eq(comments.id, a.id)).run()).toThrow(/CHECK/);
  });

  it("refuses a reply to a hidden comment, a reply to another clause's comment, and bad bodies", () => {
    const a = postComment(database.db, resident, input(), NOW);
    hideContent(database.db, moderator, { targetType: "comment", targetId: a.id, reason: "Insultos" }, NOW);
    expect(() => postComment(database.db, other, input({ parentId: a.id }), NOW)).toThrow(ValidationError);
    expect(() => postComment(database.db, other, input({ parentId: 999 }), NOW)).toThrow(ValidationError);
    expect(() => postComment(database.db, other, input({ body: "   " }), NOW)).toThrow(ValidationError);
    expect(() => postComment(database.db, other, input({ body: "é".repeat(5001) }), NOW)).toThrow(ValidationError);
    postComment(database.db, other, input({ body: "😀".repeat(5000) }), NOW);
    expect(stored()).toBe(2);
  });

  it("official answers only from staff", () => {
    expect(() => postComment(database.db, resident, input({ official: true }), NOW)).toThrow(ForbiddenError);
    const a = postComment(database.db, admin, input({ official: true }), NOW);
    expect(listClauseThread(database.db, null, processId, clauseId, { sort: "oldest", page: 1 }).comments.find((c) => c.id === a.id)?.official).toBe(true);
  });

  it("keeps an XSS payload as text, byte for byte", () => {
    const body = '<script>alert(1)</script><img src=x onerror=alert(2)> "quoted" & more';
    postComment(database.db, resident, input({ body }), NOW);
    expect(listClauseThread(database.db, null, processId, clauseId, { sort: "oldest", page: 1 }).comments[0]?.body).toBe(body);
  });
});

describe("listClauseThread", () => {
  it("sorts by supports, newest and oldest, and shows hidden comments as placeholders with the reason", () => {
    const first = postComment(database.db, resident, input({ body: "uno" }), NOW);
    const second = postComment(database.db, resident, input({ body: "dos" }), new Date(NOW.getTime() + 1000));
    supportComment(database.db, other, { slug: "p", clauseId, commentId: second.id }, NOW);
    const ids = (sort: "most_supported" | "newest" | "oldest") => listClauseThread(database.db, null, processId, clauseId, { sort, page: 1 }).comments.map((c) => c.id);
    expect(ids("most_supported")).toEqual([second.id, first.id]);
    expect(ids("newest")).toEqual([second.id, first.id]);
    expect(ids("oldest")).toEqual([first.id, second.id]);
    hideContent(database.db, moderator, { targetType: "comment", targetId: first.id, reason: "Spam" }, NOW);
    const placeholder = listClauseThread(database.db, resident, processId, clauseId, { sort: "oldest", page: 1 }).comments[0];
    expect(placeholder).toMatchObject({ id: first.id, body: null, hidden: { reason: "Spam" } });
    expect(listClauseThread(database.db, moderator, processId, clauseId, { sort: "oldest", page: 1 }).comments[0]?.body).toBe("uno");
  });

  it("pages top-level comments (20 per page) with their replies", () => {
    for (let i = 0; i < 25; i++) postComment(database.db, resident, input({ body: `c${i}` }), new Date(NOW.getTime() + i));
    const page2 = listClauseThread(database.db, null, processId, clauseId, { sort: "oldest", page: 2 });
    expect(page2).toMatchObject({ total: 25, page: 2, pageCount: 2 });
    expect(page2.comments.map((c) => c.body)).toEqual(["c20", "c21", "c22", "c23", "c24"]);
  });
});

describe("supportComment", () => {
  it("a second support by the same person is a ConflictError from the primary key, and counts once", () => {
    const a = postComment(database.db, resident, input(), NOW);
    supportComment(database.db, other, { slug: "p", clauseId, commentId: a.id }, NOW);
    expect(() => supportComment(database.db, other, { slug: "p", clauseId, commentId: a.id }, NOW)).toThrow(ConflictError);
    expect(() => supportComment(database.db, resident, { slug: "p", clauseId, commentId: a.id }, NOW)).toThrow(ValidationError);
    expect(database.db.select().from(commentSupports).all()).toHaveLength(1);
    const view = listClauseThread(database.db, other, processId, clauseId, { sort: "oldest", page: 1 }).comments[0];
    expect(view).toMatchObject({ supports: 1, supportedByViewer: true });
  });
});

describe("moderation", () => {
  it("a duplicate flag by the same person is a ConflictError; others may flag too", () => {
    const a = postComment(database.db, resident, input(), NOW);
    flagContent(database.db, other, { targetType: "comment", targetId: a.id, reason: "Ofensivo" }, NOW);
    expect(() => flagContent(database.db, other, { targetType: "comment", targetId: a.id, reason: "Otra vez" }, NOW)).toThrow(ConflictError);
    flagContent(database.db, admin, { targetType: "comment", targetId: a.id, reason: "Spam" }, NOW);
    const queue = listModerationQueue(database.db, moderator, { page: 1 });
    expect(queue.total).toBe(1);
    expect(queue.rows[0]?.flags.map((f) => f.reason)).toEqual(["Ofensivo", "Spam"]);
    expect(() => listModerationQueue(database.db, resident, { page: 1 })).toThrow(ForbiddenError);
  });

  it("hide settles the flags and is audited in the same transaction; dismiss too", () => {
    const a = postComment(database.db, resident, input(), NOW);
    const b = postComment(database.db, resident, input(), NOW);
    flagContent(database.db, other, { targetType: "comment", targetId: a.id, reason: "Ofensivo" }, NOW);
    flagContent(database.db, other, { targetType: "comment", targetId: b.id, reason: "Dudoso" }, NOW);
    expect(() => hideContent(database.db, resident, { targetType: "comment", targetId: a.id, reason: "x" }, NOW)).toThrow(ForbiddenError);
    hideContent(database.db, moderator, { targetType: "comment", targetId: a.id, reason: "Insultos" }, NOW);
    dismissFlags(database.db, moderator, { targetType: "comment", targetId: b.id }, NOW);
    expect(database.db.select({ resolution: flags.resolution }).from(flags).orderBy(flags.id).all().map((f) => f.resolution)).toEqual(["hidden", "dismissed"]);
    expect(database.db.select({ action: auditLog.action, targetId: auditLog.targetId }).from(auditLog).where(eq(auditLog.actorId, moderator.id)).all()).toEqual([
      { action: "comment.hide", targetId: String(a.id) },
      { action: "flag.dismiss", targetId: String(b.id) },
    ]);
    expect(listModerationQueue(database.db, moderator, { page: 1 }).total).toBe(0);
    expect(() => hideContent(database.db, moderator, { targetType: "comment", targetId: a.id, reason: "Otra" }, NOW)).toThrow(ValidationError);
  });

  it("annotations are flagged and hidden the same way, through the annotations' hidden columns", () => {
    setPhase("annotation", new Date(NOW.getTime() - DAY), new Date(NOW.getTime() + DAY));
    const [quote, position] = describeRange(TEXT, 4, 14);
    const made = createAnnotation(database.db, resident, { slug: "p", target: { version: 1, clauseId, quote, position }, body: "Molesto" }, NOW);
    flagContent(database.db, other, { targetType: "annotation", targetId: made.id, reason: "Spam" }, NOW);
    expect(listModerationQueue(database.db, moderator, { page: 1 }).rows[0]).toMatchObject({ targetType: "annotation", targetId: made.id, body: "Molesto" });
    hideContent(database.db, moderator, { targetType: "annotation", targetId: made.id, reason: "Publicidad" }, NOW);
    expect(database.db.select({ hiddenReason: annotations.hiddenReason, hiddenBy: annotations.hiddenBy }).from(annotations).get()).toEqual({ hiddenReason: "Publicidad", hiddenBy: moderator.id });
    const version = { id: database.db.select({ id: annotations.versionId }).from(annotations).get()?.id ?? 0, number: 1 };
    expect(listAnnotations(database.db, resident, version, { offset: 0, limit: 10 }).items[0]).toMatchObject({ body: null, hidden: { reason: "Publicidad" } });
    expect(database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorId, moderator.id)).all()).toEqual([{ action: "annotation.hide" }]);
    expect(() => flagContent(database.db, admin, { targetType: "annotation", targetId: made.id, reason: "x" }, NOW)).toThrow(ValidationError);
  });
});
