import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, apiJson, apiMethodNotAllowed } from "../../server/api/respond";
import { documentTitle } from "../../collab/schema/clauses";
import { serializeVersionTree } from "../../server/services/documents/version-json";
import { lookupVersion } from "../utils/versions-api.server";

/** `GET /api/v1/processes/{slug}/versions/{n}`: one version with its clause tree. */
export function loader({ params, context }: LoaderFunctionArgs) {
  const found = lookupVersion(context.app, params.slug, params.n);
  if (!found.ok) return apiError(404, "not_found", found.reason === "process" ? "No process with this slug." : "No published version with this number.");
  return apiJson(serializeVersionTree(found.version, documentTitle(found.version.doc)), { personal: context.app.user !== null });
}

export function action() {
  return apiMethodNotAllowed(["GET"]);
}
