import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createAnnotationApi, listAnnotationsApi } from "../../server/api/annotations";
import { apiMethodNotAllowed } from "../../server/api/respond";

/** `GET /api/v1/processes/{slug}/annotations?version=N`: a W3C AnnotationCollection. */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return listAnnotationsApi(request, context.app, params.slug ?? "");
}

/** `POST /api/v1/processes/{slug}/annotations`: create a W3C annotation. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiMethodNotAllowed(["GET", "POST"]);
  return createAnnotationApi(request, context.app, params.slug ?? "");
}
