import { randomToken, safeEqual } from "../security/tokens";
import { COOKIE, readCookie, serializeCookie } from "./cookies";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The form field and header that carry the CSRF token. */
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";

/** Whether a method changes state and so needs CSRF protection. */
export function isMutation(method: string): boolean {
  return MUTATING.has(method.toUpperCase());
}

/**
 * The request's CSRF token: the existing cookie value, or a new one with the Set-Cookie header
 * that stores it. The token is a double-submit secret: a cross-site page can neither read the
 * cookie nor set it, so it cannot put the matching value in its form.
 */
export function ensureCsrfToken(cookieHeader: string | null, secure: boolean): { token: string; setCookie: string | null } {
  const existing = readCookie(cookieHeader, COOKIE.csrf);
  if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return { token: existing, setCookie: null };
  const token = randomToken();
  return { token, setCookie: serializeCookie(COOKIE.csrf, token, { secure }) };
}

/** Why a mutation was refused, for the 403 page and the log. */
export type CsrfFailure = "cross-site" | "origin-mismatch" | "token-missing" | "token-mismatch";

/**
 * The browser-provided half of the check: refuses requests a browser marks as cross-site
 * (Sec-Fetch-Site) or whose Origin is another site or opaque. Clients that send neither header
 * (scripts, older browsers) pass here and rely on the token.
 */
export function checkSameSite(request: Request, origin: string): CsrfFailure | null {
  if (request.headers.get("sec-fetch-site") === "cross-site") return "cross-site";
  const requestOrigin = request.headers.get("origin");
  if (requestOrigin === "null") return "origin-mismatch";
  if (requestOrigin && requestOrigin !== origin) return "origin-mismatch";
  return null;
}

/** The API endpoint that exchanges credentials for a bearer token. */
export const API_SESSION_PATH = "/api/v1/session";

/**
 * Whether a request is an API sign-in that needs no CSRF token: exactly `POST /api/v1/session`,
 * sent as application/json, carrying no session cookie.
 *
 * Why this is safe: CSRF abuses ambient authority (the cookies a browser attaches on its own).
 * This request has none to abuse: it carries no session, sets no cookie and answers with a
 * token only the caller can read. A cross-site HTML form cannot send application/json, and a
 * cross-site fetch with that type needs a CORS preflight we never grant; on top of that the
 * caller still goes through `checkSameSite`. Requiring a JSON type and the absence of a session
 * cookie keeps every other mutation, and any browser request riding on a session, on the
 * double-submit check. Without this exemption a plain API client (no cookies) could never
 * obtain its first token.
 */
export function isApiSignIn(request: Request, hasSessionCookie: boolean): boolean {
  if (hasSessionCookie || request.method.toUpperCase() !== "POST") return false;
  if (new URL(request.url).pathname !== API_SESSION_PATH) return false;
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}

/**
 * Checks a cookie-authenticated (or anonymous) mutation: it must not come from another site
 * (Sec-Fetch-Site / Origin) and must echo the csrf cookie in the `_csrf` field or the
 * X-CSRF-Token header. Returns null when the request may proceed.
 */
export async function checkCsrf(request: Request, cookieToken: string | undefined, origin: string): Promise<CsrfFailure | null> {
  const site = checkSameSite(request, origin);
  if (site) return site;
  let submitted = request.headers.get(CSRF_HEADER);
  if (!submitted) {
    const type = request.headers.get("content-type") ?? "";
    if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
      try {
        const value = (await request.clone().formData()).get(CSRF_FIELD);
        submitted = typeof value === "string" ? value : null;
      } catch {
        return "token-missing"; // an unparseable form cannot carry a valid token
      }
    }
  }
  if (!submitted || !cookieToken) return "token-missing";
  return safeEqual(submitted, cookieToken) ? null : "token-mismatch";
}
