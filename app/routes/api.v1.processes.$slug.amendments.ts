import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listAmendmentsApi } from "../../server/api/amendments";
import { apiMethodNotAllowed } from "../../server/api/respond";

/** `GET /api/v1/processes/{slug}/amendments?status=&page=`: a process's public amendments. */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return listAmendmentsApi(request, context.app, params.slug ?? "");
}

/** Amendments are written on the site, co-authored live; the API reads them. */
export function action(_args: ActionFunctionArgs) {
  return apiMethodNotAllowed(["GET"]);
}
