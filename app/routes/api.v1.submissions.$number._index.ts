import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getSubmissionApi } from "../../server/api/submissions";
import { apiMethodNotAllowed } from "../../server/api/respond";

/** `GET /api/v1/submissions/{number}`. */
export function loader({ params, context }: LoaderFunctionArgs) {
  return getSubmissionApi(context.app, params.number ?? "");
}

export function action(_args: ActionFunctionArgs) {
  return apiMethodNotAllowed(["GET"]);
}
