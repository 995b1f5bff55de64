import { z } from "zod";
import type { AppContext } from "../context";
import { NotFoundError } from "../errors";
import { AMENDMENT_PAGE_SIZE, listProcessAmendments, loadAmendment, type AmendmentDetail, type AmendmentSummary } from "../services/amendments";
import { apiError, apiJson } from "./respond";

/**
 * The amendments API: a process's public amendments page by page, and one amendment. Public
 * means submitted once (possibly withdrawn since). A draft answers 404 to everyone except its
 * co-authors (and staff who may watch drafts), exactly as on the site — whether they authenticate
 * with a bearer token or the session cookie — so a draft's existence never leaks.
 */

const ListQuery = z.object({
  status: z.enum(["submitted", "withdrawn"]).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
});

/** URLs of an amendment: this API resource and its page on the site. */
function links(slug: string, id: number) {
  return { self: `/api/v1/processes/${slug}/amendments/${id}`, html: `/processes/${slug}/amendments/${id}` };
}

/** One amendment of a list as JSON (justification cut at 280 characters, see `justificationTruncated`). */
export function amendmentSummaryToJson(slug: string, a: AmendmentSummary): Record<string, unknown> {
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    clauseId: a.clauseId,
    clauseLabel: a.clauseLabel,
    justification: a.justification,
    justificationTruncated: a.justificationTruncated,
    authors: a.authors.map((name) => ({ name })),
    organization: a.organization === null ? null : { name: a.organization },
    supportCount: a.supportCount,
    createdAt: a.createdAt.toISOString(),
    submittedAt: a.submittedAt?.toISOString() ?? null,
    withdrawnAt: a.withdrawnAt?.toISOString() ?? null,
    contentHash: a.contentHash,
    base: a.base,
    proposed: a.content,
    links: links(slug, a.id),
  };
}

/** One amendment in full as JSON. */
export function amendmentDetailToJson(a: AmendmentDetail): Record<string, unknown> {
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    versionNumber: a.versionNumber,
    clauseId: a.clauseId,
    clauseLabel: a.clauseLabel,
    justification: a.justification,
    authors: a.authors.map((x) => ({ name: x.name, role: x.role })),
    organization: a.organization === null ? null : { name: a.organization.name },
    parent: a.parent,
    children: a.children,
    supportCount: a.supportCount,
    createdAt: a.createdAt.toISOString(),
    submittedAt: a.submittedAt?.toISOString() ?? null,
    withdrawnAt: a.withdrawnAt?.toISOString() ?? null,
    contentHash: a.contentHash,
    base: a.base,
    baseAmounts: a.baseAmounts,
    budgetLines: a.budgetLines?.map((l) => ({ id: l.id, code: l.code, programme: l.programme, district: l.district, text: l.text, amountCents: l.amountCents })) ?? null,
    proposed: a.content,
    viewer: { isCoauthor: a.viewer.isCoauthor, hasSupported: a.viewer.hasSupported, canSupport: a.viewer.canSupport },
    links: links(a.process.slug, a.id),
  };
}

function invalidQuery(error: z.ZodError): Response {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) fields[issue.path.join(".")] = [...(fields[issue.path.join(".")] ?? []), issue.message];
  return apiError(400, "invalid_request", "The query is invalid; see `fields`.", { fields });
}

/** `GET /api/v1/processes/{slug}/amendments?status=&page=`. */
export function listAmendmentsApi(request: Request, app: AppContext, slug: string): Response {
  const params = new URL(request.url).searchParams;
  const query = ListQuery.safeParse({ status: params.get("status") ?? undefined, page: params.get("page") ?? undefined });
  if (!query.success) return invalidQuery(query.error);
  let page;
  try {
    page = listProcessAmendments(app.db, app.user, slug, query.data, app.now());
  } catch (error) {
    if (error instanceof NotFoundError) return apiError(404, "not_found", "No such process.");
    throw error;
  }
  if (query.data.page > page.pages) return apiError(404, "not_found", "No such page.");
  return apiJson(
    { page: page.page, pages: page.pages, pageSize: AMENDMENT_PAGE_SIZE, total: page.total, amendments: page.items.map((a) => amendmentSummaryToJson(slug, a)) },
    { personal: app.user !== null },
  );
}

/** `GET /api/v1/processes/{slug}/amendments/{id}`. */
export function getAmendmentApi(app: AppContext, slug: string, rawId: string): Response {
  if (!/^[1-9]\d{0,14}$/.test(rawId)) return apiError(404, "not_found", "No such amendment.");
  let detail: AmendmentDetail;
  try {
    detail = loadAmendment(app.db, app.user, Number(rawId), app.now());
  } catch (error) {
    if (error instanceof NotFoundError) return apiError(404, "not_found", "No such amendment.");
    throw error;
  }
  // The same id under another process's URL does not exist.
  if (detail.process.slug !== slug) return apiError(404, "not_found", "No such amendment.");
  return apiJson(amendmentDetailToJson(detail), { personal: true });
}
