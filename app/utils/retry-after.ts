import type { HeadersFunction } from "@remix-run/node";

/**
 * A route `headers` export that passes an action's Retry-After on to the document response.
 * Remix builds document headers only from route `headers` exports, so without this a 429
 * from a form action would lose the header that tells clients when to come back.
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};
