import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { comments, commentSupports, documentVersions, flags, phases, processes } from "../../db/schema";
import { describeRange, versionText } from "../../server/services/annotations/anchoring";
import { signedInClient } from "../support/docadmin";
import type { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

/**
 * Every action on a target (an annotation or a comment) first asks the policy whether the actor
 * may see it (content.view). A target in an unpublished process answers exactly like an id that
 * does not exist — same status, same body — and nothing is stored, so ids cannot be probed.
 */

const SLUG = "ordenanza-movilidad-sostenible";
const DAY = 86_400_000;
const MISSING = 987_654_321;

let server: TestServer;
let author: TestClient;
let resident: TestClient;
let processId: number;
let clauseId: string;
let page: string;
let commentId: number;
let annotationId: number;

beforeAll(async () => {
  server = await startTestServer();
  author = await signedInClient(server, "verified@example.org");
  resident = await signedInClient(server, "resident@example.org");
  const db = server.inspect.db;
  processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get()?.id ?? 0;
  const content = db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).get()?.content ?? "";
  const clause = versionText("1", documentSchema.nodeFromJSON(JSON.parse(content))).clauses.find((c) => c.text.length > 8);
  if (!clause) throw new Error("no clause");
  clauseId = clause.id;
  page = `/processes/${SLUG}/clauses/${clauseId}`;
  const now = Date.now();
  db.delete(phases).where(and(eq(phases.processId, processId), eq(phases.kind, "debate"))).run();
  db.insert(phases).values({ processId, kind: "debate", startsAt: new Date(now - DAY), endsAt: new Date(now + DAY) }).run();

  // Made while the process is public, through the real forms and API.
  expect((await author.postForm(page, { intent: "comment", formKey: "new", stance: "", body: "Comentario que dejará de verse." })).status).toBe(303);
  commentId = db.select({ id: comments.id }).from(comments).orderBy(comments.id).all().at(-1)?.id ?? 0;
  const csrf = await author.csrf();
  const made = await author.fetch(`/api/v1/processes/${SLUG}/annotations`, {
    method: "POST",
    body: JSON.stringify({
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "Annotation",
      body: { type: "TextualBody", value: "Anotación que dejará de verse.", format: "text/plain" },
      target: { source: `${server.url}/api/v1/processes/${SLUG}/versions/1`, "redacta:clauseId": clause.id, selector: describeRange(clause.text, 0, 8) },
    }),
    headers: { "content-type": "application/ld+json", "x-csrf-token": csrf, origin: new URL(author.baseUrl).origin },
  });
  expect(made.status).toBe(201);
  annotationId = Number(((await made.json()) as { id: string }).id.split("/").pop());

  // The council takes the process back out of public view.
  db.update(processes).set({ publishedAt: null }).where(eq(processes.id, processId)).run();
});

afterAll(async () => {
  await server?.stop();
});

const flagRows = () => server.inspect.db.select({ n: count() }).from(flags).get()?.n ?? 0;
const commentRows = () => server.inspect.db.select({ n: count() }).from(comments).get()?.n ?? 0;
const supportRows = () => server.inspect.db.select({ n: count() }).from(commentSupports).get()?.n ?? 0;

/** A response body without what differs on every response (CSP nonce, fresh CSRF token). */
function comparable(body: string): string {
  return body.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/(name="_csrf"[^>]*value=|"csrfToken":)"[^"]*"/g, '$1""');
}

interface TargetAction {
  name: string;
  /** The hidden target's id, read after beforeAll. */
  hiddenId: () => number;
  send: (id: number) => Promise<Response>;
  /** Rows that must not grow. */
  stored: () => number;
}

const ACTIONS: TargetAction[] = [
  { name: "flag a comment (POST /flags)", hiddenId: () => commentId, send: (id) => resident.postForm("/flags", { targetType: "comment", targetId: String(id), reason: "Spam" }), stored: flagRows },
  { name: "flag an annotation (POST /flags)", hiddenId: () => annotationId, send: (id) => resident.postForm("/flags", { targetType: "annotation", targetId: String(id), reason: "Spam" }), stored: flagRows },
  { name: "flag a comment from its clause page", hiddenId: () => commentId, send: (id) => resident.postForm(page, { intent: "flag", formKey: `flag-${id}`, commentId: String(id), reason: "Spam" }), stored: flagRows },
  { name: "reply to a comment", hiddenId: () => commentId, send: (id) => resident.postForm(page, { intent: "comment", formKey: `reply-${id}`, stance: "", parentId: String(id), body: "Respuesta" }), stored: commentRows },
  { name: "support a comment", hiddenId: () => commentId, send: (id) => resident.postForm(page, { intent: "support", formKey: `support-${id}`, commentId: String(id) }), stored: supportRows },
];

describe("an action on a target the actor may not see answers like a missing target", () => {
  for (const action of ACTIONS) {
    it(`${action.name}: 404 identical to a random id, nothing stored`, async () => {
      const before = action.stored();
      const hidden = await action.send(action.hiddenId());
      const missing = await action.send(MISSING);
      expect(hidden.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(hidden.headers.get("content-type")).toBe(missing.headers.get("content-type"));
      expect(comparable(await hidden.text())).toBe(comparable(await missing.text()));
      expect(action.stored()).toBe(before);
    });
  }

  it("the same flags are accepted once the process is public again (the ids are real)", async () => {
    server.inspect.db.update(processes).set({ publishedAt: new Date() }).where(eq(processes.id, processId)).run();
    expect((await resident.postForm("/flags", { targetType: "comment", targetId: String(commentId), reason: "Spam" })).status).toBe(303);
    expect((await resident.postForm("/flags", { targetType: "annotation", targetId: String(annotationId), reason: "Spam" })).status).toBe(303);
    expect(flagRows()).toBe(2);
  });
});
