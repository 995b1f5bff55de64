import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiError, apiJson, apiMethodNotAllowed } from "../../server/api/respond";

const Query = z.object({
  document: z
    .string({ required_error: "Required." })
    .regex(/^[a-z0-9][a-z0-9-]{0,127}$/, "A document name: lowercase letters, digits and hyphens, at most 128."),
});

/**
 * `GET /api/v1/collab-token?document=NAME`: a five-minute token to open the collaborative
 * document over WebSocket (`/collab/NAME?token=…`), for clients that cannot send the session
 * cookie (scripts, the Node y-websocket client). 404 unknown document, 403 not allowed.
 */
export function loader({ request, context }: LoaderFunctionArgs) {
  const { user, collab, credentialBinding } = context.app;
  if (!user || !credentialBinding) {
    return apiError(401, "unauthenticated", "Sign in: send a bearer token or the session cookie.", {
      headers: { "WWW-Authenticate": 'Bearer realm="redacta"' },
    });
  }
  const parsed = Query.safeParse({ document: new URL(request.url).searchParams.get("document") ?? undefined });
  if (!parsed.success) {
    return apiError(400, "invalid_request", "The document parameter is missing or invalid.", { fields: parsed.error.flatten().fieldErrors });
  }
  const result = collab.issueToken(user, parsed.data.document, credentialBinding);
  if (!result.ok) {
    return result.reason === "unknown"
      ? apiError(404, "not_found", "No such collaborative document.")
      : apiError(403, "forbidden", "You may not open this document.");
  }
  return apiJson(
    {
      token: result.token,
      document: result.document,
      access: result.access,
      url: `/collab/${result.document}?token=${encodeURIComponent(result.token)}`,
      expiresAt: result.expiresAt.toISOString(),
    },
    { personal: true },
  );
}

export function action() {
  return apiMethodNotAllowed(["GET"]);
}
