import type { OpenApiDocument, SchemaObject } from "../../server/api/openapi/types";

/**
 * A tiny checker of JSON values against the schema subset our OpenAPI document uses (type,
 * required, properties, items, enum, const, oneOf, $ref into components). It returns every mismatch as
 * "path: reason" so a failing test says exactly which field broke the contract. It is not a
 * general JSON Schema validator; it exists so contract tests need no new dependency.
 */
export function checkAgainstSchema(doc: OpenApiDocument, schema: SchemaObject, value: unknown, path = "$"): string[] {
  if (schema.$ref) {
    const target = resolveSchemaRef(doc, schema.$ref);
    if (!target) return [`${path}: unresolvable $ref ${schema.$ref}`];
    return checkAgainstSchema(doc, target, value, path);
  }
  const problems: string[] = [];
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((alternative) => checkAgainstSchema(doc, alternative, value, path).length === 0).length;
    if (matching !== 1) problems.push(`${path}: matches ${matching} of the ${schema.oneOf.length} oneOf alternatives, not exactly one`);
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, t))) return [`${path}: expected ${types.join(" | ")}, got ${describe(value)}`];
  }
  if (schema.enum && !schema.enum.includes(value as string | number | null)) {
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (schema.const !== undefined && value !== schema.const) problems.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (typeof value === "string" && schema.format === "date-time" && Number.isNaN(Date.parse(value))) {
    problems.push(`${path}: ${JSON.stringify(value)} is not a date-time`);
  }
  if (isObject(value)) {
    for (const key of schema.required ?? []) if (!(key in value)) problems.push(`${path}: missing required property "${key}"`);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (key in value) problems.push(...checkAgainstSchema(doc, sub, value[key], `${path}.${key}`));
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => problems.push(...checkAgainstSchema(doc, schema.items as SchemaObject, item, `${path}[${i}]`)));
  }
  return problems;
}

/** The schema a local `$ref` ("#/components/schemas/Name") points at, or undefined. */
export function resolveSchemaRef(doc: OpenApiDocument, ref: string): SchemaObject | undefined {
  const prefix = "#/components/schemas/";
  if (!ref.startsWith(prefix)) return undefined;
  return doc.components.schemas[ref.slice(prefix.length)];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    default:
      return typeof value === type;
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
