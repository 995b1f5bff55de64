import type { ActionFunctionArgs } from "@remix-run/node";
import { apiMethodNotAllowed } from "../../server/api/respond";
import { createApiSession, deleteApiSession } from "../../server/api/session";

/** `POST /api/v1/session` signs in and issues a bearer token; `DELETE` revokes the token in use. */
export async function action({ request, context }: ActionFunctionArgs) {
  switch (request.method) {
    case "POST":
      return createApiSession(request, context.app);
    case "DELETE":
      return deleteApiSession(request, context.app);
    default:
      return apiMethodNotAllowed(["POST", "DELETE"]);
  }
}

export function loader() {
  return apiMethodNotAllowed(["POST", "DELETE"]);
}
