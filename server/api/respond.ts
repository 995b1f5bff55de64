import { errorJson } from "../http/error-page";

/** The media type of every API answer, charset spelled out so clients never guess. */
export const JSON_TYPE = "application/json; charset=utf-8";

/** Options for an API answer. */
export interface ApiResponseOptions {
  status?: number;
  headers?: Record<string, string>;
  /**
   * Whether the answer depends on who asked. Such answers (and every error) are `no-store`, so
   * no shared or browser cache can hand one person's data to another. Public answers are
   * `no-cache`: they may be kept but must be revalidated, because phases move with the clock.
   */
  personal: boolean;
}

/** A JSON answer of the API with the content type and caching rules above. */
export function apiJson(data: unknown, options: ApiResponseOptions): Response {
  const headers = new Headers(options.headers);
  headers.set("Content-Type", JSON_TYPE);
  headers.set("Cache-Control", options.personal ? "no-store" : "no-cache");
  // The same URL answers differently with and without credentials.
  headers.set("Vary", "Authorization, Cookie");
  return new Response(JSON.stringify(data), { status: options.status ?? 200, headers });
}

/** An empty answer (204) that still must not be cached. */
export function apiNoContent(): Response {
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}

/**
 * A JSON error in the shape the HTTP layer already uses (`{ error: { status, code, message } }`),
 * optionally with per-field reasons. `code` is a stable machine-readable name; `message` is
 * English prose for the developer reading the response.
 */
export function apiError(
  status: number,
  code: string,
  message: string,
  extra: { fields?: Record<string, string[]>; headers?: Record<string, string> } = {},
): Response {
  const body = extra.fields
    ? JSON.stringify({ error: { status, code, message, fields: extra.fields } })
    : errorJson(status, code, message);
  const headers = new Headers(extra.headers);
  headers.set("Content-Type", JSON_TYPE);
  headers.set("Cache-Control", "no-store");
  return new Response(body, { status, headers });
}

/** 405 with the Allow header, for API URLs called with a method they do not support. */
export function apiMethodNotAllowed(allowed: string[]): Response {
  return apiError(405, "method_not_allowed", `This endpoint supports ${allowed.join(", ")}.`, {
    headers: { Allow: allowed.join(", ") },
  });
}

/** The outcome of reading a JSON body: the parsed value, or the error answer to send. */
export type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

/**
 * Reads a request body as JSON. The HTTP layer has already capped its size (413), so this
 * only checks the media type (415) and the syntax (400).
 */
export async function readJsonBody(request: Request): Promise<JsonBody> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    return { ok: false, response: apiError(415, "unsupported_media_type", "Send the body as application/json.") };
  }
  const text = await request.text();
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : "unreadable body";
    return { ok: false, response: apiError(400, "invalid_json", `The body is not valid JSON (${detail}).`) };
  }
}
