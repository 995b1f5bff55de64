import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { annotations, documentDrafts, documentVersions, phases, processes, users } from "../../db/schema";
import { openApiDocument } from "../../server/api/openapi";
import { describeRange, versionText } from "../../server/services/annotations/anchoring";
import { editClauses } from "../support/annotations";
import { apiSignIn } from "../support/api";
import { signedInClient } from "../support/docadmin";
import { checkAgainstSchema } from "../support/json-schema-check";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

const SLUG = "ordenanza-movilidad-sostenible";
const PATH = `/api/v1/processes/${SLUG}/annotations`;
const ANNO_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

let server: TestServer;
let resident: TestClient;
let editor: TestClient;
let token: string;
let processId: number;
/** The first three preamble paragraphs' ids and texts of version 1. */
let clauses: Array<{ id: string; text: string }>;

interface W3cAnnotation {
  id: string;
  type: string;
  body?: { type: string; value: string; format: string };
  target: { source: string; "redacta:clauseId"?: string; selector?: Array<Record<string, unknown>> };
  "redacta:carryStatus": string;
  "redacta:originalQuote": string;
  "redacta:madeOnVersion": number;
  "redacta:orphanReason"?: string;
}

beforeAll(async () => {
  server = await startTestServer();
  resident = await signedInClient(server, "verified@example.org");
  editor = await signedInClient(server, "editor@example.org");
  token = await apiSignIn(server, "resident@example.org");
  const db = server.inspect.db;
  processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get()?.id ?? 0;
  const content = db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).get()?.content ?? "";
  clauses = versionText("1", documentSchema.nodeFromJSON(JSON.parse(content))).clauses.filter((c) => c.text !== "");
});
afterAll(async () => {
  await server.stop();
});

/** A W3C annotation selecting `exact` in clause `index` of version `version`. */
function annotation(index: number, exact: string, body = "Comentario.", version = 1): Record<string, unknown> {
  const clause = clauses[index];
  if (!clause) throw new Error(`no clause ${index}`);
  const at = clause.text.indexOf(exact);
  if (at < 0) throw new Error(`"${exact}" not in clause ${index}`);
  const start = [...clause.text.slice(0, at)].length;
  const selector = describeRange(clause.text, start, start + [...exact].length);
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "Annotation",
    body: { type: "TextualBody", value: body, format: "text/plain" },
    target: { source: `${server.url}/api/v1/processes/${SLUG}/versions/${version}`, "redacta:clauseId": clause.id, selector },
  };
}

function postWithCookie(client: TestClient, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return client.csrf().then((csrf) =>
    client.fetch(PATH, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/ld+json", "x-csrf-token": csrf, origin: new URL(client.baseUrl).origin, ...headers },
    }),
  );
}

function postWithToken(body: unknown, bearer = token): Promise<Response> {
  return fetch(new URL(PATH, server.url), { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` } });
}

const stored = () => server.inspect.db.select({ n: count() }).from(annotations).get()?.n ?? 0;

function setAnnotationPhase(open: boolean): void {
  const now = Date.now();
  server.inspect.db
    .update(phases)
    .set(open ? { startsAt: new Date(now - 86_400_000), endsAt: new Date(now + 86_400_000) } : { startsAt: new Date(now - 2 * 86_400_000), endsAt: new Date(now - 86_400_000) })
    .where(and(eq(phases.processId, processId), eq(phases.kind, "annotation")))
    .run();
}

describe("POST annotations", () => {
  it("creates by session cookie + X-CSRF-Token: 201 with the stored W3C annotation", async () => {
    const response = await postWithCookie(resident, annotation(0, "movilidad de las personas", "<script>alert(1)</script> & <b>no</b>"));
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe(ANNO_TYPE);
    const body = (await response.json()) as W3cAnnotation & { "@context": unknown };
    expect(response.headers.get("location")).toBe(body.id);
    expect(body["@context"]).toEqual(["http://www.w3.org/ns/anno.jsonld", { redacta: "urn:redacta:annotation:" }]);
    expect(body).toMatchObject({
      type: "Annotation",
      body: { type: "TextualBody", value: "<script>alert(1)</script> & <b>no</b>", format: "text/plain" },
      target: { source: `${server.url}/api/v1/processes/${SLUG}/versions/1#${clauses[0]?.id}`, "redacta:clauseId": clauses[0]?.id },
      "redacta:carryStatus": "made_here",
      "redacta:madeOnVersion": 1,
    });
    expect(body.target.selector?.[0]).toMatchObject({ type: "TextQuoteSelector", exact: "movilidad de las personas", prefix: "La " });
    const doc = openApiDocument();
    const schema = doc.paths["/api/v1/processes/{slug}/annotations/"]?.post?.responses["201"]?.content?.[ANNO_TYPE]?.schema;
    expect(schema && checkAgainstSchema(doc, schema, body)).toEqual([]);
  });

  it("creates by bearer token without a CSRF token", async () => {
    const response = await postWithToken(annotation(1, "Ley 7/1985"));
    expect(response.status).toBe(201);
  });

  it("does not accept a cookie mutation without the CSRF header", async () => {
    const before = stored();
    const response = await resident.fetch(PATH, { method: "POST", body: JSON.stringify(annotation(0, "movilidad")), headers: { "content-type": "application/json" } });
    expect(response.status).toBe(403);
    expect(stored()).toBe(before);
  });

  it("answers 400 with the field and reason for a selector that does not match, storing nothing", async () => {
    const before = stored();
    const bad = annotation(0, "movilidad de las personas");
    const target = bad.target as { selector: Array<Record<string, unknown>> };
    target.selector[0] = { ...target.selector[0], exact: "movilidad de los coches" };
    const response = await postWithToken(bad);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_request", fields: { "target.selector": ["exact-mismatch"] } } });
    const noSelector = await postWithToken({ ...bad, target: { ...(bad.target as object), selector: [] } });
    expect(noSelector.status).toBe(400);
    expect(((await noSelector.json()) as { error: { fields: Record<string, unknown> } }).error.fields).toHaveProperty(["target.selector"]);
    expect(stored()).toBe(before);
  });

  it("refuses XSS payloads in the target's fields with 400 JSON, storing nothing", async () => {
    const before = stored();
    const xss = "<img src=x onerror=alert(1)>";
    const good = annotation(0, "movilidad de las personas");
    const target = good.target as { source: string; "redacta:clauseId": string; selector: Array<Record<string, unknown>> };
    const variants = [
      { ...good, target: { ...target, source: xss } },
      { ...good, target: { ...target, "redacta:clauseId": xss } },
      { ...good, target: { ...target, selector: [{ ...target.selector[0], exact: xss }, target.selector[1]] } },
      { ...good, target: { ...target, selector: [{ ...target.selector[0], prefix: xss }, target.selector[1]] } },
      { ...good, body: { type: "TextualBody", value: "ok", format: "text/html" } },
    ];
    for (const variant of variants) {
      const response = await postWithToken(variant);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    }
    expect(stored()).toBe(before);
  });

  it("answers a 100 KB body with 400 body.value too_long (under the 1 MiB pipeline limit, so not 413)", async () => {
    const before = stored();
    const response = await postWithToken(annotation(0, "movilidad", "x".repeat(100 * 1024)));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { fields: { "body.value": ["too_long"] } } });
    const huge = await postWithToken(annotation(0, "movilidad", "x".repeat(1100 * 1024)));
    expect(huge.status).toBe(413);
    expect(stored()).toBe(before);
  });

  it("answers 401 to anonymous callers and blocked ones (the pipeline signs blocked accounts out), 404 to unknown processes", async () => {
    const anonymous = new TestClient(server.url);
    expect((await postWithCookie(anonymous, annotation(0, "movilidad"))).status).toBe(401);
    const blockedToken = await apiSignIn(server, "ngo@example.org");
    server.inspect.db.update(users).set({ blockedAt: new Date() }).where(eq(users.email, "ngo@example.org")).run();
    // The service would refuse a blocked person with 403 (unit test); the HTTP layer already
    // treats a blocked account's token as invalid, so the API answers 401 before that.
    expect((await postWithToken(annotation(0, "movilidad"), blockedToken)).status).toBe(401);
    const missing = await fetch(new URL("/api/v1/processes/no-existe/annotations", server.url), {
      method: "POST",
      body: JSON.stringify(annotation(0, "movilidad")),
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    });
    expect(missing.status).toBe(404);
  });

  it("answers 403 phase_closed outside the annotation phase, even to an admin", async () => {
    const before = stored();
    setAnnotationPhase(false);
    try {
      const admin = await signedInClient(server, "admin@example.org");
      const response = await postWithCookie(admin, annotation(0, "movilidad"));
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: "phase_closed" } });
    } finally {
      setAnnotationPhase(true);
    }
    expect(stored()).toBe(before);
  });
});

describe("GET annotations", () => {
  it("returns a W3C AnnotationCollection as JSON-LD, readable anonymously, with bodies as plain JSON strings", async () => {
    const response = await fetch(new URL(`${PATH}?version=1`, server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(ANNO_TYPE);
    const text = await response.text();
    // JSON escapes nothing HTML-ish by itself, but nothing here is HTML: no markup is produced.
    const collection = JSON.parse(text) as { type: string[]; total: number; first: { type: string; items: W3cAnnotation[] } };
    const doc = openApiDocument();
    const schema = doc.paths["/api/v1/processes/{slug}/annotations/"]?.get?.responses["200"]?.content?.[ANNO_TYPE]?.schema;
    expect(schema && checkAgainstSchema(doc, schema, collection)).toEqual([]);
    expect(collection).toMatchObject({ type: ["BasicContainer", "AnnotationCollection"], total: 2, first: { type: "AnnotationPage" } });
    expect(collection.first.items.map((a) => a.body?.value)).toEqual(["<script>alert(1)</script> & <b>no</b>", "Comentario."]);
    expect(response.headers.get("content-type")).not.toContain("html");
  });

  it("serves a page on its own with partOf, and 404 past the last page", async () => {
    const response = await fetch(new URL(`${PATH}?version=1&page=1`, server.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ type: "AnnotationPage", startIndex: 0, partOf: `${server.url}${PATH}/?version=1` });
    expect((await fetch(new URL(`${PATH}?version=1&page=2`, server.url))).status).toBe(404);
  });

  it("answers 400 for a bad version parameter and 404 for a missing version", async () => {
    expect((await fetch(new URL(`${PATH}?version=abc`, server.url))).status).toBe(400);
    expect((await fetch(new URL(`${PATH}?version=99`, server.url))).status).toBe(404);
  });
});

describe("GET one annotation and hidden placeholders", () => {
  it("dereferences an annotation's id; a hidden one keeps its place without body except for moderators", async () => {
    const made = (await (await postWithToken(annotation(0, "ciudad", "Texto a ocultar"))).json()) as W3cAnnotation;
    const one = await fetch(made.id);
    expect(one.status).toBe(200);
    expect(one.headers.get("content-type")).toBe(ANNO_TYPE);
    expect(await one.json()).toMatchObject({ id: made.id, body: { value: "Texto a ocultar" }, "redacta:carryStatus": "made_here" });
    expect((await fetch(new URL(`${PATH}/999999`, server.url))).status).toBe(404);
    expect((await fetch(new URL(`${PATH}/abc`, server.url))).status).toBe(404);

    const id = Number(made.id.split("/").at(-1));
    const moderatorId = server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, "moderator@example.org")).get()?.id ?? null;
    server.inspect.db.update(annotations).set({ hiddenAt: new Date(), hiddenReason: "Fuera de tema", hiddenBy: moderatorId }).where(eq(annotations.id, id)).run();
    const anonymous = (await (await fetch(made.id)).json()) as W3cAnnotation & { "redacta:hiddenReason"?: string };
    expect(anonymous.body).toBeUndefined();
    expect(anonymous["redacta:hiddenReason"]).toBe("Fuera de tema");
    const list = (await (await fetch(new URL(`${PATH}?version=1`, server.url))).json()) as { first: { items: W3cAnnotation[] } };
    expect(list.first.items.find((a) => a.id === made.id)?.body).toBeUndefined();
    const moderator = await signedInClient(server, "moderator@example.org");
    const seen = (await (await moderator.get(new URL(made.id).pathname)).json()) as W3cAnnotation;
    expect(seen.body?.value).toBe("Texto a ocultar");
  });
});

describe("publishing version 2 re-anchors the annotations", () => {
  it("carries, moves or orphans them as the engine decides, and the API shows status and original quote", async () => {
    const kept = (await (await postWithToken(annotation(2, "obligaciones nuevas"))).json()) as W3cAnnotation;
    const rewritten = (await (await postWithToken(annotation(3, "sustituye a la Ordenanza Municipal de Circulación de 2004"))).json()) as W3cAnnotation;
    const deleted = (await (await postWithToken(annotation(4, "principios de buena regulación"))).json()) as W3cAnnotation;
    const [c3, c4] = [clauses[3], clauses[4]];
    if (!c3 || !c4) throw new Error("demo preamble too short");

    const db = server.inspect.db;
    const draft = db.select({ content: documentDrafts.content }).from(documentDrafts).where(eq(documentDrafts.processId, processId)).get()?.content ?? "";
    const v2 = editClauses(JSON.parse(draft), {
      replace: { [c3.id]: c3.text.replace("sustituye a la Ordenanza Municipal de Circulación de 2004", "deroga expresamente el texto municipal anterior sobre tráfico urbano") },
      remove: [c4.id],
    });
    db.update(documentDrafts).set({ content: JSON.stringify(v2), updatedAt: new Date() }).where(eq(documentDrafts.processId, processId)).run();
    const publish = await editor.postForm(`/admin/processes/${SLUG}/publish`, { changelog: "Segunda versión", baseVersion: "1" });
    expect(publish.status).toBe(303);

    const response = await fetch(new URL(`${PATH}?version=2`, server.url));
    const collection = (await response.json()) as { total: number; first: { items: W3cAnnotation[] } };
    const byId = new Map(collection.first.items.map((a) => [a.id, a]));
    const doc = openApiDocument();
    const schema = doc.paths["/api/v1/processes/{slug}/annotations/"]?.get?.responses["200"]?.content?.[ANNO_TYPE]?.schema;
    expect(schema && checkAgainstSchema(doc, schema, collection)).toEqual([]);
    expect(collection.total).toBe(6);
    expect(byId.get(kept.id)).toMatchObject({
      "redacta:carryStatus": "carried",
      "redacta:madeOnVersion": 1,
      target: { source: `${server.url}/api/v1/processes/${SLUG}/versions/2#${clauses[2]?.id}`, selector: [{ exact: "obligaciones nuevas" }, {}] },
    });
    const moved = byId.get(rewritten.id);
    expect(["moved", "orphaned"]).toContain(moved?.["redacta:carryStatus"]);
    expect(moved?.["redacta:originalQuote"]).toBe("sustituye a la Ordenanza Municipal de Circulación de 2004");
    expect(byId.get(deleted.id)).toMatchObject({ "redacta:carryStatus": "orphaned", "redacta:orphanReason": "clause-removed", "redacta:originalQuote": "principios de buena regulación" });
    expect(byId.get(deleted.id)?.target.selector).toBeUndefined();

    // Version 1 still lists them where they were made; new annotations must target version 2.
    const v1 = (await (await fetch(new URL(`${PATH}?version=1`, server.url))).json()) as { first: { items: W3cAnnotation[] } };
    expect(new Set(v1.first.items.map((a) => a["redacta:carryStatus"]))).toEqual(new Set(["made_here"]));
    const stale = await postWithToken(annotation(0, "movilidad"));
    expect(stale.status).toBe(400);
    expect(await stale.json()).toMatchObject({ error: { fields: { "target.source": ["not_latest_version"] } } });
    expect((await postWithToken(annotation(0, "movilidad", "Sobre la v2", 2))).status).toBe(201);
  });
});
