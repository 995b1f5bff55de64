import { z } from "zod";
import type { AppContext } from "../context";
import { can } from "../policies/can";
import { issueApiToken, resolveApiToken, revokeApiToken } from "../services/api-tokens";
import { loadCurrentUser } from "../services/current-user";
import { attemptLogin } from "../services/login";
import { apiError, apiJson, apiNoContent, readJsonBody } from "./respond";
import { serializeSession } from "./serialize";

/** The body of `POST /api/v1/session`. The password is bounded so nobody can make argon2 hash megabytes. */
export const SessionRequestSchema = z.object({
  email: z.string({ required_error: "Required." }).trim().min(1, "Required.").max(254).email("Not an e-mail address."),
  password: z.string({ required_error: "Required." }).min(1, "Required.").max(1024),
});

/** The label stored with tokens issued by this endpoint (shown later in token lists). */
export const API_SESSION_TOKEN_LABEL = "api-session";

/**
 * `POST /api/v1/session`: checks the credentials under the login form's rate limits and issues a
 * bearer token. Failures never say whether the e-mail exists.
 */
export async function createApiSession(request: Request, app: AppContext): Promise<Response> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = SessionRequestSchema.safeParse(body.value);
  if (!parsed.success) {
    const { fieldErrors, formErrors } = parsed.error.flatten();
    const fields: Record<string, string[]> = {};
    for (const [name, reasons] of Object.entries(fieldErrors)) if (reasons && reasons.length > 0) fields[name] = reasons;
    if (formErrors.length > 0) fields._ = formErrors; // e.g. the body was an array, not an object
    return apiError(400, "invalid_request", "The request body is invalid; see `fields`.", { fields });
  }

  const result = await attemptLogin(app.db, app.rateLimiter, { ...parsed.data, ip: app.clientIp });
  if (!result.ok) {
    switch (result.reason) {
      case "rate_limited":
        return apiError(429, "rate_limited", "Too many sign-in attempts; wait and try again.", {
          headers: { "Retry-After": String(result.retryAfter) },
        });
      case "blocked":
        return apiError(403, "account_blocked", "This account is blocked.");
      case "invalid":
        return apiError(401, "invalid_credentials", "The e-mail or the password is wrong.");
    }
  }
  // The permission lives in the policy module, not in the credential check.
  if (!can(loadCurrentUser(app.db, result.userId), "apiToken.create", null)) {
    return apiError(403, "forbidden", "This account may not use the API.");
  }
  const issued = issueApiToken(app.db, result.userId, API_SESSION_TOKEN_LABEL, app.now());
  return apiJson(serializeSession(issued), { status: 201, personal: true });
}

/** The raw bearer token of a request, or null when it carries none. */
export function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

/**
 * `DELETE /api/v1/session`: revokes the bearer token the request is authenticated with. A
 * cookie session is not an API session (browsers sign out through the logout form), so the
 * endpoint insists on a bearer token.
 */
export function deleteApiSession(request: Request, app: AppContext): Response {
  const token = bearerToken(request);
  if (!token || app.authVia !== "token" || !app.user) {
    return apiError(401, "bearer_token_required", "Authenticate with the bearer token to revoke it.", {
      headers: { "WWW-Authenticate": 'Bearer realm="redacta"' },
    });
  }
  // The pipeline resolved this token a moment ago; resolving again gives its id.
  const found = resolveApiToken(app.db, token, app.now());
  if (!found || !revokeApiToken(app.db, found.tokenId, app.user.id, app.now())) {
    return apiError(401, "invalid_token", "The bearer token is unknown, revoked or expired.");
  }
  return apiNoContent();
}
