import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, apiJson, apiMethodNotAllowed } from "../../server/api/respond";
import { serializeMe } from "../../server/api/serialize";

/** `GET /api/v1/me`: the caller's account, by bearer token or session cookie. */
export function loader({ context }: LoaderFunctionArgs) {
  const { user } = context.app;
  if (!user) {
    return apiError(401, "unauthenticated", "Sign in: send a bearer token or the session cookie.", {
      headers: { "WWW-Authenticate": 'Bearer realm="redacta"' },
    });
  }
  return apiJson(serializeMe(user), { personal: true });
}

export function action() {
  return apiMethodNotAllowed(["GET"]);
}
