import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createAnnotationApi } from "../../server/api/annotation-writes";
import { CONTAINER_ALLOW, CONTAINER_LINKS, readContainerApi } from "../../server/api/annotations";
import { apiMethodNotAllowed } from "../../server/api/respond";

/**
 * `GET|HEAD|OPTIONS /api/v1/processes/{slug}/annotations/`: the W3C Annotation Container of
 * the process (a version's AnnotationCollection, or one AnnotationPage). Remix sends HEAD and
 * OPTIONS to the loader too.
 */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return readContainerApi(request, context.app, params.slug ?? "");
}

/** `POST /api/v1/processes/{slug}/annotations/`: create a W3C annotation. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") {
    const refused = apiMethodNotAllowed(CONTAINER_ALLOW.split(", "));
    refused.headers.set("Link", CONTAINER_LINKS);
    return refused;
  }
  return createAnnotationApi(request, context.app, params.slug ?? "");
}
