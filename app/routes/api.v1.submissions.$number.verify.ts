import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { verifySubmissionApi } from "../../server/api/submissions";
import { apiMethodNotAllowed } from "../../server/api/respond";

/** `GET /api/v1/submissions/{number}/verify?hash=sha256:…`: public receipt verification. */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return verifySubmissionApi(request, context.app, params.number ?? "");
}

export function action(_args: ActionFunctionArgs) {
  return apiMethodNotAllowed(["GET"]);
}
