import { errorResponses, requiredAuth } from "./common";
import { jsonResponse, ref, type OpenApiFragment } from "./types";

/** `GET /api/v1/me/amendments`: the caller's own amendments, drafts included. */
export const participationApi: OpenApiFragment = {
  tags: [],
  paths: {
    "/api/v1/me/amendments": {
      get: {
        operationId: "listMyAmendments",
        summary: "The amendments the signed-in person co-authors, drafts included, newest first (at most 200)",
        tags: ["account"],
        security: requiredAuth,
        responses: {
          "200": jsonResponse("The caller's amendments.", {
            type: "object",
            required: ["items", "total"],
            properties: {
              items: { type: "array", items: ref("MyAmendment") },
              total: { type: "integer", minimum: 0 },
            },
          }),
          "401": errorResponses.unauthorized,
        },
      },
    },
  },
  schemas: {
    MyAmendment: {
      type: "object",
      required: ["id", "process", "clauseId", "clauseLabel", "kind", "status", "role", "supportCount", "createdAt", "submittedAt", "withdrawnAt", "links"],
      properties: {
        id: { type: "integer" },
        process: {
          type: "object",
          required: ["slug", "title"],
          properties: { slug: { type: "string" }, title: { type: "string" } },
        },
        clauseId: { type: "string", description: "Stable id of the amended clause." },
        clauseLabel: { type: "string" },
        kind: { type: "string", enum: ["modify", "add", "delete", "budget"] },
        status: { type: "string", enum: ["draft", "submitted", "withdrawn"], description: "Drafts are visible only to their co-authors." },
        role: { type: "string", enum: ["author", "coauthor"], description: "Whether the caller started the amendment or joined it." },
        supportCount: { type: "integer", minimum: 0 },
        createdAt: { type: "string", format: "date-time" },
        submittedAt: { type: ["string", "null"], format: "date-time" },
        withdrawnAt: { type: ["string", "null"], format: "date-time" },
        links: {
          type: "object",
          required: ["self", "html"],
          properties: { self: { type: "string" }, html: { type: "string" } },
        },
      },
    },
  },
};
