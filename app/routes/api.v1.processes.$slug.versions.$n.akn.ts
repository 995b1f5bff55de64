import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, apiMethodNotAllowed } from "../../server/api/respond";
import { documentTitle } from "../../collab/schema/clauses";
import { toAkomaNtoso } from "../../server/services/documents/akn";
import { lookupVersion } from "../utils/versions-api.server";

/** `GET /api/v1/processes/{slug}/versions/{n}/akn`: the version as Akoma Ntoso 3.0 XML. */
export function loader({ params, context }: LoaderFunctionArgs) {
  const found = lookupVersion(context.app, params.slug, params.n);
  if (!found.ok) return apiError(404, "not_found", found.reason === "process" ? "No process with this slug." : "No published version with this number.");
  const { process, version } = found;
  const xml = toAkomaNtoso({
    kind: process.kind,
    slug: process.slug,
    title: documentTitle(version.doc) || process.title,
    versionNumber: version.number,
    publishedAt: version.publishedAt,
    contentHash: version.contentHash,
    tree: version.tree,
    author: process.department || undefined,
  });
  return new Response(xml, {
    headers: {
      "Content-Type": "application/akn+xml; charset=utf-8",
      "Content-Disposition": `inline; filename="${process.slug}-v${version.number}.akn.xml"`,
      "Cache-Control": context.app.user ? "no-store" : "no-cache",
      Vary: "Authorization, Cookie",
    },
  });
}

export function action() {
  return apiMethodNotAllowed(["GET"]);
}
