import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findVisibleProcess } from "../../server/services/processes";

const CompareQuery = z.object({
  a: z.string().regex(/^[1-9]\d{0,8}$/),
  b: z.string().regex(/^[1-9]\d{0,8}$/),
});

/**
 * The target of the version switcher's "compare" form (a plain GET form, so it works without
 * JavaScript): sends the reader to the diff of the two chosen versions, older first.
 */
export function loader({ params, request, context }: LoaderFunctionArgs) {
  const { db, user, now } = context.app;
  const slug = params.slug ?? "";
  if (!findVisibleProcess(db, user, slug, now())) throw new Response("Not Found", { status: 404 });
  const url = new URL(request.url);
  const parsed = CompareQuery.safeParse({ a: url.searchParams.get("a"), b: url.searchParams.get("b") });
  if (!parsed.success) throw new Response("Bad Request", { status: 400 });
  const [a, b] = [Number(parsed.data.a), Number(parsed.data.b)].sort((x, y) => x - y);
  return redirect(`/processes/${encodeURIComponent(slug)}/v/${a}/diff/${b}`);
}
