import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "../utils/guards.server";
import { registerFilterOf } from "../utils/register-filter.server";
import { runService } from "../utils/service-errors.server";
import { registerCsv } from "../../server/services/submissions/csv";

/** The register as CSV (the same filters and visibility as the page; all rows). */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  const app = context.app;
  const filter = { ...registerFilterOf(new URL(request.url)), page: 1, pageSize: 100_000 };
  const csv = runService(() => registerCsv(app.db, getUser(context), params.slug ?? "", filter, app.now()));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="register-${params.slug ?? ""}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
