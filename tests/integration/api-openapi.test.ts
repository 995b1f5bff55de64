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
