import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { fileSubmissionApi, listSubmissionsApi } from "../../server/api/submissions";
import { apiMethodNotAllowed } from "../../server/api/respond";

/** `GET /api/v1/processes/{slug}/submissions`: the public register, paged. */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return listSubmissionsApi(request, context.app, params.slug ?? "");
}

/** `POST`: file a submission (multipart; bearer token or session). */
export function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiMethodNotAllowed(["GET", "POST"]);
  return fileSubmissionApi(request, context.app, params.slug ?? "");
}
