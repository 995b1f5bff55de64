import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSessionCookie } from "../utils/session-cookie.server";

/** Ends the session. POST only (CSRF-checked by the pipeline), so a link or image cannot log anyone out. */
export function action({ request, context }: ActionFunctionArgs) {
  // Open co-editing sockets end with the session (they would otherwise outlive it).
  if (context.app.user) context.app.collab.revokeUser(context.app.user.id);
  return redirect("/", { status: 303, headers: { "Set-Cookie": endSessionCookie(context, request) } });
}

/** A GET changes nothing; it just leaves. */
export function loader() {
  return redirect("/");
}
