import { AMENDMENT_PAGE_SIZE } from "../../services/amendments";
import { errorResponses, optionalAuth } from "./common";
import { jsonResponse, ref, type OpenApiFragment, type SchemaObject } from "./types";

/** Amendments: proposed new wording for a clause, frozen with a content hash when submitted. */

const slugParam = { name: "slug", in: "path" as const, required: true, description: "The process's URL name.", schema: { type: "string" as const } };

const wording: SchemaObject = {
  type: ["object", "null"],
  description:
    "ProseMirror JSON of one article in the amendment schema: `{type:\"doc\",content:[{type:\"article\",attrs:{id,type},content:[heading, paragraph|list|table…]}]}`.",
};

const common = {
  id: { type: "integer" },
  kind: { type: "string", enum: ["modify", "add", "delete", "budget"], description: "modify or delete the clause, add a new article after it, or move money between budget lines." },
  status: { type: "string", enum: ["draft", "submitted", "withdrawn"] },
  clauseId: { type: "string", description: "The stable id of the clause amended (for add: the article it goes after; for budget: the budget — a budget line given when starting one stands for its budget)." },
  clauseLabel: { type: "string", examples: ["Artículo 7"] },
  organization: { type: ["object", "null"], required: ["name"], properties: { name: { type: "string" } }, description: "Filed on behalf of this organization." },
  supportCount: { type: "integer", minimum: 0 },
  createdAt: { type: "string", format: "date-time" },
  submittedAt: { type: ["string", "null"], format: "date-time" },
  withdrawnAt: { type: ["string", "null"], format: "date-time" },
  contentHash: {
    type: ["string", "null"],
    description: "`sha256:` + hex SHA-256 of the canonical JSON (keys sorted, no spaces) of `proposed`, recorded on submit; null for a draft.",
  },
  base: { ...wording, description: "The article as it stood in the version amended (modify, delete); null for add and budget." },
  proposed: {
    type: ["object", "null"],
    description: "The frozen content: the proposed wording (modify, add; see `base`), `{amounts:{lineId:cents}}` (budget), or null (delete, or a draft).",
  },
  links: {
    type: "object",
    required: ["self", "html"],
    properties: { self: { type: "string", description: "This resource." }, html: { type: "string", description: "The amendment's page on the site." } },
  },
} satisfies Record<string, SchemaObject>;

/** The amendments endpoints and their schemas. */
export const amendmentsApi: OpenApiFragment = {
  tags: [{ name: "amendments", description: "Amendments: proposed new wording for a clause, co-written live, frozen with a content hash on submit." }],
  paths: {
    "/api/v1/processes/{slug}/amendments": {
      get: {
        operationId: "listAmendments",
        summary: "One page of a process's public amendments",
        description:
          `Submitted amendments, and withdrawn ones that had been submitted, ${AMENDMENT_PAGE_SIZE} per page, most supported first. ` +
          "Drafts are private to their co-authors and never listed.",
        tags: ["amendments"],
        security: optionalAuth,
        parameters: [
          slugParam,
          { name: "status", in: "query", required: false, description: "Only submitted or only withdrawn amendments.", schema: { type: "string", enum: ["submitted", "withdrawn"] } },
          { name: "page", in: "query", required: false, description: "Page number (from 1).", schema: { type: "integer", minimum: 1 } },
        ],
        responses: {
          "200": jsonResponse("The page.", ref("AmendmentPage")),
          "400": errorResponses.badRequest,
          "404": errorResponses.notFound,
        },
      },
    },
    "/api/v1/processes/{slug}/amendments/{id}": {
      get: {
        operationId: "getAmendment",
        summary: "One amendment",
        description:
          "A public amendment for anyone. A draft answers 404 except to its co-authors (and staff who may follow drafts), " +
          "authenticated by bearer token or session cookie — exactly as on the site.",
        tags: ["amendments"],
        security: optionalAuth,
        parameters: [slugParam, { name: "id", in: "path", required: true, description: "The amendment's id.", schema: { type: "integer", minimum: 1 } }],
        responses: {
          "200": jsonResponse("The amendment.", ref("Amendment")),
          "404": errorResponses.notFound,
        },
      },
    },
  },
  schemas: {
    AmendmentSummary: {
      type: "object",
      required: [...Object.keys(common), "justification", "justificationTruncated", "authors"],
      properties: {
        ...common,
        justification: { type: "string", description: "Plain text, cut at 280 characters (see justificationTruncated)." },
        justificationTruncated: { type: "boolean" },
        authors: { type: "array", items: { type: "object", required: ["name"], properties: { name: { type: "string" } } }, description: "Co-authors, the one who started it first." },
      },
    },
    AmendmentPage: {
      type: "object",
      required: ["page", "pages", "pageSize", "total", "amendments"],
      properties: {
        page: { type: "integer", minimum: 1 },
        pages: { type: "integer", minimum: 1 },
        pageSize: { type: "integer", minimum: 1 },
        total: { type: "integer", minimum: 0 },
        amendments: { type: "array", items: ref("AmendmentSummary") },
      },
    },
    Amendment: {
      type: "object",
      required: [...Object.keys(common), "versionNumber", "justification", "authors", "parent", "children", "baseAmounts", "budgetLines", "viewer"],
      properties: {
        ...common,
        versionNumber: { type: "integer", minimum: 1, description: "The published version amended." },
        justification: { type: "string", description: "Plain text." },
        authors: {
          type: "array",
          items: { type: "object", required: ["name", "role"], properties: { name: { type: "string" }, role: { type: "string", enum: ["author", "coauthor"] } } },
        },
        parent: { type: ["object", "null"], required: ["id"], properties: { id: { type: "integer" } }, description: "The submitted amendment this one amends further." },
        children: {
          type: "array",
          items: { type: "object", required: ["id", "status"], properties: { id: { type: "integer" }, status: { type: "string", enum: ["draft", "submitted", "withdrawn"] } } },
        },
        baseAmounts: { type: ["object", "null"], additionalProperties: { type: "integer" }, description: "Budget amendments: line id → current amount in cents." },
        budgetLines: {
          type: ["array", "null"],
          items: {
            type: "object",
            required: ["id", "code", "programme", "district", "text", "amountCents"],
            properties: {
              id: { type: "string" },
              code: { type: "string" },
              programme: { type: "string" },
              district: { type: "string" },
              text: { type: "string" },
              amountCents: { type: "integer" },
            },
          },
        },
        viewer: {
          type: "object",
          required: ["isCoauthor", "hasSupported", "canSupport"],
          properties: { isCoauthor: { type: "boolean" }, hasSupported: { type: "boolean" }, canSupport: { type: "boolean" } },
        },
      },
    },
  },
};
