import type { LoaderFunctionArgs } from "@remix-run/node";
import { budgetLinksFor, renderVersionHtml } from "../utils/reading.server";
import { lookupVersion } from "../utils/versions-api.server";

/**
 * The pre-rendered table of contents and text of a version as JSON, for client-side
 * navigations to a reading page (document requests get the same HTML inside the page).
 */
export function loader({ params, context }: LoaderFunctionArgs) {
  const found = lookupVersion(context.app, params.slug, params.n);
  if (!found.ok) throw new Response("Not Found", { status: 404 });
  return new Response(JSON.stringify(renderVersionHtml(found.version, context.app.locale, budgetLinksFor(context.app, found.process, found.version))), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": context.app.user ? "no-store" : "no-cache",
      Vary: "Cookie, Accept-Language",
    },
  });
}
