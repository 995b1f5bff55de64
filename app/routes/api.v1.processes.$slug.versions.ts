import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { publishVersionApi } from "../../server/api/process-drafting";
import { apiError, apiJson, apiMethodNotAllowed } from "../../server/api/respond";
import { serializeVersion } from "../../server/services/documents/version-json";
import { listVersions } from "../../server/services/documents/versions";
import { findVisibleProcess } from "../../server/services/processes";

/** `GET /api/v1/processes/{slug}/versions`: the published versions, newest first. */
export function loader({ params, context }: LoaderFunctionArgs) {
  const { db, user, now } = context.app;
  const process = findVisibleProcess(db, user, params.slug ?? "", now());
  if (!process) return apiError(404, "not_found", "No process with this slug.");
  return apiJson({ versions: listVersions(db, process.id).map(serializeVersion) }, { personal: user !== null });
}

/** `POST /api/v1/processes/{slug}/versions`: publish the draft (staff bearer tokens). */
export function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiMethodNotAllowed(["GET", "POST"]);
  return publishVersionApi(request, context.app, params.slug ?? "");
}
