import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, apiMethodNotAllowed } from "../../server/api/respond";
import { serializeProcess } from "../../server/api/serialize";
import { listVisibleProcesses } from "../../server/services/processes";

/** `GET /api/v1/processes`: the processes the caller may see. */
export function loader({ context }: LoaderFunctionArgs) {
  const { db, user, now } = context.app;
  const at = now();
  const processes = listVisibleProcesses(db, user, at).map((p) => serializeProcess(p, at));
  return apiJson({ processes }, { personal: user !== null });
}

export function action() {
  return apiMethodNotAllowed(["GET"]);
}
