import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, apiJson, apiMethodNotAllowed } from "../../server/api/respond";
import { diffClauseTrees } from "../../server/services/documents/diff";
import { serializeDiff } from "../../server/services/documents/version-json";
import { lookupVersion } from "../utils/versions-api.server";

/** `GET /api/v1/processes/{slug}/versions/{a}/diff/{b}`: the clause-level diff from a to b. */
export function loader({ params, context }: LoaderFunctionArgs) {
  const from = lookupVersion(context.app, params.slug, params.a);
  const to = lookupVersion(context.app, params.slug, params.b);
  if (!from.ok || !to.ok) {
    const reason = !from.ok ? from.reason : !to.ok ? to.reason : "version";
    return apiError(404, "not_found", reason === "process" ? "No process with this slug." : "No published version with this number.");
  }
  const diff = diffClauseTrees(from.version.tree, to.version.tree);
  return apiJson(serializeDiff(from.version.number, to.version.number, diff), { personal: context.app.user !== null });
}

export function action() {
  return apiMethodNotAllowed(["GET"]);
}
