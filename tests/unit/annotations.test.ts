import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildRegulation } from "../../collab/schema";
import { openDatabase, type Database_ } from "../../db/connection";
import { annotationAnchors, annotations, auditLog, documentDrafts, documentVersions, phases, processes, users } from "../../db/schema";
import { ForbiddenError, ValidationError } from "../../server/errors";
import { createAnnotation, listAnnotations, PhaseClosedError, resolveOrphan, type AnnotationInput } from "../../server/services/annotations/annotations";
import { describeRange, versionText } from "../../server/services/annotations/anchoring";
import type { CurrentUser } from "../../server/services/current-user";
import { deleteAnnotation } from "../../server/services/annotations/revise";
import { publishVersion } from "../../server/services/documents/publish-version";
import { editClauses } from "../support/annotations";

const NOW = new Date("2026-05-01T10:00:00Z");
const DAY = 86_400_000;
const KEPT = "Las bicicletas circularán por el carril bici siempre que exista, respetando la prioridad de los peatones.";
const REWRITTEN = "Los vehículos de movilidad personal no podrán circular por las aceras ni por las zonas peatonales del casco antiguo.";
const DELETED = "Se prohíbe estacionar motocicletas sobre las aceras de menos de tres metros de anchura.";

let database: Database_;
let resident: CurrentUser;
let admin: CurrentUser;
let editor: CurrentUser;
let moderator: CurrentUser;
let processId: number;
/** Clause ids of the three paragraphs and the article holding the third. */
let ids: { kept: string; rewritten: string; deleted: string; deletedArticle: string };

function person(email: string, roles: CurrentUser["staffRoles"], blocked = false): CurrentUser {
  const row = database.db.insert(users).values({ email, name: email.split("@")[0] ?? email, passwordHash: "x", locale: "es", createdAt: NOW }).returning({ id: users.id }).get();
  return { id: row.id, email, name: email, locale: "es", verified: true, blocked, staffRoles: roles, organizations: [] };
}

function setPhase(startsAt: Date, endsAt: Date): void {
  database.db.delete(phases).where(eq(phases.processId, processId)).run();
  database.db.insert(phases).values({ processId, kind: "annotation", startsAt, endsAt }).run();
}

/** An input selecting `exact` within the clause as the browser would (server recomputes context). */
function input(clauseId: string, text: string, exact: string, body = "No estoy de acuerdo."): AnnotationInput {
  const start = [...text.slice(0, text.indexOf(exact))].length;
  const [quote, position] = describeRange(text, start, start + [...exact].length);
  return { slug: "p", target: { version: 1, clauseId, quote, position }, body };
}

/** The same input with some of its target replaced. */
function withTarget(base: AnnotationInput, target: Partial<AnnotationInput["target"]>): AnnotationInput {
  return { ...base, target: { ...base.target, ...target } };
}

beforeEach(() => {
  database = openDatabase(":memory:");
  resident = person("resident@example.org", []);
  admin = person("admin@example.org", ["admin"]);
  editor = person("editor@example.org", ["editor"]);
  moderator = person("moderator@example.org", ["moderator"]);
  const doc = buildRegulation({
    title: "T",
    chapters: [{ heading: "C", articles: [{ heading: "Bicis", paragraphs: [KEPT, REWRITTEN] }, { heading: "Motos", paragraphs: [DELETED] }] }],
  });
  const clauses = versionText("x", doc).clauses;
  const byText = (t: string) => clauses.find((c) => c.text === t)?.id ?? "";
  const articleIds = clauses.filter((c) => c.text === "").map((c) => c.id);
  ids = { kept: byText(KEPT), rewritten: byText(REWRITTEN), deleted: byText(DELETED), deletedArticle: articleIds.at(-1) ?? "" };
  processId = database.db.insert(processes).values({ slug: "p", kind: "regulation", title: "P", publishedAt: NOW, createdAt: NOW }).returning({ id: processes.id }).get().id;
  database.db.insert(documentDrafts).values({ processId, content: JSON.stringify(doc.toJSON()), updatedAt: NOW }).run();
  publishVersion(database.db, editor, { slug: "p", changelog: "v1", baseVersion: 0 }, NOW);
  setPhase(new Date(NOW.getTime() - DAY), new Date(NOW.getTime() + DAY));
});
afterEach(() => database.close());

const count = () => database.db.select({ id: annotations.id }).from(annotations).all().length;

describe("createAnnotation", () => {
  it("stores the server's selectors for the verified range and lists it on the version", () => {
    const made = createAnnotation(database.db, resident, withTarget(input(ids.kept, KEPT, "carril bici"), { quote: { exact: "carril bici" } }), NOW);
    // 32 code points of context on each side, cut mid-word if need be.
    expect(made).toMatchObject({ exact: "carril bici", prefix: "as bicicletas circularán por el ", suffix: " siempre que exista, respetando ", carryStatus: "made_here", madeOnVersion: 1 });
    const list = listAnnotations(database.db, null, { id: versionId(1), number: 1 }, { offset: 0, limit: 10 });
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: made.id, body: "No estoy de acuerdo.", start: 33, end: 44, author: { id: resident.id } });
  });

  it("refuses everyone, admins included, when the annotation phase is closed by server time", () => {
    setPhase(new Date(NOW.getTime() - 2 * DAY), new Date(NOW.getTime() - DAY));
    for (const who of [resident, admin, moderator]) {
      expect(() => createAnnotation(database.db, who, input(ids.kept, KEPT, "carril bici"), NOW)).toThrow(PhaseClosedError);
    }
    // The end is exclusive: at the very instant it closes, it is closed.
    setPhase(new Date(NOW.getTime() - DAY), NOW);
    expect(() => createAnnotation(database.db, admin, input(ids.kept, KEPT, "carril bici"), NOW)).toThrow(PhaseClosedError);
    expect(count()).toBe(0);
  });

  it("refuses anonymous and blocked people", () => {
    const blocked = person("blocked@example.org", [], true);
    expect(() => createAnnotation(database.db, null, input(ids.kept, KEPT, "carril bici"), NOW)).toThrow(ForbiddenError);
    expect(() => createAnnotation(database.db, blocked, input(ids.kept, KEPT, "carril bici"), NOW)).toThrow(ForbiddenError);
    expect(count()).toBe(0);
  });

  it("answers a selector that does not match the clause text with the field and reason", () => {
    const good = input(ids.kept, KEPT, "carril bici");
    const cases: Array<[AnnotationInput, Record<string, string[]>]> = [
      [withTarget(good, { quote: { ...good.target.quote, exact: "carril bus!" } }), { "target.selector": ["exact-mismatch"] }],
      [withTarget(good, { quote: { ...good.target.quote, exact: "carril bici", prefix: "otra cosa " } }), { "target.selector": ["prefix-mismatch"] }],
      [withTarget(good, { position: { start: 33, end: 9999 } }), { "target.selector": ["out-of-range"] }],
      [withTarget(good, { clauseId: "nope" }), { "target.source": ["unknown_clause"] }],
      [{ ...good, body: "   " }, { "body.value": ["required"] }],
      [{ ...good, body: "x".repeat(5001) }, { "body.value": ["too_long"] }],
    ];
    for (const [bad, fields] of cases) {
      try {
        createAnnotation(database.db, resident, bad, NOW);
        expect.unreachable("accepted a bad annotation");
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).fieldErrors).toEqual(fields);
      }
    }
    expect(count()).toBe(0);
  });

  it("counts the 5000-character limit in code points (emoji are one)", () => {
    const made = createAnnotation(database.db, resident, { ...input(ids.kept, KEPT, "carril bici"), body: "😀".repeat(5000) }, NOW);
    expect(made.body).toHaveLength(10_000);
  });

  it("stores an XSS payload as inert text, exactly as sent", () => {
    const payload = `<script>alert(1)</script><img src=x onerror=alert(2)>`;
    const made = createAnnotation(database.db, resident, { ...input(ids.kept, KEPT, "carril bici"), body: payload }, NOW);
    expect(database.db.select({ body: annotations.body }).from(annotations).where(eq(annotations.id, made.id)).get()?.body).toBe(payload);
  });

  it("only accepts annotations on the latest version", () => {
    publishV2();
    expect(() => createAnnotation(database.db, resident, input(ids.kept, KEPT, "carril bici"), NOW)).toThrow(ValidationError);
  });
});

function versionId(number: number): number {
  return (
    database.db
      .select({ id: documentVersions.id, number: documentVersions.number })
      .from(documentVersions)
      .all()
      .find((v) => v.number === number)?.id ?? 0
  );
}

function publishV2(): void {
  const draft = database.db.select({ content: documentDrafts.content }).from(documentDrafts).get()?.content ?? "";
  const edited = editClauses(JSON.parse(draft), {
    replace: { [ids.rewritten]: "Queda prohibida la circulación de patinetes eléctricos sobre cualquier acera del municipio." },
    remove: [ids.deletedArticle],
  });
  database.db.update(documentDrafts).set({ content: JSON.stringify(edited) }).run();
  publishVersion(database.db, editor, { slug: "p", changelog: "v2", baseVersion: 1 }, NOW);
}

describe("re-anchoring on publish", () => {
  it("carries, orphans and keeps the old quote, in the publish transaction, and keeps v1's anchors", () => {
    const kept = createAnnotation(database.db, resident, input(ids.kept, KEPT, "respetando la prioridad de los peatones"), NOW);
    const rewritten = createAnnotation(database.db, resident, input(ids.rewritten, REWRITTEN, "no podrán circular por las aceras"), NOW);
    const deleted = createAnnotation(database.db, resident, input(ids.deleted, DELETED, "motocicletas sobre las aceras"), NOW);
    publishV2();

    const v2 = listAnnotations(database.db, null, { id: versionId(2), number: 2 }, { offset: 0, limit: 10 }).items;
    const byId = new Map(v2.map((a) => [a.id, a]));
    expect(byId.get(kept.id)).toMatchObject({ carryStatus: "carried", exact: "respetando la prioridad de los peatones", madeOnVersion: 1, version: 2 });
    expect(byId.get(rewritten.id)).toMatchObject({ carryStatus: "orphaned", orphanReason: "quote-deleted", originalExact: "no podrán circular por las aceras", start: null });
    expect(byId.get(deleted.id)).toMatchObject({ carryStatus: "orphaned", orphanReason: "clause-removed", exact: "motocicletas sobre las aceras", clauseId: ids.deleted });

    // Version 1 still shows where everything was.
    const v1 = listAnnotations(database.db, null, { id: versionId(1), number: 1 }, { offset: 0, limit: 10 }).items;
    expect(v1.map((a) => a.carryStatus)).toEqual(["made_here", "made_here", "made_here"]);
    const audit = database.db.select({ detail: auditLog.detail }).from(auditLog).where(eq(auditLog.action, "version.publish")).all();
    expect(JSON.parse(audit.at(-1)?.detail ?? "{}")).toMatchObject({ number: 2, annotations: { carried: 1, moved: 0, orphaned: 2 } });
  });

  it("never carries a deleted annotation: it stays, deleted, on the version where it was deleted", () => {
    const kept = createAnnotation(database.db, resident, input(ids.kept, KEPT, "respetando la prioridad de los peatones"), NOW);
    const gone = createAnnotation(database.db, resident, input(ids.kept, KEPT, "carril bici"), NOW);
    deleteAnnotation(database.db, moderator, "p", gone.id, () => true, NOW);
    publishV2();
    const v2 = listAnnotations(database.db, null, { id: versionId(2), number: 2 }, { offset: 0, limit: 10 });
    expect(v2.items.map((a) => a.id)).toEqual([kept.id]);
    expect(database.db.select().from(annotationAnchors).where(eq(annotationAnchors.annotationId, gone.id)).all().map((a) => a.versionId)).toEqual([versionId(1)]);
    expect(listAnnotations(database.db, null, { id: versionId(1), number: 1 }, { offset: 0, limit: 10 }).total).toBe(1);
    const audit = database.db.select({ action: auditLog.action, actorId: auditLog.actorId }).from(auditLog).where(eq(auditLog.targetId, String(gone.id))).all();
    expect(audit).toEqual([{ action: "annotation.delete", actorId: moderator.id }]);
  });

  it("moves an annotation whose words were lightly edited, keeping the old quote", () => {
    const made = createAnnotation(database.db, resident, input(ids.rewritten, REWRITTEN, "no podrán circular por las aceras ni por las zonas peatonales"), NOW);
    const draft = database.db.select({ content: documentDrafts.content }).from(documentDrafts).get()?.content ?? "";
    const edited = editClauses(JSON.parse(draft), {
      replace: { [ids.rewritten]: "Los vehículos de movilidad personal no podrán circular por las aceras ni por las áreas peatonales del casco antiguo." },
    });
    database.db.update(documentDrafts).set({ content: JSON.stringify(edited) }).run();
    publishVersion(database.db, editor, { slug: "p", changelog: "v2", baseVersion: 1 }, NOW);
    const [item] = listAnnotations(database.db, null, { id: versionId(2), number: 2 }, { offset: 0, limit: 10 }).items;
    expect(item).toMatchObject({ id: made.id, carryStatus: "moved", exact: "no podrán circular por las aceras ni por las áreas peatonales", originalExact: "no podrán circular por las aceras ni por las zonas peatonales" });
  });

  it("rolls back the new anchors when the publish fails after re-anchoring (no half-carried state)", () => {
    const made = createAnnotation(database.db, resident, input(ids.kept, KEPT, "carril bici"), NOW);
    const before = database.db.select().from(annotationAnchors).all();
    // The audit entry is the publish's last write, after the annotations were carried: make it fail.
    database.sqlite.exec("CREATE TEMP TRIGGER fail_publish BEFORE INSERT ON audit_log WHEN NEW.action = 'version.publish' BEGIN SELECT RAISE(ABORT, 'crash'); END");
    expect(() => publishV2()).toThrow("crash");
    expect(database.db.select().from(annotationAnchors).all()).toEqual(before);
    expect(database.db.select({ v: annotations.currentVersionId }).from(annotations).where(eq(annotations.id, made.id)).get()?.v).toBe(versionId(1));
    expect(versionId(2)).toBe(0);
  });
});

describe("later versions", () => {
  it("keeps open orphans orphaned on the next version, leaves closed ones behind, carries the rest", () => {
    const open = createAnnotation(database.db, resident, input(ids.deleted, DELETED, "motocicletas sobre las aceras"), NOW);
    const closed = createAnnotation(database.db, resident, input(ids.rewritten, REWRITTEN, "no podrán circular por las aceras"), NOW);
    const kept = createAnnotation(database.db, resident, input(ids.kept, KEPT, "carril bici"), NOW);
    publishV2();
    resolveOrphan(database.db, editor, closed.id, { action: "close" }, NOW);
    const draft = database.db.select({ content: documentDrafts.content }).from(documentDrafts).get()?.content ?? "";
    database.db.update(documentDrafts).set({ content: JSON.stringify(editClauses(JSON.parse(draft), { replace: { [ids.kept]: `${KEPT} Nueva frase.` } })) }).run();
    publishVersion(database.db, editor, { slug: "p", changelog: "v3", baseVersion: 2 }, NOW);
    const v3 = listAnnotations(database.db, null, { id: versionId(3), number: 3 }, { offset: 0, limit: 10 });
    expect(v3.items.map((a) => [a.id, a.carryStatus, a.orphanReason])).toEqual([
      [open.id, "orphaned", "clause-removed"],
      [kept.id, "carried", null],
    ]);
    expect(listAnnotations(database.db, null, { id: versionId(2), number: 2 }, { offset: 0, limit: 10 }).items.find((a) => a.id === closed.id)?.resolution).toBe("closed");
  });

  it("pages the list and counts the total", () => {
    for (const word of ["Las", "bicicletas", "carril", "peatones"]) createAnnotation(database.db, resident, input(ids.kept, KEPT, word), NOW);
    const version = { id: versionId(1), number: 1 };
    const second = listAnnotations(database.db, null, version, { offset: 2, limit: 2 });
    expect(second.total).toBe(4);
    expect(second.items.map((a) => a.exact)).toEqual(["carril", "peatones"]);
  });
});

describe("hidden annotations and orphan settling", () => {
  it("shows hidden annotations as placeholders without body, except to moderators", () => {
    const made = createAnnotation(database.db, resident, input(ids.kept, KEPT, "carril bici"), NOW);
    database.db.update(annotations).set({ hiddenAt: NOW, hiddenReason: "Insultos", hiddenBy: moderator.id }).where(eq(annotations.id, made.id)).run();
    const version = { id: versionId(1), number: 1 };
    expect(listAnnotations(database.db, resident, version, { offset: 0, limit: 10 }).items[0]).toMatchObject({ body: null, hidden: { reason: "Insultos" } });
    expect(listAnnotations(database.db, moderator, version, { offset: 0, limit: 10 }).items[0]).toMatchObject({ body: "No estoy de acuerdo.", hidden: { reason: "Insultos" } });
  });

  it("lets staff re-attach or close orphans, audited; refuses residents and non-orphans", () => {
    const a = createAnnotation(database.db, resident, input(ids.deleted, DELETED, "motocicletas sobre las aceras"), NOW);
    const b = createAnnotation(database.db, resident, input(ids.rewritten, REWRITTEN, "no podrán circular por las aceras"), NOW);
    const c = createAnnotation(database.db, resident, input(ids.kept, KEPT, "carril bici"), NOW);
    publishV2();
    expect(() => resolveOrphan(database.db, resident, a.id, { action: "close" }, NOW)).toThrow(ForbiddenError);
    expect(() => resolveOrphan(database.db, editor, c.id, { action: "close" }, NOW)).toThrow(ValidationError);
    expect(() => resolveOrphan(database.db, editor, b.id, { action: "reattach", clauseId: ids.rewritten, start: 5, end: 500 }, NOW)).toThrow(ValidationError);

    resolveOrphan(database.db, moderator, a.id, { action: "close" }, NOW);
    resolveOrphan(database.db, editor, b.id, { action: "reattach", clauseId: ids.rewritten, start: 16, end: 43 }, NOW);
    const v2 = listAnnotations(database.db, null, { id: versionId(2), number: 2 }, { offset: 0, limit: 10 }).items;
    expect(v2.find((x) => x.id === a.id)).toMatchObject({ carryStatus: "orphaned", resolution: "closed" });
    expect(v2.find((x) => x.id === b.id)).toMatchObject({ carryStatus: "moved", resolution: "reattached", exact: "la circulación de patinetes", originalExact: "no podrán circular por las aceras" });
    const audit = database.db.select({ action: auditLog.action, actorId: auditLog.actorId }).from(auditLog).where(eq(auditLog.action, "annotation.resolveOrphan")).all();
    expect(audit).toEqual([
      { action: "annotation.resolveOrphan", actorId: moderator.id },
      { action: "annotation.resolveOrphan", actorId: editor.id },
    ]);
    expect(() => resolveOrphan(database.db, editor, a.id, { action: "close" }, NOW)).toThrow(ValidationError);
  });
});
