import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { annotations, auditLog, documentDrafts, documentVersions, processes, users } from "../../db/schema";
import { describeRange, versionText } from "../../server/services/annotations/anchoring";
import { hideAnnotation } from "../../server/services/annotations/hide";
import { editClauses } from "../support/annotations";
import { signedInClient } from "../support/docadmin";
import type { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

/**
 * /admin/orphans: staff list the latest version's open orphans and close or re-attach them
 * (through resolveOrphan, audited); residents get 403.
 */

const SLUG = "ordenanza-movilidad-sostenible";
const PATH = `/api/v1/processes/${SLUG}/annotations`;

let server: TestServer;
let author: TestClient;
let editor: TestClient;
let resident: TestClient;
let moderator: TestClient;
let hiddenId: number;
let clauses: Array<{ id: string; text: string }>;
const ids: number[] = [];

/** Posts an annotation on the first two words of clause `index` of version 1; returns its id. */
async function annotate(index: number, body: string): Promise<number> {
  const clause = clauses[index];
  if (!clause) throw new Error(`no clause ${index}`);
  const csrf = await author.csrf();
  const response = await author.fetch(PATH, {
    method: "POST",
    body: JSON.stringify({
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "Annotation",
      body: { type: "TextualBody", value: body, format: "text/plain" },
      target: { source: `${server.url}/api/v1/processes/${SLUG}/versions/1`, "redacta:clauseId": clause.id, selector: describeRange(clause.text, 0, 8) },
    }),
    headers: { "content-type": "application/ld+json", "x-csrf-token": csrf, origin: new URL(author.baseUrl).origin },
  });
  expect(response.status).toBe(201);
  const made = (await response.json()) as { id: string };
  return Number(made.id.split("/").pop());
}

beforeAll(async () => {
  server = await startTestServer();
  author = await signedInClient(server, "verified@example.org");
  editor = await signedInClient(server, "editor@example.org");
  resident = await signedInClient(server, "resident@example.org");
  moderator = await signedInClient(server, "moderator@example.org");
  const db = server.inspect.db;
  const processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get()?.id ?? 0;
  const content = db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).get()?.content ?? "";
  clauses = versionText("1", documentSchema.nodeFromJSON(JSON.parse(content))).clauses.filter((c) => c.text !== "");
  ids.push(await annotate(1, "Huérfano que se cerrará."), await annotate(1, "Huérfano que se reubicará."));
  // A third one moderation hid: only those who may read hidden bodies see its text in the queue.
  hiddenId = await annotate(1, "Huérfano con insultos ocultos.");
  const moderatorId = db.select({ id: users.id }).from(users).where(eq(users.email, "moderator@example.org")).get()?.id ?? 0;
  expect(hideAnnotation(db, hiddenId, { reason: "Lenguaje ofensivo", by: moderatorId, at: new Date() })).toBe(true);
  // Version 2 removes that paragraph: both annotations become orphans.
  const removed = clauses[1]?.id ?? "";
  const draft = db.select({ content: documentDrafts.content }).from(documentDrafts).where(eq(documentDrafts.processId, processId)).get()?.content ?? "";
  db.update(documentDrafts)
    .set({ content: JSON.stringify(editClauses(JSON.parse(draft), { remove: [removed] })), updatedAt: new Date() })
    .where(eq(documentDrafts.processId, processId))
    .run();
  expect((await editor.postForm(`/admin/processes/${SLUG}/publish`, { changelog: "Sin un párrafo", baseVersion: "1" })).status).toBe(303);
});

afterAll(async () => {
  await server?.stop();
});

function audited(id: number) {
  return server.inspect.db
    .select({ detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.action, "annotation.resolveOrphan"), eq(auditLog.targetId, String(id))))
    .all();
}

describe("/admin/orphans", () => {
  it("refuses residents (403) for the page and the action", async () => {
    expect((await resident.fetch("/admin/orphans")).status).toBe(403);
    expect((await resident.postForm("/admin/orphans", { intent: "close", annotationId: String(ids[0]) })).status).toBe(403);
    expect(server.inspect.db.select({ resolution: annotations.resolution }).from(annotations).where(eq(annotations.id, ids[0] ?? 0)).get()?.resolution).toBeNull();
  });

  it("lists the orphans with quote, body, version and reason, and a nav link for staff", async () => {
    const html = await (await editor.fetch("/admin/orphans")).text();
    expect(html).toContain('href="/admin/orphans"');
    expect(html).toContain("Huérfano que se cerrará.");
    expect(html).toContain("Huérfano que se reubicará.");
    expect(html).toContain("sobre la versión 1");
    expect(html).toContain("el artículo o párrafo se eliminó");
    expect(html).toContain(clauses[1]?.text.slice(0, 8) ?? "?");
  });

  it("shows a hidden orphan's body only to staff who may read hidden bodies; editors get the placeholder", async () => {
    const forEditor = await (await editor.fetch("/admin/orphans")).text();
    expect(forEditor).toContain(`comentario n.º ${hiddenId}`);
    expect(forEditor).not.toContain("Huérfano con insultos ocultos.");
    expect(forEditor).toContain("Oculto por moderación: Lenguaje ofensivo");
    const forModerator = await (await moderator.fetch("/admin/orphans")).text();
    expect(forModerator).toContain("Huérfano con insultos ocultos.");
  });

  it("closes an orphan, audited", async () => {
    const response = await editor.postForm("/admin/orphans", { intent: "close", annotationId: String(ids[0]) });
    expect(response.status).toBe(303);
    expect(server.inspect.db.select({ resolution: annotations.resolution }).from(annotations).where(eq(annotations.id, ids[0] ?? 0)).get()?.resolution).toBe("closed");
    expect(audited(ids[0] ?? 0)).toHaveLength(1);
    expect(await (await editor.fetch("/admin/orphans")).text()).not.toContain("Huérfano que se cerrará.");
  });

  it("re-attaches an orphan to words picked from a clause of the current version, audited", async () => {
    const target = clauses[0];
    if (!target) throw new Error("no clause");
    const step = await editor.fetch(`/admin/orphans?annotation=${ids[1]}&clause=${encodeURIComponent(target.id)}`);
    const html = await step.text();
    expect(step.status).toBe(200);
    expect(html).toContain('id="orphan-from"');
    expect(html).toContain('id="orphan-to"');
    const words = target.text.split(/\s+/).filter((w) => w !== "");
    const end = [...`${words[0]} ${words[1]}`].length;

    const bad = await editor.postForm("/admin/orphans", { intent: "reattach", annotationId: String(ids[1]), clauseId: target.id, start: "5", end: "2" });
    expect(bad.status).toBe(400);

    const response = await editor.postForm("/admin/orphans", { intent: "reattach", annotationId: String(ids[1]), clauseId: target.id, start: "0", end: String(end) });
    expect(response.status).toBe(303);
    const row = server.inspect.db.select({ status: annotations.carryStatus, resolution: annotations.resolution, clauseId: annotations.clauseId, exact: annotations.exact }).from(annotations).where(eq(annotations.id, ids[1] ?? 0)).get();
    expect(row).toEqual({ status: "moved", resolution: "reattached", clauseId: target.id, exact: `${words[0]} ${words[1]}` });
    expect(audited(ids[1] ?? 0)).toHaveLength(1);
  });
});
