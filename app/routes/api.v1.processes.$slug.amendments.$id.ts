import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getAmendmentApi } from "../../server/api/amendments";
import { apiMethodNotAllowed } from "../../server/api/respond";

/** `GET /api/v1/processes/{slug}/amendments/{id}`: one amendment (drafts only for their co-authors). */
export function loader({ params, context }: LoaderFunctionArgs) {
  return getAmendmentApi(context.app, params.slug ?? "", params.id ?? "");
}

export function action(_args: ActionFunctionArgs) {
  return apiMethodNotAllowed(["GET"]);
}
