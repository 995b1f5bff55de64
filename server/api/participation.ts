import type { AppContext } from "../context";
import { myAmendments, type MyAmendment } from "../services/participation";
import { apiError, apiJson } from "./respond";

/**
 * `GET /api/v1/me/amendments`: the amendments the caller co-authors, drafts included — the same
 * list as the "my participation" page — by bearer token or session cookie.
 */

/** One of the caller's amendments as JSON. */
export function myAmendmentToJson(a: MyAmendment): Record<string, unknown> {
  return {
    id: a.id,
    process: { slug: a.process.slug, title: a.process.title },
    clauseId: a.clauseId,
    clauseLabel: a.clauseLabel,
    kind: a.kind,
    status: a.status,
    role: a.starter ? "author" : "coauthor",
    supportCount: a.supportCount,
    createdAt: a.createdAt.toISOString(),
    submittedAt: a.submittedAt?.toISOString() ?? null,
    withdrawnAt: a.withdrawnAt?.toISOString() ?? null,
    links: { self: `/api/v1/processes/${a.process.slug}/amendments/${a.id}`, html: a.href },
  };
}

/** The answer: 401 without a signed-in caller, otherwise every amendment they co-author. */
export function listMyAmendmentsApi(app: AppContext): Response {
  const { user } = app;
  if (!user) {
    return apiError(401, "unauthenticated", "Sign in: send a bearer token or the session cookie.", {
      headers: { "WWW-Authenticate": 'Bearer realm="redacta"' },
    });
  }
  const items = myAmendments(app.db, user, app.now()).map(myAmendmentToJson);
  return apiJson({ items, total: items.length }, { personal: true });
}
