import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amendments } from "../../db/schema";
import type { OpenApiDocument } from "../../server/api/openapi/types";
import { contentHash } from "../../server/services/documents/content-hash";
import { apiSignIn, getWithToken } from "../support/api";
import { checkAgainstSchema } from "../support/json-schema-check";
import { startTestServer, type TestServer } from "../support/server";

const SLUG = "ordenanza-movilidad-sostenible";
const LIST = `/api/v1/processes/${SLUG}/amendments`;

let server: TestServer;
let doc: OpenApiDocument;
let draftId: number;
let submittedId: number;

interface Summary {
  id: number;
  status: string;
  kind: string;
  clauseLabel: string;
  justification: string;
  authors: Array<{ name: string }>;
  supportCount: number;
  contentHash: string;
  base: unknown;
  proposed: unknown;
  links: { self: string; html: string };
}

beforeAll(async () => {
  server = await startTestServer();
  doc = (await (await fetch(new URL("/api/v1/openapi.json", server.url))).json()) as OpenApiDocument;
  const rows = server.inspect.db.select({ id: amendments.id, status: amendments.status }).from(amendments).all();
  draftId = rows.find((r) => r.status === "draft")?.id ?? 0;
  submittedId = rows.find((r) => r.status === "submitted")?.id ?? 0;
});

afterAll(async () => {
  await server.stop();
});

const schemaOf = (path: string, status: string) => doc.paths[path]?.get?.responses[status]?.content?.["application/json"]?.schema;

describe("GET /api/v1/processes/{slug}/amendments", () => {
  it("lists the public amendments with their wording, hash and supports, in the documented shape; never drafts", async () => {
    const response = await fetch(new URL(LIST, server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = (await response.json()) as { page: number; pages: number; total: number; amendments: Summary[] };
    expect(checkAgainstSchema(doc, schemaOf("/api/v1/processes/{slug}/amendments", "200")!, body)).toEqual([]);
    expect(body).toMatchObject({ page: 1, pages: 1, total: 1 });
    expect(body.amendments.map((a) => a.id)).toEqual([submittedId]);
    const [a] = body.amendments;
    expect(a).toMatchObject({ status: "submitted", kind: "modify", supportCount: 3, authors: [{ name: "Antonio Ruiz" }] });
    expect(a?.clauseLabel).toMatch(/^Artículo \d+$/);
    expect(a?.contentHash).toBe(contentHash(a?.proposed));
    expect(JSON.stringify(a?.base)).toContain("quince minutos");
    expect(JSON.stringify(a?.proposed)).toContain("treinta minutos");
    expect(a?.links).toEqual({ self: `${LIST}/${submittedId}`, html: `/processes/${SLUG}/amendments/${submittedId}` });
    // Not even the draft's own co-author sees it in the public list.
    const mine = (await (await getWithToken(server, LIST, await apiSignIn(server, "ngo@example.org"))).json()) as { amendments: Summary[] };
    expect(mine.amendments.map((x) => x.id)).not.toContain(draftId);
  });

  it("pages: 20 per page, page past the end 404, bad page or status 400, unknown process 404", async () => {
    // More public amendments, written straight into the database (the services are unit-tested).
    const base = server.inspect.db.select().from(amendments).where(eq(amendments.id, submittedId)).get();
    if (!base) throw new Error("no submitted amendment");
    const { id: _id, ...copy } = base;
    for (let i = 0; i < 21; i++) server.inspect.db.insert(amendments).values({ ...copy, supportCount: 0, status: i === 0 ? "withdrawn" : "submitted", withdrawnAt: i === 0 ? new Date() : null }).run();
    const first = (await (await fetch(new URL(LIST, server.url))).json()) as { pages: number; total: number; amendments: Summary[] };
    expect(first).toMatchObject({ pages: 2, total: 22 });
    expect(first.amendments).toHaveLength(20);
    expect(first.amendments[0]?.id).toBe(submittedId);
    const second = (await (await fetch(new URL(`${LIST}?page=2`, server.url))).json()) as { amendments: Summary[] };
    expect(second.amendments).toHaveLength(2);
    const withdrawn = (await (await fetch(new URL(`${LIST}?status=withdrawn`, server.url))).json()) as { total: number; amendments: Summary[] };
    expect(withdrawn.total).toBe(1);
    expect(withdrawn.amendments[0]?.status).toBe("withdrawn");
    expect((await fetch(new URL(`${LIST}?page=3`, server.url))).status).toBe(404);
    for (const bad of ["page=0", "page=x", "status=draft"]) expect((await fetch(new URL(`${LIST}?${bad}`, server.url))).status, bad).toBe(400);
    expect((await fetch(new URL("/api/v1/processes/no-existe/amendments", server.url))).status).toBe(404);
  });
});

describe("GET /api/v1/processes/{slug}/amendments/{id}", () => {
  it("gives a public amendment in full, in the documented shape", async () => {
    const response = await fetch(new URL(`${LIST}/${submittedId}`, server.url));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(checkAgainstSchema(doc, schemaOf("/api/v1/processes/{slug}/amendments/{id}", "200")!, body)).toEqual([]);
    expect(body).toMatchObject({ id: submittedId, status: "submitted", supportCount: 3, parent: null, versionNumber: 1, authors: [{ name: "Antonio Ruiz", role: "author" }] });
    expect(String(body.justification).length).toBeGreaterThan(100);
  });

  it("answers 404 for a draft to anonymous callers and non-co-authors, and shows it to a co-author's bearer token", async () => {
    expect((await fetch(new URL(`${LIST}/${draftId}`, server.url))).status).toBe(404);
    expect((await getWithToken(server, `${LIST}/${draftId}`, await apiSignIn(server, "resident@example.org"))).status).toBe(404);
    const mine = await getWithToken(server, `${LIST}/${draftId}`, await apiSignIn(server, "verified@example.org"));
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as { status: string; viewer: { isCoauthor: boolean } })).toMatchObject({ status: "draft", viewer: { isCoauthor: true } });
  });

  it("answers 404 for unknown ids, malformed ids and the right id under another process", async () => {
    for (const path of [`${LIST}/999999`, `${LIST}/abc`, `${LIST}/0`, `/api/v1/processes/presupuestos-participativos-2027/amendments/${submittedId}`]) {
      const response = await fetch(new URL(path, server.url));
      expect(response.status, path).toBe(404);
      expect(checkAgainstSchema(doc, schemaOf("/api/v1/processes/{slug}/amendments/{id}", "404")!, await response.json())).toEqual([]);
    }
  });

  it("refuses other methods with 405", async () => {
    const token = await apiSignIn(server, "verified@example.org");
    const response = await fetch(new URL(LIST, server.url), { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{}" });
    expect(response.status).toBe(405);
  });
});

