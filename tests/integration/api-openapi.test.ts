import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../server/api/openapi/types";
import { apiSignIn, getWithToken } from "../support/api";
import { checkAgainstSchema } from "../support/json-schema-check";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let doc: OpenApiDocument;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  const response = await fetch(new URL("/api/v1/openapi.json", server.url));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  doc = (await response.json()) as OpenApiDocument;
  // An admin sees everything, so every documented endpoint has something to show.
  token = await apiSignIn(server, "admin@example.org");
});

afterAll(async () => {
  await server.stop();
});

describe("the served OpenAPI document", () => {
  it("is OpenAPI 3.1.0", () => {
    expect(doc.openapi).toBe("3.1.0");
  });

  it("answers every documented parameterless GET with 200 JSON that has the documented shape", async () => {
    // Parameterless: no path template and no required query parameter.
    const paths = Object.entries(doc.paths).filter(
      ([path, item]) => item.get && !path.includes("{") && !(item.get.parameters ?? []).some((p) => "required" in p && p.required),
    );
    expect(paths.map(([p]) => p)).toEqual(expect.arrayContaining(["/api/v1/processes", "/api/v1/me", "/api/v1/openapi.json"]));
    for (const [path, item] of paths) {
      const response = await getWithToken(server, path, token);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toBe("application/json; charset=utf-8");
      const schema = item.get?.responses["200"]?.content?.["application/json"]?.schema;
      expect(schema, `${path} documents its 200 body`).toBeDefined();
      if (!schema) continue;
      expect(checkAgainstSchema(doc, schema, await response.json()), path).toEqual([]);
    }
  });

  it("describes the parameterised GETs and the errors too", async () => {
    const detail = doc.paths["/api/v1/processes/{slug}"]?.get;
    const ok = await getWithToken(server, "/api/v1/processes/ordenanza-movilidad-sostenible", token);
    expect(checkAgainstSchema(doc, detail!.responses["200"]!.content!["application/json"]!.schema, await ok.json())).toEqual([]);
    const missing = await getWithToken(server, "/api/v1/processes/no-existe", token);
    expect(missing.status).toBe(404);
    expect(checkAgainstSchema(doc, detail!.responses["404"]!.content!["application/json"]!.schema, await missing.json())).toEqual([]);
  });
});

describe("the W3C annotation operations in the OpenAPI document", () => {
  const ANNO = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';
  const CONTAINER = "/api/v1/processes/{slug}/annotations/";
  const ONE = "/api/v1/processes/{slug}/annotations/{id}";
  const base = "/api/v1/processes/ordenanza-movilidad-sostenible";

  it("documents every method the container and an annotation answer", () => {
    expect(Object.keys(doc.paths[CONTAINER] ?? {}).sort()).toEqual(["get", "head", "options", "post"]);
    expect(Object.keys(doc.paths[ONE] ?? {}).sort()).toEqual(["delete", "get", "head", "options", "put"]);
  });

  it("describes the bodies of a minimal container, an IRIs page, a PUT, an ambiguous quote and a 410", async () => {
    const json = (response: Response) => response.json() as Promise<unknown>;
    const auth = { authorization: `Bearer ${token}` };
    const post = (body: unknown) => fetch(new URL(`${base}/annotations/`, server.url), { method: "POST", headers: { ...auth, "content-type": "application/ld+json" }, body: JSON.stringify(body) });
    const v1 = `${server.url}${base}/versions/1`;
    const ambiguous = await post({ type: "Annotation", body: { type: "TextualBody", value: "¿Dónde?" }, target: { source: v1, selector: { type: "TextQuoteSelector", exact: "movilidad" } } });
    expect(ambiguous.status).toBe(409);
    expect(checkAgainstSchema(doc, doc.paths[CONTAINER]!.post!.responses["409"]!.content!["application/json"]!.schema, await json(ambiguous))).toEqual([]);
    const candidate = ((await (await post({ type: "Annotation", body: { type: "TextualBody", value: "x" }, target: { source: v1, selector: { type: "TextQuoteSelector", exact: "movilidad" } } })).json()) as {
      error: { candidates: unknown[] };
    }).error.candidates[0];
    const created = await post({ type: "Annotation", body: { type: "TextualBody", value: "Aquí." }, target: candidate });
    expect(created.status).toBe(201);
    const made = (await created.json()) as Record<string, unknown> & { id: string };

    const containerSchema = doc.paths[CONTAINER]!.get!.responses["200"]!.content![ANNO]!.schema;
    const minimal = await fetch(new URL(`${base}/annotations/`, server.url), { headers: { prefer: 'return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer http://www.w3.org/ns/oa#PreferContainedIRIs"' } });
    const minimalBody = (await minimal.json()) as { first: string };
    expect(checkAgainstSchema(doc, containerSchema, minimalBody)).toEqual([]);
    expect(checkAgainstSchema(doc, containerSchema, await json(await fetch(minimalBody.first)))).toEqual([]);

    const put = await fetch(made.id, { method: "PUT", headers: { ...auth, "content-type": "application/ld+json" }, body: JSON.stringify({ ...made, body: { type: "TextualBody", value: "Aquí mismo." } }) });
    expect(put.status).toBe(200);
    expect(checkAgainstSchema(doc, doc.paths[ONE]!.put!.responses["200"]!.content![ANNO]!.schema, await json(put))).toEqual([]);
    expect((await fetch(made.id, { method: "DELETE", headers: auth })).status).toBe(204);
    const gone = await fetch(made.id);
    expect(gone.status).toBe(410);
    expect(checkAgainstSchema(doc, doc.paths[ONE]!.get!.responses["410"]!.content!["application/json"]!.schema, await json(gone))).toEqual([]);
  });
});
