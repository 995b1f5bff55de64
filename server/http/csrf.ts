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
 * Checks a cookie-authenticated (or anonymous) mutation: it must not come from another site
 * (Sec-Fetch-Site / Origin) and must echo the csrf cookie in the `_csrf` field or the
 * X-CSRF-Token header. Returns null when the request may proceed.
 */
export async function checkCsrf(request: Request, cookieToken: string | undefined, origin: string): Promise<CsrfFailure | null> {
  if (request.headers.get("sec-fetch-site") === "cross-site") return "cross-site";
  const requestOrigin = request.headers.get("origin");
  if (requestOrigin && requestOrigin !== "null" && requestOrigin !== origin) return "origin-mismatch";
  if (requestOrigin === "null") return "origin-mismatch";
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
