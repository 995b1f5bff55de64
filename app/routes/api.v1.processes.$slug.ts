import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, apiJson, apiMethodNotAllowed } from "../../server/api/respond";
import { serializeProcess } from "../../server/api/serialize";
import { findVisibleProcess } from "../../server/services/processes";

/** `GET /api/v1/processes/{slug}`: one process; 404 when missing or hidden from the caller. */
export function loader({ params, context }: LoaderFunctionArgs) {
  const { db, user, now } = context.app;
  const at = now();
  const process = findVisibleProcess(db, user, params.slug ?? "", at);
  if (!process) return apiError(404, "not_found", "No process with this slug.");
  return apiJson({ process: serializeProcess(process, at) }, { personal: user !== null });
}

export function action() {
  return apiMethodNotAllowed(["GET"]);
}
