import { describe, expect, it } from "vitest";
import { composeOpenApi, FRAGMENTS, openApiDocument } from "../../server/api/openapi";
import type { OpenApiFragment } from "../../server/api/openapi/types";
import { checkAgainstSchema } from "../support/json-schema-check";

const doc = openApiDocument();

/** Every `$ref` string anywhere in a value. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, found);
  else if (typeof value === "object" && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

/** Follows a local JSON pointer ("#/a/b") in the document. */
function resolvePointer(pointer: string): unknown {
  if (!pointer.startsWith("#/")) return undefined;
  let node: unknown = doc;
  for (const raw of pointer.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ path, method, op: op! })),
);

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1.0 with info and at least the foundation's paths", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/processes", "/api/v1/processes/{slug}", "/api/v1/session", "/api/v1/me", "/api/v1/openapi.json"]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Process", "Phase", "Error", "Session", "Me"]));
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["bearerAuth", "cookieAuth"]);
  });

  it("resolves every $ref", () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => resolvePointer(r) === undefined)).toEqual([]);
  });

  it("gives every operation responses, a unique operationId, known tags and known security schemes", () => {
    expect(operations.length).toBeGreaterThanOrEqual(6);
    const tags = new Set(doc.tags.map((t) => t.name));
    const ids = new Set<string>();
    for (const { path, method, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(Object.keys(op.responses).length, where).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(op.responses)) {
        expect(status, where).toMatch(/^[1-5]\d\d$/);
        expect(response.description, `${where} ${status}`).toBeTruthy();
      }
      expect(ids.has(op.operationId), `duplicate operationId ${op.operationId}`).toBe(false);
      ids.add(op.operationId);
      for (const tag of op.tags) expect(tags.has(tag), `${where} tag ${tag}`).toBe(true);
      for (const requirement of op.security ?? []) {
        for (const scheme of Object.keys(requirement)) expect(doc.components.securitySchemes, where).toHaveProperty(scheme);
      }
    }
  });

  it("declares every path parameter, and only those", () => {
    for (const { path, method, op } of operations) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name).sort();
      expect(declared, `${method} ${path}`).toEqual(inPath);
      for (const p of (op.parameters ?? []).filter((q) => q.in === "path")) expect(p.required).toBe(true);
    }
  });

  it("lists every required property among the properties of its schema", () => {
    const walk = (schema: unknown, where: string): void => {
      if (typeof schema !== "object" || schema === null) return;
      const s = schema as { required?: unknown; properties?: Record<string, unknown> };
      // Parameters and request bodies use a boolean `required`; schemas use a list.
      for (const key of Array.isArray(s.required) ? s.required : []) expect(s.properties ?? {}, `${where} requires ${key}`).toHaveProperty(key);
      for (const [key, value] of Object.entries(schema)) walk(value, `${where}/${key}`);
    };
    walk(doc.components.schemas, "#/components/schemas");
    walk(doc.paths, "#/paths");
  });

  it("is plain JSON (survives a round trip unchanged)", () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("refuses two fragments that define the same operation or schema", () => {
    const clash: OpenApiFragment = { paths: { "/api/v1/me": { get: FRAGMENTS.me!.paths["/api/v1/me"]!.get! } }, schemas: {} };
    expect(() => composeOpenApi({ ...FRAGMENTS, clash })).toThrow(/GET \/api\/v1\/me is defined by both "me" and "clash"/);
    const schemaClash: OpenApiFragment = { paths: {}, schemas: { Error: { type: "object" } } };
    expect(() => composeOpenApi({ ...FRAGMENTS, schemaClash })).toThrow(/schema Error/);
  });
});

describe("the contract checker", () => {
  it("accepts a valid Process and pinpoints what is wrong in an invalid one", () => {
    const process = {
      id: 1,
      slug: "x",
      kind: "regulation",
      title: "T",
      summary: "",
      department: "",
      publishedAt: null,
      currentPhase: "debate",
      latestVersion: 1,
      phases: [{ kind: "debate", startsAt: "2026-01-01T00:00:00.000Z", endsAt: "2026-02-01T00:00:00.000Z", status: "open" }],
      url: "/processes/x",
    };
    const schema = { $ref: "#/components/schemas/Process" };
    expect(checkAgainstSchema(doc, schema, process)).toEqual([]);
    const broken = { ...process, kind: "poem", phases: [{ kind: "debate", startsAt: "soon", status: "open" }] };
    delete (broken as Partial<typeof process>).title;
    expect(checkAgainstSchema(doc, schema, broken)).toEqual([
      '$: missing required property "title"',
      '$.kind: "poem" is not one of ["regulation","budget"]',
      '$.phases[0]: missing required property "endsAt"',
      '$.phases[0].startsAt: "soon" is not a date-time',
    ]);
  });
});
