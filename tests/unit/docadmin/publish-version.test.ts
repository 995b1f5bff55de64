import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildBudget, buildRegulation, CLAUSE_NODE_TYPES, documentSchema } from "../../../collab/schema";
import { openDatabase, type Database_ } from "../../../db/connection";
import { auditLog, documentDrafts, documentVersions, processes, users } from "../../../db/schema";
import { ForbiddenError } from "../../../server/errors";
import type { CurrentUser } from "../../../server/services/current-user";
import { DraftChangedError, PublishError, publishVersion, VersionConflictError } from "../../../server/services/documents/publish-version";

const NOW = new Date("2026-05-01T10:00:00Z");
let database: Database_;
let editor: CurrentUser;

function staff(id: number, roles: CurrentUser["staffRoles"]): CurrentUser {
  return { id, email: `u${id}@example.org`, name: `U${id}`, locale: "es", verified: true, blocked: false, staffRoles: roles, organizations: [] };
}

function setup(content: unknown, slug = "p"): number {
  const { db } = database;
  const process = db.insert(processes).values({ slug, kind: "regulation", title: "P", createdAt: NOW }).returning({ id: processes.id }).get();
  db.insert(documentDrafts).values({ processId: process.id, content: JSON.stringify(content), updatedAt: NOW }).run();
  return process.id;
}

const regulation = () => buildRegulation({ title: "T", chapters: [{ heading: "C", articles: [{ heading: "A", paragraphs: ["uno", "dos"] }] }] });

beforeEach(() => {
  database = openDatabase(":memory:");
  const row = database.db.insert(users).values({ email: "e@example.org", name: "E", passwordHash: "x", locale: "es", createdAt: NOW }).returning({ id: users.id }).get();
  editor = staff(row.id, ["editor"]);
});
afterEach(() => database.close());

describe("publishVersion", () => {
  it("publishes the draft as version 1 with hash, changelog and an audit entry", () => {
    const processId = setup(regulation().toJSON());
    const result = publishVersion(database.db, editor, { slug: "p", changelog: "Primera", baseVersion: 0 }, NOW);
    expect(result.number).toBe(1);
    expect(result.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const versions = database.db.select({ number: documentVersions.number, changelog: documentVersions.changelog }).from(documentVersions).where(eq(documentVersions.processId, processId)).all();
    expect(versions).toEqual([{ number: 1, changelog: "Primera" }]);
    const audit = database.db.select({ action: auditLog.action }).from(auditLog).all();
    expect(audit).toEqual([{ action: "version.publish" }]);
  });

  it("lets exactly one of two publishes from the same base win; the other is a conflict", () => {
    setup(regulation().toJSON());
    publishVersion(database.db, editor, { slug: "p", changelog: "a", baseVersion: 0 }, NOW);
    expect(() => publishVersion(database.db, editor, { slug: "p", changelog: "b", baseVersion: 0 }, NOW)).toThrow(VersionConflictError);
    expect(database.db.select({ n: documentVersions.number }).from(documentVersions).all()).toHaveLength(1);
    expect(database.db.select({ action: auditLog.action }).from(auditLog).all()).toHaveLength(1);
  });

  it("the unique index decides when another writer got there first", () => {
    setup(regulation().toJSON());
    // A version row with the same number inserted behind the service's back.
    const processId = database.db.select({ id: processes.id }).from(processes).get()?.id ?? 0;
    database.db.insert(documentVersions).values({ processId, number: 1, content: "{}", contentHash: "sha256:x", publishedAt: NOW }).run();
    expect(() => publishVersion(database.db, editor, { slug: "p", changelog: "late", baseVersion: 0 }, NOW)).toThrow(VersionConflictError);
  });

  it("refuses a draft identical to the latest version", () => {
    setup(regulation().toJSON());
    publishVersion(database.db, editor, { slug: "p", changelog: "a", baseVersion: 0 }, NOW);
    expect(() => publishVersion(database.db, editor, { slug: "p", changelog: "b", baseVersion: 1 }, NOW)).toThrow(
      expect.objectContaining({ code: "unchanged" }),
    );
  });

  it("refuses a draft that keeps no article of the latest version unless confirmed, and a draft that changed since it was read", () => {
    const processId = setup(regulation().toJSON());
    publishVersion(database.db, editor, { slug: "p", changelog: "a", baseVersion: 0 }, NOW);
    // A fresh build: same words, but every clause id is new (an unrelated import keeps none).
    const later = new Date(NOW.getTime() + 1000);
    database.db.update(documentDrafts).set({ content: JSON.stringify(regulation().toJSON()), updatedAt: later }).where(eq(documentDrafts.processId, processId)).run();
    expect(() => publishVersion(database.db, editor, { slug: "p", changelog: "b", baseVersion: 1 }, NOW)).toThrow(expect.objectContaining({ code: "drops_all" }));
    expect(() => publishVersion(database.db, editor, { slug: "p", changelog: "b", baseVersion: 1, confirmDropAll: true, draftUpdatedAt: NOW }, NOW)).toThrow(DraftChangedError);
    expect(database.db.select({ n: documentVersions.number }).from(documentVersions).all()).toHaveLength(1);
    expect(publishVersion(database.db, editor, { slug: "p", changelog: "b", baseVersion: 1, confirmDropAll: true, draftUpdatedAt: later }, NOW).number).toBe(2);
  });

  it("assigns ids to clauses lacking one and renames later duplicates, keeping the first", () => {
    const json = regulation().toJSON() as { content: Array<{ content: Array<{ content: Array<{ attrs: { id: string | null } }> }> }> };
    const article = json.content[1]?.content[1];
    const first = article?.content[1];
    const second = article?.content[2];
    if (!first || !second) throw new Error("unexpected outline");
    const keep = first.attrs.id;
    second.attrs.id = keep;
    const chapter = json.content[1] as unknown as { attrs: { id: string | null } };
    chapter.attrs.id = null;
    const processId = setup(json);
    const result = publishVersion(database.db, editor, { slug: "p", changelog: "a", baseVersion: 0 }, NOW);
    expect(result.reassignedIds).toBe(2);
    const stored = database.db.select({ content: documentVersions.content }).from(documentVersions).get();
    const doc = documentSchema.nodeFromJSON(JSON.parse(stored?.content ?? "{}"));
    const ids: string[] = [];
    doc.descendants((n) => {
      if (CLAUSE_NODE_TYPES.has(n.type.name)) ids.push(String(n.attrs.id));
    });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(keep);
    // The draft carries the same ids, so the next version continues them.
    const draft = database.db.select({ content: documentDrafts.content }).from(documentDrafts).where(eq(documentDrafts.processId, processId)).get();
    expect(draft?.content).toBe(stored?.content);
  });

  it("refuses a budget that does not add up, listing the mismatch", () => {
    const budget = buildBudget({ title: "B", totalCents: 500, districts: [{ name: "Centro", totalCents: 300, lines: [{ code: "C", programme: "1", description: "x", amountCents: 200 }] }] });
    database.db.update(processes).set({ kind: "budget" }).run();
    setup(budget.toJSON());
    try {
      publishVersion(database.db, editor, { slug: "p", changelog: "a", baseVersion: 0 }, NOW);
      throw new Error("expected PublishError");
    } catch (error) {
      expect(error).toBeInstanceOf(PublishError);
      expect((error as PublishError).mismatches).toEqual([
        { scope: "district", district: "Centro", declaredCents: 300, actualCents: 200 },
        { scope: "overall", district: "", declaredCents: 500, actualCents: 200 },
      ]);
    }
    expect(database.db.select({ n: documentVersions.number }).from(documentVersions).all()).toEqual([]);
  });

  it("refuses a draft the schema rejects", () => {
    setup({ type: "doc", content: [{ type: "paragraph" }] });
    expect(() => publishVersion(database.db, editor, { slug: "p", changelog: "a", baseVersion: 0 }, NOW)).toThrow(
      expect.objectContaining({ code: "invalid_document" }),
    );
  });

  it("is forbidden to residents", () => {
    setup(regulation().toJSON());
    expect(() => publishVersion(database.db, staff(editor.id, []), { slug: "p", changelog: "a", baseVersion: 0 }, NOW)).toThrow(ForbiddenError);
  });
});
