import { THREAD_PAGE_SIZE } from "../../services/debates/comments";
import { errorResponses, optionalAuth } from "./common";
import { jsonResponse, ref, type OpenApiFragment } from "./types";

/** Clause debates: a clause's thread of comments and replies. */
export const debatesApi: OpenApiFragment = {
  tags: [{ name: "debates", description: "Threads of comments on each clause (by stable clause id)." }],
  paths: {
    "/api/v1/processes/{slug}/clauses/{clauseId}/comments": {
      get: {
        operationId: "listClauseComments",
        summary: "One page of a clause's debate thread",
        description:
          `Top-level comments, ${THREAD_PAGE_SIZE} per page, each with its replies (at most three levels, oldest first). ` +
          "Hidden comments keep their place without `body`, with `hidden.reason`. `supportedByViewer` is about the caller.",
        tags: ["debates"],
        security: optionalAuth,
        parameters: [
          { name: "slug", in: "path", required: true, description: "The process's URL name.", schema: { type: "string" } },
          { name: "clauseId", in: "path", required: true, description: "The stable clause id.", schema: { type: "string" } },
          { name: "sort", in: "query", required: false, description: "Order of top-level comments (default most_supported).", schema: { type: "string", enum: ["most_supported", "newest", "oldest"] } },
          { name: "page", in: "query", required: false, description: "Page number (from 1).", schema: { type: "integer", minimum: 1 } },
        ],
        responses: {
          "200": jsonResponse("The page of the thread.", ref("CommentThread")),
          "400": errorResponses.badRequest,
          "404": errorResponses.notFound,
        },
      },
    },
  },
  schemas: {
    Comment: {
      type: "object",
      required: ["id", "parentId", "depth", "author", "hidden", "stance", "official", "createdAt", "supports", "supportedByViewer", "replies"],
      properties: {
        id: { type: "integer" },
        parentId: { type: ["integer", "null"] },
        depth: { type: "integer", minimum: 0, description: "0 for a comment on the clause, 1 and 2 for replies." },
        author: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
        body: { type: "string", description: "Plain text; absent when hidden (except for moderators)." },
        hidden: { type: ["object", "null"], properties: { reason: { type: "string" } } },
        stance: { type: ["string", "null"], enum: ["for", "against", "neutral", null] },
        official: { type: "boolean", description: "An official answer from council staff." },
        createdAt: { type: "string", format: "date-time" },
        supports: { type: "integer", minimum: 0 },
        supportedByViewer: { type: "boolean" },
        replies: { type: "array", items: ref("Comment") },
      },
    },
    CommentThread: {
      type: "object",
      required: ["clauseId", "sort", "page", "pageCount", "total", "comments"],
      properties: {
        clauseId: { type: "string" },
        sort: { type: "string", enum: ["most_supported", "newest", "oldest"] },
        page: { type: "integer", minimum: 1 },
        pageCount: { type: "integer", minimum: 1 },
        total: { type: "integer", minimum: 0, description: "Top-level comments in the whole thread." },
        comments: { type: "array", items: ref("Comment") },
      },
    },
  },
};
