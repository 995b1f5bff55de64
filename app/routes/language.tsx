import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isLocale } from "../../server/i18n/locales";
import { COOKIE, serializeCookie } from "../../server/http/cookies";
import { setUserLocale } from "../../server/services/preferences";
import { safeRedirectPath } from "../utils/safe-redirect";

/** Stores the chosen language in a cookie (and on the account) and returns to the page. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  const back = safeRedirectPath(form.get("redirectTo"));
  if (!isLocale(locale)) return redirect(back, { status: 303 });
  if (context.app.user) setUserLocale(context.app.db, context.app.user.id, locale);
  return redirect(back, {
    status: 303,
    headers: {
      "Set-Cookie": serializeCookie(COOKIE.locale, locale, { maxAgeSeconds: 365 * 24 * 3600, secure: context.app.secureCookies }),
    },
  });
}

export function loader() {
  return redirect("/");
}
