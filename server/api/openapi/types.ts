/**
 * The subset of OpenAPI 3.1 that Redacta's document uses, typed so that a fragment with a typo
 * in a key fails the type check instead of producing a silently wrong document.
 */

/** A JSON Schema (2020-12 dialect, as OpenAPI 3.1 uses it), restricted to what we write. */
export interface SchemaObject {
  $ref?: string;
  type?: JsonType | JsonType[];
  description?: string;
  format?: string;
  enum?: ReadonlyArray<string | number | null>;
  const?: string | number | boolean;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  items?: SchemaObject;
  oneOf?: SchemaObject[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  examples?: unknown[];
}

export type JsonType = "object" | "array" | "string" | "integer" | "number" | "boolean" | "null";

export interface MediaTypeObject {
  schema: SchemaObject;
}

export interface HeaderObject {
  description: string;
  schema: SchemaObject;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject>;
  content?: Record<string, MediaTypeObject>;
}

export interface ParameterObject {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: SchemaObject;
}

export interface RequestBodyObject {
  required: boolean;
  content: Record<string, MediaTypeObject>;
}

/** A security requirement: scheme name → scopes (always empty here). `{}` means "anonymous is fine". */
export type SecurityRequirement = Record<string, string[]>;

export interface OperationObject {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject>;
  security?: SecurityRequirement[];
}

export type HttpMethod = "get" | "head" | "options" | "post" | "put" | "patch" | "delete";

export type PathItemObject = Partial<Record<HttpMethod, OperationObject>>;

/** What each feature contributes: its paths and the schemas they reference. */
export interface OpenApiFragment {
  /** Tags this fragment introduces (operations name them in `tags`). */
  tags?: TagObject[];
  paths: Record<string, PathItemObject>;
  schemas: Record<string, SchemaObject>;
}

export interface SecuritySchemeObject {
  type: "http" | "apiKey";
  scheme?: string;
  in?: "cookie" | "header";
  name?: string;
  description: string;
}

export interface TagObject {
  name: string;
  description: string;
}

/** The whole document. */
export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string; license: { name: string; identifier: string } };
  servers: Array<{ url: string }>;
  tags: TagObject[];
  paths: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, SchemaObject>;
    securitySchemes: Record<string, SecuritySchemeObject>;
  };
}

/** A reference to a schema in components. */
export function ref(name: string): SchemaObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** A JSON response whose body follows `schema`. */
export function jsonResponse(description: string, schema: SchemaObject, headers?: Record<string, HeaderObject>): ResponseObject {
  return { description, ...(headers ? { headers } : {}), content: { "application/json": { schema } } };
}
