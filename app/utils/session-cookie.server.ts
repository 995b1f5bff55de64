import type { AppLoadContext } from "@remix-run/node";
import { clearCookie, COOKIE, readCookie, serializeCookie } from "../../server/http/cookies";
import { createSession, destroySession, SESSION_TTL_MS } from "../../server/services/sessions";

/** The raw session cookie of a request, valid or not. */
function previousToken(request: Request): string | undefined {
  return readCookie(request.headers.get("cookie"), COOKIE.session);
}

/**
 * Starts a fresh session for `userId` and returns its Set-Cookie header. Whatever session the
 * browser already carried is destroyed first (rotation): a session id planted before login,
 * or left over from another person on a shared computer, never becomes the logged-in one.
 */
export function startSessionCookie(context: AppLoadContext, request: Request, userId: number): string {
  const { app } = context;
  const previous = previousToken(request);
  if (previous) destroySession(app.db, previous);
  const { token } = createSession(app.db, userId, app.now());
  return serializeCookie(COOKIE.session, token, { maxAgeSeconds: Math.floor(SESSION_TTL_MS / 1000), secure: app.secureCookies });
}

/** Ends the request's session (if any) and returns the Set-Cookie header that clears the cookie. */
export function endSessionCookie(context: AppLoadContext, request: Request): string {
  const { app } = context;
  const previous = previousToken(request);
  if (previous) destroySession(app.db, previous);
  return clearCookie(COOKIE.session, app.secureCookies);
}
