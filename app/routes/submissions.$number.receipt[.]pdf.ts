import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSubmission } from "../../server/services/submissions/read";
import { receiptPdf } from "../../server/services/submissions/receipt";
import { isRegistryNumber } from "../../server/services/submissions/registry";
import { getUser } from "../utils/guards.server";
import { runService } from "../utils/service-errors.server";

/**
 * The sealed PDF receipt (`/submissions/{number}/receipt.pdf`): for whoever may see the whole
 * submission (its filer and staff; everybody for a public one). Laid out in a worker thread.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const app = context.app;
  const number = params.number ?? "";
  if (!isRegistryNumber(number)) throw new Response("Not Found", { status: 404 });
  const user = getUser(context);
  const view = runService(() => getSubmission(app.db, user, number, app.now()));
  if (!view.abilities.viewPrivate) throw new Response(user ? "Forbidden" : "Unauthorized", { status: user ? 403 : 401 });
  const bytes = await receiptPdf(app.db, app.registry.key, view, app.locale, app.mailOrigin ?? app.origin);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${number}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
