import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { can, type Action, type ActionResources } from "../../server/policies/can";
import type { CurrentUser } from "../../server/services/current-user";

/**
 * The guard ladder: `getUser` (may be null) → `requireUser` (redirects to login) →
 * `requirePermission` (403). Loaders and actions call these first; the policy decides.
 */
export function getUser(context: AppLoadContext): CurrentUser | null {
  return context.app.user;
}

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export function requireUser(context: AppLoadContext, request: Request): CurrentUser {
  const user = context.app.user;
  if (user) return user;
  const url = new URL(request.url);
  const back = url.pathname.endsWith(".data") ? url.pathname.slice(0, -".data".length) : url.pathname;
  throw redirect(`/login?redirectTo=${encodeURIComponent(back + url.search)}`);
}

/** The signed-in user if the policy allows the action, else a 403 (or login for anonymous). */
export function requirePermission<A extends Action>(
  context: AppLoadContext,
  request: Request,
  action: A,
  resource: ActionResources[A],
): CurrentUser {
  const user = requireUser(context, request);
  if (!can(user, action, resource)) throw new Response("Forbidden", { status: 403 });
  return user;
}
