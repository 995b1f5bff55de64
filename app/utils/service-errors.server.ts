import { ForbiddenError, NotFoundError } from "../../server/errors";

/**
 * Turns a service's typed error into the HTTP answer a route throws: ForbiddenError → 403,
 * NotFoundError → 404. Anything else (including ValidationError, which the route answers with
 * a 400 and field errors itself) is rethrown unchanged.
 */
export function toHttpError(error: unknown): unknown {
  if (error instanceof ForbiddenError) return new Response("Forbidden", { status: 403 });
  if (error instanceof NotFoundError) return new Response("Not Found", { status: 404 });
  return error;
}

/** Runs a service call, throwing 403/404 responses for its typed errors. */
export function runService<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw toHttpError(error);
  }
}

/** The `?page=` of a URL as a positive integer (1 when absent or malformed). */
export function pageParam(url: URL): number {
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10);
  return Number.isFinite(page) && page > 0 ? page : 1;
}

/**
 * Where to go after a staff action: back to the same list (search and page kept) with a
 * `done` key that the page shows as a notice.
 */
export function backWithNotice(request: Request, done: string): string {
  const url = new URL(request.url);
  url.searchParams.set("done", done);
  url.searchParams.delete("index");
  return `${url.pathname}${url.search}`;
}
