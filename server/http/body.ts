import type { IncomingMessage } from "node:http";
import { DEFAULT_LIMITS, type BodyShapeLimits } from "../security/body-shape";

/** Request bodies above this are refused with 413 before any of the app sees them. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Routes allowed a larger body than MAX_BODY_BYTES, by path pattern (Remix single-fetch
 * submissions add ".data"). Kept as one explicit table so every exception is reviewed here.
 */
export const BODY_LIMIT_EXCEPTIONS: ReadonlyArray<{ pattern: RegExp; limit: number; maxFieldValueBytes?: number; why: string }> = [
  {
    // A 5 MiB DOCX/Markdown upload plus the multipart envelope and the other form fields.
    pattern: /^\/admin\/processes\/[^/]+\/import(?:\.data)?$/,
    limit: 5 * 1024 * 1024 + 64 * 1024,
    maxFieldValueBytes: 5 * 1024 * 1024,
    why: "document import uploads (a pasted Markdown text is one field)",
  },
  {
    // The integration API takes the Markdown or DOCX file itself as the body (no envelope).
    pattern: /^\/api\/v1\/processes\/[^/]+\/draft$/,
    limit: 5 * 1024 * 1024,
    why: "document import through the API (the same 5 MiB as the import page's file)",
  },
  {
    // The editor autosaves the whole document as one JSON field.
    pattern: /^\/admin\/processes\/[^/]+\/draft(?:\.data)?$/,
    limit: MAX_BODY_BYTES,
    maxFieldValueBytes: MAX_BODY_BYTES,
    why: "draft autosave",
  },
];

/** The body limit for a request path: the first matching exception, else MAX_BODY_BYTES. */
export function bodyLimitFor(path: string): number {
  return BODY_LIMIT_EXCEPTIONS.find((e) => e.pattern.test(path))?.limit ?? MAX_BODY_BYTES;
}

/** The shape limits for a request path (see body-shape.ts): an exception's, else the defaults. */
export function shapeLimitsFor(path: string): BodyShapeLimits {
  const exception = BODY_LIMIT_EXCEPTIONS.find((e) => e.pattern.test(path));
  return exception?.maxFieldValueBytes ? { maxFieldValueBytes: exception.maxFieldValueBytes } : DEFAULT_LIMITS;
}

/** Thrown when a body exceeds its limit; the HTTP layer answers 413. */
export class PayloadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body larger than ${limit} bytes`);
    this.name = "PayloadTooLargeError";
  }
}

/**
 * Reads a whole request body into memory, refusing early (by Content-Length) or as soon as the
 * streamed bytes pass `limit`, so an oversized upload never fills memory.
 */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw new PayloadTooLargeError(limit);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total > limit) throw new PayloadTooLargeError(limit);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
