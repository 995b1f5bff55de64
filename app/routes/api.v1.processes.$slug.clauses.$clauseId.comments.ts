import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listClauseCommentsApi } from "../../server/api/debates";
import { apiMethodNotAllowed } from "../../server/api/respond";

/** `GET /api/v1/processes/{slug}/clauses/{clauseId}/comments?sort=&page=`: a clause's thread. */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return listClauseCommentsApi(request, context.app, params.slug ?? "", params.clauseId ?? "");
}

/** Comments are written through the clause page's forms for now. */
export function action(_args: ActionFunctionArgs) {
  return apiMethodNotAllowed(["GET"]);
}
