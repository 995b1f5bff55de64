import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { AMENDMENT_AMOUNTS, AMENDMENT_FRAGMENT, buildBudget, buildRegulation } from "../../collab/schema";
import { clauseTree, flattenClauses } from "../../collab/schema/clauses";
import { SqliteCollabStore } from "../../db/collab-store";
import { openDatabase, type Database_ } from "../../db/connection";
import {
  amendmentAuthors,
  amendmentInvites,
  amendments,
  amendmentSupports,
  auditLog,
  collabSnapshots,
  documentDrafts,
  organizationMembers,
  organizations,
  phases,
  processes,
  users,
} from "../../db/schema";
import { ForbiddenError, NotFoundError, ValidationError } from "../../server/errors";
import { sha256 } from "../../server/security/tokens";
import type { CurrentUser } from "../../server/services/current-user";
import { ConflictError } from "../../server/services/debates/conflict";
import { contentHash } from "../../server/services/documents/content-hash";
import { publishVersion } from "../../server/services/documents/publish-version";
import {
  acceptInvite,
  addOrganizationCoauthor,
  amendFurther,
  AmendmentsClosedError,
  createInvite,
  listClauseAmendments,
  listProcessAmendments,
  loadAmendment,
  readAmendmentState,
  removeCoauthor,
  revokeInvite,
  startAmendment,
  stateOfYDoc,
  submitAmendment,
  supportAmendment,
  updateJustification,
  withdrawAmendment,
  type StartAmendmentInput,
} from "../../server/services/amendments";
import { loadYDoc } from "../../server/services/amendments/read-state";
import { createCollabDocuments } from "../../server/services/collab-documents";

const NOW = new Date("2026-05-01T10:00:00Z");
const DAY = 86_400_000;
const ARTICLE_TEXT = "Las bicicletas circularán por el carril bici siempre que exista.";

let database: Database_;
let store: SqliteCollabStore;
let starter: CurrentUser;
let coauthor: CurrentUser;
let other: CurrentUser;
let moderator: CurrentUser;
let rep: CurrentUser;
let orgId: number;
let articleId: string;
let secondArticleId: string;
let paragraphId: string;
let chapterId: string;
let budgetId: string;
let lines: Array<{ id: string; district: string; amountCents: number }>;

/** A recorder for the collab gateway: our own small interface, not a mock of a library. */
function recorder() {
  const calls: string[] = [];
  const flushes: string[] = [];
  return { calls, flushes, reauthorize: (document: string) => void calls.push(document), flush: (document: string) => void flushes.push(document) };
}

function person(email: string, roles: CurrentUser["staffRoles"], orgs: CurrentUser["organizations"] = []): CurrentUser {
  const row = database.db.insert(users).values({ email, name: email.split("@")[0] ?? email, passwordHash: "x", locale: "es", createdAt: NOW }).returning({ id: users.id }).get();
  for (const o of orgs) database.db.insert(organizationMembers).values({ organizationId: o.id, userId: row.id, joinedAt: NOW }).run();
  return { id: row.id, email, name: email.split("@")[0] ?? email, locale: "es", verified: true, blocked: false, staffRoles: roles, organizations: orgs };
}

function setAmendmentsPhase(processSlug: string, startsAt: Date, endsAt: Date): void {
  const id = database.db.select({ id: processes.id }).from(processes).where(eq(processes.slug, processSlug)).get()?.id ?? 0;
  database.db.delete(phases).where(eq(phases.processId, id)).run();
  database.db.insert(phases).values({ processId: id, kind: "amendments", startsAt, endsAt }).run();
}

function publish(slug: string, kind: "regulation" | "budget", doc: ReturnType<typeof buildRegulation>, editor: CurrentUser): void {
  const processId = database.db.insert(processes).values({ slug, kind, title: slug, publishedAt: NOW, createdAt: NOW }).returning({ id: processes.id }).get().id;
  database.db.insert(documentDrafts).values({ processId, content: JSON.stringify(doc.toJSON()), updatedAt: NOW }).run();
  publishVersion(database.db, editor, { slug, changelog: "v1", baseVersion: 0 }, NOW);
  setAmendmentsPhase(slug, new Date(NOW.getTime() - DAY), new Date(NOW.getTime() + DAY));
}

const input = (over: Partial<StartAmendmentInput> = {}): StartAmendmentInput => ({
  slug: "ordenanza",
  clauseId: articleId,
  kind: "modify",
  justification: "Conviene precisar el texto.",
  ...over,
});

/** Applies a real Yjs edit to the stored document, as the collaboration server would: append the update. */
function editStored(id: number, edit: (doc: Y.Doc) => void): Y.Doc {
  const name = `amendment-${id}`;
  const ydoc = loadYDoc(store, name);
  ydoc.on("update", (update: Uint8Array) => {
    store.append(name, update);
  });
  edit(ydoc);
  return ydoc;
}

/** Appends text at the end of the first paragraph of the wording. */
function appendToFirstParagraph(text: string) {
  return (ydoc: Y.Doc) => {
    const article = ydoc.getXmlFragment(AMENDMENT_FRAGMENT).get(0) as Y.XmlElement;
    const paragraph = article.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === "paragraph") as Y.XmlElement;
    const content = paragraph.get(0) as Y.XmlText;
    content.insert(content.length, text);
  };
}

const rows = () => database.db.select({ id: amendments.id, status: amendments.status }).from(amendments).all();

beforeEach(() => {
  database = openDatabase(":memory:");
  store = new SqliteCollabStore(database.db, () => NOW);
  orgId = database.db.insert(organizations).values({ slug: "bici", name: "Bici Villanueva", verifiedAt: NOW, createdAt: NOW }).returning({ id: organizations.id }).get().id;
  const org = { id: orgId, slug: "bici", name: "Bici Villanueva", verified: true };
  starter = person("starter@example.org", []);
  coauthor = person("coauthor@example.org", []);
  other = person("other@example.org", []);
  moderator = person("moderator@example.org", ["moderator"]);
  rep = person("rep@example.org", [], [org]);
  const editor = person("editor@example.org", ["editor"]);
  const doc = buildRegulation({
    title: "Ordenanza",
    chapters: [{ heading: "Disposiciones", articles: [{ heading: "Bicis", paragraphs: [ARTICLE_TEXT, "Segundo párrafo."] }, { heading: "Peatones", paragraphs: ["Los peatones tienen prioridad."] }] }],
  });
  const flat = flattenClauses(clauseTree(doc)).map((f) => f.clause);
  const articles = flat.filter((c) => c.kind === "article");
  articleId = articles[0]?.id ?? "";
  secondArticleId = articles[1]?.id ?? "";
  paragraphId = flat.find((c) => c.kind === "paragraph")?.id ?? "";
  chapterId = flat.find((c) => c.kind === "chapter")?.id ?? "";
  publish("ordenanza", "regulation", doc, editor);

  const budget = buildBudget({
    title: "Presupuesto",
    totalCents: 3000,
    districts: [
      { name: "Centro", totalCents: 1000, lines: [{ code: "C1", programme: "1", description: "Bancos", amountCents: 600 }, { code: "C2", programme: "1", description: "Árboles", amountCents: 400 }] },
      { name: "Norte", totalCents: 2000, lines: [{ code: "N1", programme: "1", description: "Pista", amountCents: 2000 }] },
    ],
  });
  const bflat = flattenClauses(clauseTree(budget)).map((f) => f.clause);
  budgetId = bflat.find((c) => c.kind === "budget")?.id ?? "";
  lines = bflat.filter((c) => c.kind === "budget_line").map((c) => ({ id: c.id, district: c.code?.[0] ?? "", amountCents: c.amountCents ?? 0 }));
  publish("presupuesto", "budget", budget, editor);
});
afterEach(() => database.close());

describe("startAmendment", () => {
  it.each([
    ["modify", ARTICLE_TEXT],
    ["add", ""],
    ["delete", null],
  ] as const)("starts a %s draft with its starter as author, an initial Yjs snapshot and an audit entry", (kind, firstParagraph) => {
    const { id } = startAmendment(database.db, starter, input({ kind }), NOW);
    const row = database.db.select({ status: amendments.status, kind: amendments.kind, content: amendments.content }).from(amendments).where(eq(amendments.id, id)).get();
    expect(row).toEqual({ status: "draft", kind, content: null });
    expect(database.db.select({ role: amendmentAuthors.role, userId: amendmentAuthors.userId }).from(amendmentAuthors).all()).toEqual([{ role: "author", userId: starter.id }]);
    const snapshot = database.db.select({ lastUpdateId: collabSnapshots.lastUpdateId }).from(collabSnapshots).where(eq(collabSnapshots.document, `amendment-${id}`)).get();
    expect(snapshot?.lastUpdateId).toBe(0);
    const state = readAmendmentState(store, `amendment-${id}`);
    if (firstParagraph === null) expect(state.wording).toBeNull();
    else {
      const article = state.wording?.content?.[0];
      expect(article?.type).toBe("article");
      const paragraph = article?.content?.find((n) => n.type === "paragraph");
      expect(paragraph?.content?.[0]?.text ?? "").toBe(firstParagraph);
      // modify keeps the clause id; add gets a fresh one.
      if (kind === "modify") expect(article?.attrs?.id).toBe(articleId);
      else expect(article?.attrs?.id).not.toBe(articleId);
    }
    expect(database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.action, "amendment.start")).all()).toHaveLength(1);
  });

  it("starts a budget draft whose amounts map starts with every line's current amount", () => {
    const { id } = startAmendment(database.db, starter, { slug: "presupuesto", clauseId: budgetId, kind: "budget", justification: "Mover dinero." }, NOW);
    expect(readAmendmentState(store, `amendment-${id}`).amounts).toEqual(Object.fromEntries(lines.map((l) => [l.id, l.amountCents])));
    const detail = loadAmendment(database.db, starter, id, NOW);
    expect(detail.budgetLines?.map((l) => l.code)).toEqual(["C1", "C2", "N1"]);
    expect(detail.clauseLabel).toBe("Presupuesto");
  });

  it("refuses everyone, staff included, when the amendments phase is closed (server time)", () => {
    setAmendmentsPhase("ordenanza", new Date(NOW.getTime() - 2 * DAY), new Date(NOW.getTime() - DAY));
    for (const who of [starter, moderator]) expect(() => startAmendment(database.db, who, input(), NOW)).toThrow(AmendmentsClosedError);
    expect(() => startAmendment(database.db, starter, input(), NOW)).toThrow(ForbiddenError);
    expect(rows()).toEqual([]);
  });

  it.each([
    ["an unknown clause", () => ({ clauseId: "zzzzzzzzzz" }), NotFoundError],
    ["an unknown process", () => ({ slug: "nada" }), NotFoundError],
    ["a paragraph", () => ({ clauseId: paragraphId }), ValidationError],
    ["a chapter", () => ({ clauseId: chapterId }), ValidationError],
    ["budget kind on an article", () => ({ kind: "budget" as const }), ValidationError],
    ["an empty justification", () => ({ justification: "   " }), ValidationError],
    ["a justification over 5000 code points", () => ({ justification: "😀".repeat(5001) }), ValidationError],
  ])("refuses %s and stores nothing", (_label, over, error) => {
    expect(() => startAmendment(database.db, starter, input(over()), NOW)).toThrow(error);
    expect(rows()).toEqual([]);
    expect(database.db.select({ d: collabSnapshots.document }).from(collabSnapshots).all()).toEqual([]);
  });

  it("refuses modify/add/delete on a budget", () => {
    expect(() => startAmendment(database.db, starter, { slug: "presupuesto", clauseId: budgetId, kind: "modify", justification: "x" }, NOW)).toThrow(ValidationError);
  });

  it("accepts exactly 5000 code points, and stores markup as plain text", () => {
    startAmendment(database.db, starter, input({ justification: "😀".repeat(5000) }), NOW);
    const xss = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const { id } = startAmendment(database.db, starter, input({ justification: xss }), NOW);
    expect(loadAmendment(database.db, starter, id, NOW).justification).toBe(xss);
  });

  it("refuses anonymous and blocked people, and 'on behalf of' an organization one does not represent", () => {
    expect(() => startAmendment(database.db, null, input(), NOW)).toThrow(ForbiddenError);
    expect(() => startAmendment(database.db, { ...starter, blocked: true }, input(), NOW)).toThrow(ForbiddenError);
    expect(() => startAmendment(database.db, starter, input({ organizationId: orgId }), NOW)).toThrow(ForbiddenError);
    const { id } = startAmendment(database.db, rep, input({ organizationId: orgId }), NOW);
    expect(loadAmendment(database.db, rep, id, NOW).organization).toEqual({ id: orgId, name: "Bici Villanueva", profileSlug: "bici" });
  });
});

describe("visibility of drafts", () => {
  it("hides a draft from everyone but its co-authors and staff (404, as if it did not exist)", () => {
    const { id } = startAmendment(database.db, starter, input(), NOW);
    expect(() => loadAmendment(database.db, other, id, NOW)).toThrow(NotFoundError);
    expect(() => loadAmendment(database.db, null, id, NOW)).toThrow(NotFoundError);
    expect(loadAmendment(database.db, moderator, id, NOW).viewer.canWrite).toBe(false);
    const mine = loadAmendment(database.db, starter, id, NOW);
    expect(mine.viewer).toMatchObject({ isCoauthor: true, canWrite: true, canSubmit: true, canWithdraw: true, canSupport: false });
    expect(mine.clauseLabel).toBe("Artículo 1");
    expect(listClauseAmendments(database.db, other, "ordenanza", articleId, NOW)).toEqual([]);
    expect(listClauseAmendments(database.db, starter, "ordenanza", articleId, NOW).map((a) => a.id)).toEqual([id]);
    expect(listProcessAmendments(database.db, starter, "ordenanza", { page: 1 }, NOW).items).toEqual([]);
  });

  it("the collab family: draft → co-authors write, staff read, others as unknown as a missing id; submitted → signed-in read", () => {
    const documents = createCollabDocuments(database.db);
    const { id } = startAmendment(database.db, starter, input(), NOW);
    const name = `amendment-${id}`;
    expect(documents.access(starter, name)).toBe("write");
    expect(documents.access(moderator, name)).toBe("read");
    expect(documents.access(other, name)).toBe("unknown");
    expect(documents.access({ ...starter, blocked: true }, name)).toBe("unknown");
    expect(documents.access(starter, "amendment-999")).toBe("unknown");
    expect(documents.access(starter, "amendment-0")).toBe("unknown");
    editStored(id, appendToFirstParagraph(" Y los patinetes."));
    submitAmendment(database.db, store, recorder(), starter, id, NOW);
    for (const who of [starter, moderator, other]) expect(documents.access(who, name)).toBe("read");
  });
});

describe("submitAmendment", () => {
  it("freezes exactly the stored Yjs state after a real edit, records its hash, and reauthorizes the document", () => {
    const { id } = startAmendment(database.db, starter, input(), NOW);
    const ydoc = editStored(id, appendToFirstParagraph(" Y los patinetes también."));
    const expected = stateOfYDoc(ydoc).wording;
    const collab = recorder();
    const { contentHash: hash } = submitAmendment(database.db, store, collab, starter, id, NOW);
    const row = database.db.select({ status: amendments.status, content: amendments.content, contentHash: amendments.contentHash, submittedAt: amendments.submittedAt }).from(amendments).where(eq(amendments.id, id)).get();
    expect(row?.status).toBe("submitted");
    expect(JSON.parse(row?.content ?? "null")).toEqual(expected);
    expect(JSON.stringify(expected)).toContain("Y los patinetes también.");
    expect(row?.contentHash).toBe(contentHash(expected));
    expect(hash).toBe(row?.contentHash);
    expect(row?.submittedAt).toEqual(NOW);
    expect(collab.calls).toEqual([`amendment-${id}`]);
    expect(collab.flushes).toEqual([`amendment-${id}`]);
    expect(listProcessAmendments(database.db, null, "ordenanza", { page: 1 }, NOW).items.map((a) => a.id)).toEqual([id]);
  });

  it("has the collaboration server write its pending keystrokes before reading the store, so they are frozen too", () => {
    const { id } = startAmendment(database.db, starter, input(), NOW);
    editStored(id, appendToFirstParagraph(" Escrito antes."));
    // What the server holds in its group-commit window reaches the store only when flushed.
    const collab = recorder();
    const pending = loadYDoc(store, `amendment-${id}`);
    const before = Y.encodeStateVector(pending);
    appendToFirstParagraph(" Tecleado justo antes de presentar.")(pending);
    const unwritten = Y.encodeStateAsUpdate(pending, before);
    collab.flush = (document: string) => {
      collab.flushes.push(document);
      store.append(document, unwritten);
    };
    submitAmendment(database.db, store, collab, starter, id, NOW);
    const row = database.db.select({ content: amendments.content }).from(amendments).where(eq(amendments.id, id)).get();
    expect(row?.content).toContain("Tecleado justo antes de presentar.");
  });

  it.each([
    ["unchanged wording", (_id: number) => undefined],
    [
      "empty wording",
      (id: number) =>
        editStored(id, (ydoc) => {
          const article = ydoc.getXmlFragment(AMENDMENT_FRAGMENT).get(0) as Y.XmlElement;
          for (const node of article.toArray()) {
            if (node instanceof Y.XmlElement) {
              const text = node.get(0);
              if (text instanceof Y.XmlText) text.delete(0, text.length);
              for (const item of node.toArray()) if (item instanceof Y.XmlElement && item.get(0) instanceof Y.XmlText) (item.get(0) as Y.XmlText).delete(0, (item.get(0) as Y.XmlText).length);
            }
          }
        }),
    ],
  ])("rejects %s and changes nothing", (_label, edit) => {
    const { id } = startAmendment(database.db, starter, input(), NOW);
    edit(id);
    const collab = recorder();
    expect(() => submitAmendment(database.db, store, collab, starter, id, NOW)).toThrow(ValidationError);
    expect(rows()).toEqual([{ id, status: "draft" }]);
    expect(collab.calls).toEqual([]);
  });

  it("rejects an add amendment left empty, and freezes null for a deletion", () => {
    const add = startAmendment(database.db, starter, input({ kind: "add" }), NOW);
    expect(() => submitAmendment(database.db, store, recorder(), starter, add.id, NOW)).toThrow(ValidationError);
    const del = startAmendment(database.db, starter, input({ kind: "delete" }), NOW);
    const { contentHash: hash } = submitAmendment(database.db, store, recorder(), starter, del.id, NOW);
    expect(hash).toBe(contentHash(null));
    expect(loadAmendment(database.db, other, del.id, NOW).content).toBeNull();
  });

  it.each([
    ["moves money between districts", (m: Y.Map<number>) => (m.set(lines[0]!.id, 500), m.set(lines[2]!.id, 2100)), "amendments.error.districtTotalChanged"],
    ["changes nothing", (_m: Y.Map<number>) => undefined, "amendments.error.amountsUnchanged"],
    ["adds money", (m: Y.Map<number>) => m.set(lines[0]!.id, 700), "amendments.error.districtTotalChanged"],
    ["writes a fraction", (m: Y.Map<number>) => (m.set(lines[0]!.id, 599.5), m.set(lines[1]!.id, 400.5)), "amendments.error.amountInvalid"],
    ["adds an unknown line", (m: Y.Map<number>) => (m.set(lines[0]!.id, 500), m.set(lines[1]!.id, 500), m.set("zzzzzzzzzz", 0)), "amendments.error.amountInvalid"],
  ])("rejects a budget amendment that %s", (_label, edit, key) => {
    const { id } = startAmendment(database.db, starter, { slug: "presupuesto", clauseId: budgetId, kind: "budget", justification: "Mover." }, NOW);
    editStored(id, (ydoc) => ydoc.transact(() => edit(ydoc.getMap<number>(AMENDMENT_AMOUNTS))));
    try {
      submitAmendment(database.db, store, recorder(), starter, id, NOW);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors.amounts).toEqual([key]);
    }
    expect(rows()[0]?.status).toBe("draft");
  });

  it("accepts a budget move within a district and freezes every line's amount", () => {
    const { id } = startAmendment(database.db, starter, { slug: "presupuesto", clauseId: budgetId, kind: "budget", justification: "Más árboles." }, NOW);
    editStored(id, (ydoc) => ydoc.transact(() => (ydoc.getMap<number>(AMENDMENT_AMOUNTS).set(lines[0]!.id, 450), ydoc.getMap<number>(AMENDMENT_AMOUNTS).set(lines[1]!.id, 550))));
    submitAmendment(database.db, store, recorder(), starter, id, NOW);
    const detail = loadAmendment(database.db, other, id, NOW);
    expect(detail.content).toEqual({ amounts: { [lines[0]!.id]: 450, [lines[1]!.id]: 550, [lines[2]!.id]: 2000 } });
    expect(detail.contentHash).toBe(contentHash(detail.content));
  });

  it("lets only co-authors submit, only drafts, only while the phase is open", () => {
    const { id } = startAmendment(database.db, starter, input(), NOW);
    editStored(id, appendToFirstParagraph(" Cambio."));
    expect(() => submitAmendment(database.db, store, recorder(), other, id, NOW)).toThrow(NotFoundError);
    expect(() => submitAmendment(database.db, store, recorder(), moderator, id, NOW)).toThrow(ForbiddenError);
    setAmendmentsPhase("ordenanza", new Date(NOW.getTime() - 2 * DAY), new Date(NOW.getTime() - DAY));
    expect(() => submitAmendment(database.db, store, recorder(), starter, id, NOW)).toThrow(AmendmentsClosedError);
    setAmendmentsPhase("ordenanza", new Date(NOW.getTime() - DAY), new Date(NOW.getTime() + DAY));
    submitAmendment(database.db, store, recorder(), starter, id, NOW);
    expect(() => submitAmendment(database.db, store, recorder(), starter, id, NOW)).toThrow(ValidationError);
    expect(() => submitAmendment(database.db, store, recorder(), other, id, NOW)).toThrow(ForbiddenError);
  });
});

describe("co-authors and invitations", () => {
  it("invites by link: only the token's hash is stored; another person joins and may then write", () => {
    const { id } = startAmendment(database.db, starter, input(), NOW);
    expect(() => createInvite(database.db, other, id, NOW)).toThrow(NotFoundError);
    expect(() => createInvite(database.db, moderator, id, NOW)).toThrow(ForbiddenError);
    const invite = createInvite(database.db, starter, id, NOW);
    expect(invite.expiresAt.getTime() - NOW.getTime()).toBe(7 * DAY);
    const stored = database.db.select({ tokenHash: amendmentInvites.tokenHash }).from(amendmentInvites).all();
    expect(stored).toEqual([{ tokenHash: sha256(invite.token) }]);
    expect(JSON.stringify(stored)).not.toContain(invite.token);
    expect(acceptInvite(database.db, coauthor, invite.token, NOW)).toEqual({ amendmentId: id });
    expect(acceptInvite(database.db, coauthor, invite.token, NOW)).toEqual({ amendmentId: id });
    expect(loadAmendment(database.db, coauthor, id, NOW).viewer.canWrite).toBe(true);
    expect(createCollabDocuments(database.db).access(coauthor, `amendment-${id}`)).toBe("write");
  });

  it.each([
    ["expired", (id: number, token: string) => void [id, token], new Date(NOW.getTime() + 7 * DAY)],
    ["revoked", (id: number) => revokeInvite(database.db, starter, id, database.db.select({ id: amendmentInvites.id }).from(amendmentInvites).get()?.id ?? 0, NOW), NOW],
    [
      "used after the amendment was submitted",
      (id: number) => {
        editStored(id, appendToFirstParagraph(" Cambio."));
        submitAmendment(database.db, store, recorder(), starter, id, NOW);
      },
      NOW,
    ],
    ["anonymous", (_id: number) => undefined, NOW, null],
  ] as const)("refuses an invitation link when %s", (_label, before, at, who: CurrentUser | null | undefined = undefined) => {
    const { id } = startAmendment(database.db, starter, input(), NOW);
    const invite = createInvite(database.db, starter, id, NOW);
    before(id, invite.token);
    const actor = who === undefined ? coauthor : who;
    expect(() => acceptInvite(database.db, actor, invite.token, at)).toThrow(who === null ? ForbiddenError : NotFoundError);
    expect(database.db.select({ u: amendmentAuthors.userId }).from(amendmentAuthors).all()).toHaveLength(1);
  });

  it("refuses an unknown token", () => {
    startAmendment(database.db, starter, input(), NOW);
    expect(() => acceptInvite(database.db, coauthor, "a".repeat(43), NOW)).toThrow(NotFoundError);
  });

  it("adds members of the amendment's organization only, at most 20 co-authors", () => {
    const { id } = startAmendment(database.db, rep, input({ organizationId: orgId }), NOW);
    const org = { id: orgId, slug: "bici", name: "Bici Villanueva", verified: true };
    const member = person("member@example.org", [], [org]);
    expect(() => addOrganizationCoauthor(database.db, rep, id, other.id, NOW)).toThrow(ValidationError);
    expect(() => addOrganizationCoauthor(database.db, other, id, member.id, NOW)).toThrow(NotFoundError);
    addOrganizationCoauthor(database.db, rep, id, member.id, NOW);
    expect(() => addOrganizationCoauthor(database.db, rep, id, member.id, NOW)).toThrow(ConflictError);
    for (let i = 0; i < 18; i++) addOrganizationCoauthor(database.db, rep, id, person(`m${i}@example.org`, [], [org]).id, NOW);
    const extra = person("extra@example.org", [], [org]);
    expect(() => addOrganizationCoauthor(database.db, rep, id, extra.id, NOW)).toThrow(ValidationError);
    expect(database.db.select({ u: amendmentAuthors.userId }).from(amendmentAuthors).where(eq(amendmentAuthors.amendmentId, id)).all()).toHaveLength(20);
  });

  it("removes a co-author (not the starter), closes their editor through reauthorize, and lets a co-author leave", () => {
    const { id } = startAmendment(database.db, starter, input(), NOW);
    acceptInvite(database.db, coauthor, createInvite(database.db, starter, id, NOW).token, NOW);
    acceptInvite(database.db, other, createInvite(database.db, starter, id, NOW).token, NOW);
    const collab = recorder();
    expect(() => removeCoauthor(database.db, collab, coauthor, id, starter.id, NOW)).toThrow(ValidationError);
    removeCoauthor(database.db, collab, starter, id, coauthor.id, NOW);
    expect(collab.calls).toEqual([`amendment-${id}`]);
    expect(createCollabDocuments(database.db).access(coauthor, `amendment-${id}`)).toBe("unknown");
    expect(() => removeCoauthor(database.db, collab, coauthor, id, other.id, NOW)).toThrow(NotFoundError);
    removeCoauthor(database.db, collab, other, id, other.id, NOW);
    expect(database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.action, "amendment.leave")).all()).toHaveLength(1);
  });

  it("lets only co-authors edit the justification of a draft", () => {
    const { id } = startAmendment(database.db, starter, input(), NOW);
    expect(() => updateJustification(database.db, moderator, id, "Otra.", NOW)).toThrow(ForbiddenError);
    expect(() => updateJustification(database.db, starter, id, "", NOW)).toThrow(ValidationError);
    updateJustification(database.db, starter, id, "Nueva justificación.", NOW);
    expect(loadAmendment(database.db, starter, id, NOW).justification).toBe("Nueva justificación.");
  });
});

describe("withdrawAmendment", () => {
  it("lets co-authors withdraw a draft (it stays private) or a submitted one (supports kept, no more)", () => {
    const draft = startAmendment(database.db, starter, input(), NOW);
    expect(() => withdrawAmendment(database.db, recorder(), other, draft.id, NOW)).toThrow(NotFoundError);
    const collab = recorder();
    withdrawAmendment(database.db, collab, starter, draft.id, NOW);
    expect(collab.calls).toEqual([`amendment-${draft.id}`]);
    expect(() => loadAmendment(database.db, other, draft.id, NOW)).toThrow(NotFoundError);
    expect(createCollabDocuments(database.db).access(starter, `amendment-${draft.id}`)).toBe("read");

    const { id } = startAmendment(database.db, starter, input(), NOW);
    editStored(id, appendToFirstParagraph(" Cambio."));
    submitAmendment(database.db, store, recorder(), starter, id, NOW);
    supportAmendment(database.db, other, id, NOW);
    expect(() => withdrawAmendment(database.db, recorder(), other, id, NOW)).toThrow(ForbiddenError);
    withdrawAmendment(database.db, recorder(), starter, id, NOW);
    expect(() => withdrawAmendment(database.db, recorder(), starter, id, NOW)).toThrow(ValidationError);
    expect(() => supportAmendment(database.db, moderator, id, NOW)).toThrow(ValidationError);
    const detail = loadAmendment(database.db, null, id, NOW);
    expect(detail).toMatchObject({ status: "withdrawn", supportCount: 1 });
    expect(listProcessAmendments(database.db, null, "ordenanza", { page: 1 }, NOW).items.map((a) => a.id)).toEqual([id]);
  });
});

describe("supportAmendment", () => {
  let id: number;
  beforeEach(() => {
    id = startAmendment(database.db, starter, input(), NOW).id;
    acceptInvite(database.db, coauthor, createInvite(database.db, starter, id, NOW).token, NOW);
  });

  it("refuses supporting a draft (not visible, or not submitted)", () => {
    expect(() => supportAmendment(database.db, other, id, NOW)).toThrow(NotFoundError);
    expect(() => supportAmendment(database.db, moderator, id, NOW)).toThrow(ValidationError);
  });

  it("counts one support per person: the second is a ConflictError and the count stays", () => {
    editStored(id, appendToFirstParagraph(" Cambio."));
    submitAmendment(database.db, store, recorder(), starter, id, NOW);
    supportAmendment(database.db, other, id, NOW);
    expect(() => supportAmendment(database.db, other, id, NOW)).toThrow(ConflictError);
    supportAmendment(database.db, moderator, id, NOW);
    expect(loadAmendment(database.db, other, id, NOW)).toMatchObject({ supportCount: 2, viewer: { hasSupported: true, canSupport: false } });
    // The primary key is the rule, whatever path the insert takes.
    expect(() => database.db.insert(amendmentSupports).values({ amendmentId: id, userId: other.id, createdAt: NOW }).run()).toThrow(/PRIMARY KEY|UNIQUE/);
  });

  it("refuses its co-authors, anonymous people, and anyone once the phase closed", () => {
    editStored(id, appendToFirstParagraph(" Cambio."));
    submitAmendment(database.db, store, recorder(), starter, id, NOW);
    for (const who of [starter, coauthor]) expect(() => supportAmendment(database.db, who, id, NOW)).toThrow(ForbiddenError);
    expect(() => supportAmendment(database.db, null, id, NOW)).toThrow(ForbiddenError);
    setAmendmentsPhase("ordenanza", new Date(NOW.getTime() - 2 * DAY), new Date(NOW.getTime() - DAY));
    expect(() => supportAmendment(database.db, other, id, NOW)).toThrow(AmendmentsClosedError);
    expect(database.db.select({ u: amendmentSupports.userId }).from(amendmentSupports).all()).toEqual([]);
  });
});

describe("amendFurther", () => {
  it("starts a new linked draft whose wording is the parent's frozen content", () => {
    const { id } = startAmendment(database.db, starter, input(), NOW);
    editStored(id, appendToFirstParagraph(" Versión del padre."));
    submitAmendment(database.db, store, recorder(), starter, id, NOW);
    const child = amendFurther(database.db, other, id, NOW);
    const detail = loadAmendment(database.db, other, child.id, NOW);
    expect(detail).toMatchObject({ parent: { id }, status: "draft", clauseId: articleId, kind: "modify", authors: [{ userId: other.id, role: "author" }] });
    expect(readAmendmentState(store, `amendment-${child.id}`).wording).toEqual(loadAmendment(database.db, other, id, NOW).content);
    // The child is the other person's private draft: the parent lists it for them only.
    expect(loadAmendment(database.db, other, id, NOW).children).toEqual([{ id: child.id, status: "draft" }]);
    expect(loadAmendment(database.db, starter, id, NOW).children).toEqual([]);
  });

  it("refuses drafts and withdrawn amendments as parents", () => {
    const { id } = startAmendment(database.db, starter, input(), NOW);
    expect(() => amendFurther(database.db, starter, id, NOW)).toThrow(ValidationError);
    expect(() => amendFurther(database.db, other, id, NOW)).toThrow(NotFoundError);
    expect(() => startAmendment(database.db, starter, input({ parentId: id }), NOW)).toThrow(ValidationError);
    expect(() => startAmendment(database.db, starter, input({ parentId: 12345 }), NOW)).toThrow(ValidationError);
  });
});

describe("listProcessAmendments", () => {
  it("pages public amendments, most supported first, and filters by status", () => {
    const ids: number[] = [];
    for (let i = 0; i < 23; i++) {
      const { id } = startAmendment(database.db, starter, input({ clauseId: i % 2 ? articleId : secondArticleId, kind: "delete" }), NOW);
      submitAmendment(database.db, store, recorder(), starter, id, NOW);
      ids.push(id);
    }
    supportAmendment(database.db, other, ids[5]!, NOW);
    withdrawAmendment(database.db, recorder(), starter, ids[7]!, NOW);
    const first = listProcessAmendments(database.db, null, "ordenanza", { page: 1 }, NOW);
    expect(first).toMatchObject({ total: 23, page: 1, pages: 2 });
    expect(first.items).toHaveLength(20);
    expect(first.items[0]?.id).toBe(ids[5]);
    expect(listProcessAmendments(database.db, null, "ordenanza", { page: 2 }, NOW).items).toHaveLength(3);
    expect(listProcessAmendments(database.db, null, "ordenanza", { page: 1, status: "withdrawn" }, NOW).items.map((a) => a.id)).toEqual([ids[7]]);
    expect(() => listProcessAmendments(database.db, null, "nada", { page: 1 }, NOW)).toThrow(NotFoundError);
  });
});
