import type { LoaderFunctionArgs } from "@remix-run/node";
import { documentTitle } from "../../collab/schema/clauses";
import { toDocx } from "../../server/services/documents/docx-export";
import { lookupVersion } from "../utils/versions-api.server";

/** Word download of one version (`/processes/{slug}/v/{n}/docx`), in the shape the importer reads. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = lookupVersion(context.app, params.slug, params.n);
  if (!found.ok) throw new Response("Not Found", { status: 404 });
  const { process, version } = found;
  const bytes = await toDocx({ title: documentTitle(version.doc) || process.title, tree: version.tree });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": `attachment; filename="${process.slug}-v${version.number}.docx"`,
      "Cache-Control": context.app.user ? "no-store" : "no-cache",
      Vary: "Cookie",
    },
  });
}
