import type { ActionFunctionArgs } from "@remix-run/node";
import { postDraftApi } from "../../server/api/process-drafting";
import { apiMethodNotAllowed } from "../../server/api/respond";

/** `POST /api/v1/processes/{slug}/draft`: import a Markdown or DOCX body as the draft (staff bearer tokens). */
export function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiMethodNotAllowed(["POST"]);
  return postDraftApi(request, context.app, params.slug ?? "");
}

/** The draft is read on the site; the API only replaces it. */
export function loader() {
  return apiMethodNotAllowed(["POST"]);
}
