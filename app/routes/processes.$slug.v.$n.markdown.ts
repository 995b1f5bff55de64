import type { LoaderFunctionArgs } from "@remix-run/node";
import { documentTitle } from "../../collab/schema/clauses";
import { toMarkdown } from "../../server/services/documents/markdown";
import { lookupVersion } from "../utils/versions-api.server";

/** Markdown download of one version (`/processes/{slug}/v/{n}/markdown`). */
export function loader({ params, context }: LoaderFunctionArgs) {
  const found = lookupVersion(context.app, params.slug, params.n);
  if (!found.ok) throw new Response("Not Found", { status: 404 });
  const { process, version } = found;
  const markdown = toMarkdown({
    title: documentTitle(version.doc) || process.title,
    versionNumber: version.number,
    publishedAt: version.publishedAt,
    contentHash: version.contentHash,
    tree: version.tree,
  });
  return new Response(markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${process.slug}-v${version.number}.md"`,
      "Cache-Control": context.app.user ? "no-store" : "no-cache",
      Vary: "Cookie",
    },
  });
}
