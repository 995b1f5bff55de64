import { z } from "zod";
import type { AppContext } from "../context";
import { NotFoundError } from "../errors";
import { listClauseThread, loadDebateContext, THREAD_SORTS, type CommentView } from "../services/debates/comments";
import { apiError, apiJson } from "./respond";

/** The clause debate API: one page of a clause's thread as JSON. */

const ThreadQuery = z.object({
  sort: z.enum(THREAD_SORTS).default("most_supported"),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
});

/** One comment as JSON (dates as ISO strings; a hidden one without body, with the reason). */
export function commentToJson(c: CommentView): Record<string, unknown> {
  return {
    id: c.id,
    parentId: c.parentId,
    depth: c.depth,
    author: { name: c.author.name },
    ...(c.body === null ? {} : { body: c.body }),
    hidden: c.hidden,
    stance: c.stance,
    official: c.official,
    createdAt: c.createdAt.toISOString(),
    supports: c.supports,
    supportedByViewer: c.supportedByViewer,
    replies: c.replies.map(commentToJson),
  };
}

/** `GET /api/v1/processes/{slug}/clauses/{clauseId}/comments?sort=&page=`. */
export function listClauseCommentsApi(request: Request, app: AppContext, slug: string, clauseId: string): Response {
  const params = new URL(request.url).searchParams;
  const query = ThreadQuery.safeParse({ sort: params.get("sort") ?? undefined, page: params.get("page") ?? undefined });
  if (!query.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of query.error.issues) fields[issue.path.join(".")] = [...(fields[issue.path.join(".")] ?? []), issue.message];
    return apiError(400, "invalid_request", "The query is invalid; see `fields`.", { fields });
  }
  let process: { id: number; slug: string };
  try {
    process = loadDebateContext(app.db, app.user, slug, clauseId, app.now()).process;
  } catch (error) {
    if (error instanceof NotFoundError) return apiError(404, "not_found", `No ${error.entity} here.`);
    throw error;
  }
  const thread = listClauseThread(app.db, app.user, process.id, clauseId, query.data);
  if (query.data.page > thread.pageCount) return apiError(404, "not_found", "No such page.");
  return apiJson(
    { clauseId, sort: thread.sort, page: thread.page, pageCount: thread.pageCount, total: thread.total, comments: thread.comments.map(commentToJson) },
    { personal: app.user !== null },
  );
}
