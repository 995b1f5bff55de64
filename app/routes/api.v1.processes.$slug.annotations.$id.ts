import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAnnotationApi } from "../../server/api/annotations";
import { apiMethodNotAllowed } from "../../server/api/respond";

/** `GET /api/v1/processes/{slug}/annotations/{id}`: one W3C annotation. */
export function loader({ params, context }: LoaderFunctionArgs) {
  return getAnnotationApi(context.app, params.slug ?? "", params.id ?? "");
}

export function action() {
  return apiMethodNotAllowed(["GET"]);
}
