import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { deleteAnnotationApi, updateAnnotationApi } from "../../server/api/annotation-writes";
import { ANNOTATION_ALLOW, readAnnotationApi } from "../../server/api/annotations";
import { apiMethodNotAllowed } from "../../server/api/respond";

/** `GET|HEAD|OPTIONS /api/v1/processes/{slug}/annotations/{id}`: one W3C annotation. */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return readAnnotationApi(request, context.app, params.slug ?? "", params.id ?? "");
}

/** `PUT` replaces the annotation, `DELETE` deletes it (W3C Web Annotation Protocol §5.3, §5.4). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method === "PUT") return updateAnnotationApi(request, context.app, params.slug ?? "", params.id ?? "");
  if (request.method === "DELETE") return deleteAnnotationApi(request, context.app, params.slug ?? "", params.id ?? "");
  return apiMethodNotAllowed(ANNOTATION_ALLOW.split(", "));
}
