import type { LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { getSubmission } from "../../server/services/submissions/read";
import { isRegistryNumber } from "../../server/services/submissions/registry";
import { getUser } from "../utils/guards.server";
import { runService } from "../utils/service-errors.server";

/** Content-Disposition for a cleaned name: an ASCII fallback plus the UTF-8 name (RFC 6266 / 5987). */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  // encodeURIComponent leaves ' ( ) * ! as they are; RFC 5987's value-chars exclude the quote.
  const extended = encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${extended}`;
}

/**
 * One attachment, streamed from the store (`/submissions/{number}/attachments/{n}`): only for who
 * may see the submission's private parts (submission.viewPrivate) — 401 without a session, 403
 * otherwise. Always a download, never rendered by the browser (X-Content-Type-Options: nosniff is
 * set on every response by server/http/security-headers.ts; the integration test checks it here).
 */
export function loader({ params, context }: LoaderFunctionArgs) {
  const app = context.app;
  const number = params.number ?? "";
  const position = Number(params.position);
  if (!isRegistryNumber(number) || !Number.isInteger(position) || position < 1) throw new Response("Not Found", { status: 404 });
  const user = getUser(context);
  const view = runService(() => getSubmission(app.db, user, number, app.now()));
  if (!view.abilities.viewPrivate || !view.attachments) throw new Response(user ? "Forbidden" : "Unauthorized", { status: user ? 403 : 401 });
  const file = view.attachments.find((a) => a.position === position - 1);
  if (!file || !app.registry.store.has(file.sha256)) throw new Response("Not Found", { status: 404 });
  const stream = Readable.toWeb(app.registry.store.open(file.sha256)) as ReadableStream<Uint8Array>;
  return new Response(stream, {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Length": String(file.size),
      "Content-Disposition": disposition(file.fileName),
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": view.isPublic ? "public, max-age=3600, immutable" : "private, no-store",
    },
  });
}
