import { amendmentsApi } from "./amendments";
import { annotationsApi } from "./annotations";
import { collabApi } from "./collab";
import { common } from "./common";
import { debatesApi } from "./debates";
import { documentsApi } from "./documents";
import { draftingApi } from "./drafting";
import { meApi } from "./me";
import { participationApi } from "./participation";
import { processesApi } from "./processes";
import { sessionApi } from "./session";
import { submissionsApi } from "./submissions";
import { COOKIE } from "../../http/cookies";
import type { HttpMethod, OpenApiDocument, OpenApiFragment, PathItemObject, TagObject } from "./types";

/**
 * The fragments that make up API v1. A feature adds its endpoints by writing its own fragment
 * file beside these and listing it here; nobody edits a shared file of paths.
 */
export const FRAGMENTS: Record<string, OpenApiFragment> = {
  common,
  processes: processesApi,
  session: sessionApi,
  me: meApi,
  collab: collabApi,
  documents: documentsApi,
  drafting: draftingApi,
  annotations: annotationsApi,
  debates: debatesApi,
  amendments: amendmentsApi,
  participation: participationApi,
  submissions: submissionsApi,
};

/**
 * Merges fragments into one document. Two fragments defining the same operation or schema is
 * a programming error and throws, naming both, rather than letting the later one win silently.
 */
export function composeOpenApi(fragments: Record<string, OpenApiFragment>): OpenApiDocument {
  const paths: Record<string, PathItemObject> = {};
  const schemas: OpenApiDocument["components"]["schemas"] = {};
  const tags: TagObject[] = [];
  const pathOwner = new Map<string, string>();
  const schemaOwner = new Map<string, string>();
  for (const [name, fragment] of Object.entries(fragments)) {
    for (const tag of fragment.tags ?? []) {
      if (tags.some((t) => t.name === tag.name)) throw new Error(`OpenAPI: tag ${tag.name} is defined twice (again by "${name}")`);
      tags.push(tag);
    }
    for (const [path, item] of Object.entries(fragment.paths)) {
      const merged: PathItemObject = { ...paths[path] };
      for (const method of Object.keys(item) as HttpMethod[]) {
        const key = `${method.toUpperCase()} ${path}`;
        const owner = pathOwner.get(key);
        if (owner) throw new Error(`OpenAPI: ${key} is defined by both "${owner}" and "${name}"`);
        pathOwner.set(key, name);
        merged[method] = item[method];
      }
      paths[path] = merged;
    }
    for (const [schemaName, schema] of Object.entries(fragment.schemas)) {
      const owner = schemaOwner.get(schemaName);
      if (owner) throw new Error(`OpenAPI: schema ${schemaName} is defined by both "${owner}" and "${name}"`);
      schemaOwner.set(schemaName, name);
      schemas[schemaName] = schema;
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Redacta API",
      version: "1.0.0",
      description:
        "Public API of Redacta. JSON in and out, dates in ISO 8601 (UTC). Errors are " +
        "`{ error: { status, code, message } }`. Authenticate with a bearer token from `POST /api/v1/session`; " +
        "browsers may use their session cookie, and then every mutation needs the X-CSRF-Token header.",
      license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
    },
    servers: [{ url: "/" }],
    tags,
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A token from POST /api/v1/session, valid 30 days unless revoked." },
        cookieAuth: {
          type: "apiKey",
          in: "cookie",
          name: COOKIE.session,
          description: "The browser session. Mutations must also send the X-CSRF-Token header (the redacta_csrf cookie's value).",
        },
      },
    },
  };
}

let cached: OpenApiDocument | null = null;

/** The API v1 document (built once; it depends on nothing that changes at run time). */
export function openApiDocument(): OpenApiDocument {
  cached ??= composeOpenApi(FRAGMENTS);
  return cached;
}
