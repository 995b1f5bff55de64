import { CLAUSE_KINDS } from "../../../collab/schema/clauses";
import { ARTICLE_TYPES } from "../../../collab/schema/document-schema";
import { errorResponses, optionalAuth } from "./common";
import { jsonResponse, ref, type OpenApiFragment, type ParameterObject, type SchemaObject } from "./types";

const slug: ParameterObject = { name: "slug", in: "path", required: true, description: "The process's URL name.", schema: { type: "string" } };
const versionParam = (name: string, description: string): ParameterObject => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "integer", minimum: 1 },
});

const textParts: SchemaObject = {
  type: "array",
  description: "Word-level diff: equal + delete parts rebuild the old text, equal + insert parts the new one.",
  items: {
    type: "object",
    required: ["type", "text"],
    properties: { type: { type: "string", enum: ["equal", "insert", "delete"] }, text: { type: "string" } },
  },
};

/** Published versions of a process's document: list, clause tree, Akoma Ntoso, diff. */
export const documentsApi: OpenApiFragment = {
  tags: [{ name: "documents", description: "Published versions of a process's document, their exports and comparisons." }],
  paths: {
    "/api/v1/processes/{slug}/versions": {
      get: {
        operationId: "listVersions",
        summary: "The published versions of a process's document",
        description: "Newest first. 404 when the process does not exist or is unpublished and you may not see it.",
        tags: ["documents"],
        security: optionalAuth,
        parameters: [slug],
        responses: {
          "200": jsonResponse("The versions.", {
            type: "object",
            required: ["versions"],
            properties: { versions: { type: "array", items: ref("Version") } },
          }),
          "401": errorResponses.unauthorized,
          "404": errorResponses.notFound,
        },
      },
    },
    "/api/v1/processes/{slug}/versions/{n}": {
      get: {
        operationId: "getVersion",
        summary: "One version with its clause tree",
        description: "Numbers and labels are derived from position; ids and anchors are stable across versions.",
        tags: ["documents"],
        security: optionalAuth,
        parameters: [slug, versionParam("n", "Version number.")],
        responses: {
          "200": jsonResponse("The version.", {
            type: "object",
            required: ["version"],
            properties: {
              version: {
                type: "object",
                required: ["number", "publishedAt", "changelog", "contentHash", "title", "clauses"],
                properties: {
                  number: { type: "integer" },
                  publishedAt: { type: "string", format: "date-time" },
                  changelog: { type: "string" },
                  contentHash: { type: "string" },
                  title: { type: "string" },
                  clauses: { type: "array", items: ref("Clause") },
                },
              },
            },
          }),
          "401": errorResponses.unauthorized,
          "404": errorResponses.notFound,
        },
      },
    },
    "/api/v1/processes/{slug}/versions/{n}/akn": {
      get: {
        operationId: "getVersionAkomaNtoso",
        summary: "One version as Akoma Ntoso 3.0 XML",
        description:
          "Regulations are an `act`, budgets a `doc` named `budget`. eIds derive from stable clause ids " +
          "(`art_<id>`, `art_<id>__para_<id>`); FRBR metadata carries the version number and date, the proprietary block the content hash.",
        tags: ["documents"],
        security: optionalAuth,
        parameters: [slug, versionParam("n", "Version number.")],
        responses: {
          "200": { description: "The XML document.", content: { "application/akn+xml": { schema: { type: "string" } } } },
          "401": errorResponses.unauthorized,
          "404": errorResponses.notFound,
        },
      },
    },
    "/api/v1/processes/{slug}/versions/{a}/diff/{b}": {
      get: {
        operationId: "diffVersions",
        summary: "Clause-level comparison of two versions",
        description: "Clauses are matched by stable id. Moves are siblings out of the longest common order, or a new parent.",
        tags: ["documents"],
        security: optionalAuth,
        parameters: [slug, versionParam("a", "The old version."), versionParam("b", "The new version.")],
        responses: {
          "200": jsonResponse("The diff.", {
            type: "object",
            required: ["diff"],
            properties: {
              diff: {
                type: "object",
                required: ["from", "to", "summary", "clauses"],
                properties: {
                  from: { type: "integer" },
                  to: { type: "integer" },
                  summary: ref("DiffSummary"),
                  clauses: { type: "array", items: ref("ClauseDiff") },
                },
              },
            },
          }),
          "401": errorResponses.unauthorized,
          "404": errorResponses.notFound,
        },
      },
    },
  },
  schemas: {
    Version: {
      type: "object",
      description: "An immutable published version.",
      required: ["number", "publishedAt", "changelog", "contentHash"],
      properties: {
        number: { type: "integer", minimum: 1 },
        publishedAt: { type: "string", format: "date-time" },
        changelog: { type: "string" },
        contentHash: { type: "string", description: "sha256: + hex digest of the canonical JSON of the document." },
      },
    },
    Clause: {
      type: "object",
      description: "An addressable unit of a document.",
      required: ["id", "kind", "number", "label", "heading", "text", "anchor", "children"],
      properties: {
        id: { type: "string", description: "Stable clause id; survives versions." },
        kind: { type: "string", enum: [...CLAUSE_KINDS] },
        articleType: { type: "string", enum: [...ARTICLE_TYPES], description: "Articles only: which numbering sequence." },
        number: { type: "string", examples: ["II", "12", "12.2", "a)", "primera", "C-01"] },
        label: { type: "string", description: "Spanish legal label.", examples: ["Capítulo II", "Artículo 12", "Disposición adicional primera"] },
        heading: { type: "string" },
        text: { type: "string", description: "Plain text of the clause's own content (not its children)." },
        anchor: { type: "string", description: "Permalink fragment on the reading page, stable across versions.", examples: ["art-k3m9q2r7xz"] },
        amountCents: { type: "integer", description: "Budget lines: the amount in cents." },
        code: { type: "string", description: "Budget lines: the line code." },
        children: { type: "array", items: ref("Clause") },
      },
    },
    DiffSummary: {
      type: "object",
      required: ["added", "removed", "modified", "moved", "renumbered", "unchanged"],
      properties: {
        added: { type: "integer" },
        removed: { type: "integer" },
        modified: { type: "integer" },
        moved: { type: "integer" },
        renumbered: { type: "integer" },
        unchanged: { type: "integer" },
      },
    },
    ClauseSide: {
      type: "object",
      required: ["number", "label", "heading", "text", "anchor", "parentId"],
      properties: {
        number: { type: "string" },
        label: { type: "string" },
        heading: { type: "string" },
        text: { type: "string" },
        anchor: { type: "string" },
        parentId: { type: ["string", "null"] },
        amountCents: { type: "integer" },
        totalCents: { type: "integer" },
        code: { type: "string" },
      },
    },
    ClauseDiff: {
      type: "object",
      description: "One clause in merged order (removed clauses appear where they were).",
      required: ["id", "kind", "status", "moved", "renumbered", "depth", "old", "new"],
      properties: {
        id: { type: "string" },
        kind: { type: "string", enum: [...CLAUSE_KINDS] },
        status: { type: "string", enum: ["unchanged", "modified", "added", "removed"] },
        moved: { type: "boolean" },
        renumbered: { type: "boolean" },
        depth: { type: "integer" },
        old: { oneOf: [ref("ClauseSide"), { type: "null" }] },
        new: { oneOf: [ref("ClauseSide"), { type: "null" }] },
        headingParts: textParts,
        textParts,
      },
    },
  },
};
