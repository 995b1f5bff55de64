import type { LoaderFunctionArgs } from "@remix-run/node";
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

export function action() {
  return apiMethodNotAllowed(["GET"]);
}
