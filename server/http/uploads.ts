import busboy from "busboy";
import { createHash } from "node:crypto";
import { createWriteStream, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { pipeline } from "node:stream/promises";
import { Transform, type Readable } from "node:stream";
import type { AttachmentStore } from "../services/submissions/attachment-store";
import { MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES, type StagedUpload, type StagedUploads } from "../services/submissions/uploads";
import { MAX_FIELD_NAME_BYTES, MAX_FIELD_VALUE_BYTES, MAX_FIELDS } from "../security/body-shape";
import { PayloadTooLargeError } from "./body";

/**
 * Routes that take submission attachments as multipart uploads. Their bodies are not read into
 * memory: each file part is streamed to the attachment store's staging area with its SHA-256
 * computed on the way and its size capped, and the other fields are handed on as an
 * `application/x-www-form-urlencoded` body, which then meets the usual shape check and CSRF.
 */
export const UPLOAD_ROUTES: readonly RegExp[] = [
  /^\/processes\/[^/]+\/submissions\/new(?:\.data)?$/,
  /^\/admin\/processes\/[^/]+\/submissions\/paper(?:\.data)?$/,
  /^\/api\/v1\/processes\/[^/]+\/submissions$/,
];

/** The envelope beyond the files: text fields (a 20,000-character text is < 200 KiB encoded), part headers. */
const ENVELOPE_BYTES = 1024 * 1024;
/** The most an upload route reads: five full attachments plus the envelope. */
export const MAX_UPLOAD_BODY_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + ENVELOPE_BYTES;

/** Whether this request is a multipart upload to one of UPLOAD_ROUTES. */
export function isUploadRequest(path: string, method: string, contentType: string | undefined): boolean {
  return method === "POST" && UPLOAD_ROUTES.some((p) => p.test(path)) && /^multipart\/form-data\b/i.test(contentType ?? "");
}

/** Bytes all uploads being staged at once may reserve (declared length, or the cap when unknown). */
export const UPLOAD_BUDGET_BYTES = 256 * 1024 * 1024;
/** Uploads being staged at once, whatever their size (open files; a deadline rush of small filings fits). */
export const UPLOAD_BUDGET_REQUESTS = 256;
/** Seconds a refused upload is told to wait (Retry-After). */
export const UPLOAD_RETRY_AFTER_SECONDS = 30;

/**
 * The server-wide budget of staged uploads: each upload reserves the bytes it may write (its
 * declared Content-Length, or MAX_UPLOAD_BODY_BYTES when chunked) before a byte of it is read,
 * and gives them back once its response is over (its staged files are gone by then). An upload
 * that does not fit is answered 503 with Retry-After, so many parallel uploads cannot fill the disk.
 */
export class UploadBudget {
  private bytes = 0;
  private requests = 0;

  constructor(
    readonly maxBytes = UPLOAD_BUDGET_BYTES,
    readonly maxRequests = UPLOAD_BUDGET_REQUESTS,
  ) {}

  /** Reserves room for one upload; returns its release (idempotent), or null when over budget. */
  reserve(declaredLength: number | null): (() => void) | null {
    const want = declaredLength !== null && Number.isFinite(declaredLength) && declaredLength >= 0 ? Math.min(declaredLength, MAX_UPLOAD_BODY_BYTES) : MAX_UPLOAD_BODY_BYTES;
    if (this.requests + 1 > this.maxRequests || this.bytes + want > this.maxBytes) return null;
    this.bytes += want;
    this.requests += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.bytes -= want;
      this.requests -= 1;
    };
  }

  /** What is reserved now (tests, diagnostics). */
  inUse(): { bytes: number; requests: number } {
    return { bytes: this.bytes, requests: this.requests };
  }
}

/** An attachment larger than MAX_ATTACHMENT_BYTES: answered 413. */
export class AttachmentTooLargeError extends PayloadTooLargeError {
  constructor(readonly fileName: string) {
    super(MAX_ATTACHMENT_BYTES);
    this.message = `Attachment "${fileName}" is larger than ${MAX_ATTACHMENT_BYTES} bytes`;
  }
}

/** A multipart body out of shape (too many fields, a field too long, malformed): answered 400. */
export class MalformedUploadError extends Error {
  override readonly name = "MalformedUploadError";
}

/** What staging produced: the files, and the text fields as a urlencoded body. */
export interface StagedRequest extends StagedUploads {
  fields: Buffer;
}

/**
 * Our errors as they are; anything else (a client that went away mid-upload: "aborted", a
 * truncated body) is a malformed upload — answered 400 if anyone still listens, never a 500.
 */
function asUploadError(error: unknown): PayloadTooLargeError | MalformedUploadError {
  if (error instanceof PayloadTooLargeError || error instanceof MalformedUploadError) return error;
  return new MalformedUploadError(error instanceof Error ? error.message : "malformed multipart body");
}

/** Removes staged files (after the response, whatever the outcome; a filed one was moved away). */
export function discardStaged(files: readonly StagedUpload[]): void {
  for (const file of files) rmSync(file.path, { force: true });
}

/**
 * Streams a multipart body: files to staging (at most MAX_ATTACHMENTS kept, each capped at
 * MAX_ATTACHMENT_BYTES — one byte more and the whole request is refused and its files removed),
 * fields into memory under the body-shape limits. Throws PayloadTooLargeError (413) or
 * MalformedUploadError (400); on any throw nothing stays on disk.
 */
export async function stageMultipart(req: IncomingMessage, store: AttachmentStore): Promise<StagedRequest> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > MAX_UPLOAD_BODY_BYTES) throw new PayloadTooLargeError(MAX_UPLOAD_BODY_BYTES);
  const files: StagedUpload[] = [];
  const fields = new URLSearchParams();
  let overflow = false;
  let total = 0;
  const writes: Promise<void>[] = [];
  const streams: Readable[] = [];
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
  };

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      // Browsers send a file name's UTF-8 bytes as they are (filename="alegación.pdf"); busboy's
      // default, latin1, would turn every accent into mojibake.
      defParamCharset: "utf8",
      limits: {
        fieldNameSize: MAX_FIELD_NAME_BYTES,
        fieldSize: MAX_FIELD_VALUE_BYTES,
        fields: MAX_FIELDS,
        parts: MAX_FIELDS,
        files: MAX_ATTACHMENTS,
        fileSize: MAX_ATTACHMENT_BYTES,
        headerPairs: 100,
      },
    });
  } catch (error) {
    throw new MalformedUploadError(error instanceof Error ? error.message : "malformed multipart body");
  }

  parser.on("field", (name, value, info) => {
    if (info.nameTruncated || info.valueTruncated) fail(new MalformedUploadError(`The field ${name.slice(0, 40)} is too long.`));
    else fields.append(name, value);
  });
  parser.on("file", (field, stream, info) => {
    // A file input left empty still sends a part with no name and no bytes.
    if (!info.filename) {
      stream.resume();
      return;
    }
    const path = store.stagingPath();
    const hash = createHash("sha256");
    let size = 0;
    const fileName = info.filename;
    const upload: StagedUpload = { field, fileName, path, size: 0, sha256: "" };
    files.push(upload);
    streams.push(stream);
    stream.on("limit", () => fail(new AttachmentTooLargeError(fileName)));
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    writes.push(
      pipeline(stream, meter, createWriteStream(path, { flags: "wx" })).then(() => {
        upload.size = size;
        upload.sha256 = hash.digest("hex");
      }, fail),
    );
  });
  parser.on("filesLimit", () => {
    overflow = true;
  });
  parser.on("fieldsLimit", () => fail(new MalformedUploadError(`The body has more than ${MAX_FIELDS} fields.`)));
  parser.on("partsLimit", () => fail(new MalformedUploadError(`The body has more than ${MAX_FIELDS} parts.`)));

  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total > MAX_UPLOAD_BODY_BYTES) done(new PayloadTooLargeError(MAX_UPLOAD_BODY_BYTES));
      else if (failure instanceof PayloadTooLargeError) done(failure);
      else done(null, chunk);
    },
  });
  try {
    await pipeline(req, counted, parser);
    await Promise.all(writes);
  } catch (error) {
    for (const stream of streams) stream.destroy();
    await Promise.allSettled(writes);
    discardStaged(files);
    throw asUploadError(failure ?? error);
  }
  if (failure) {
    discardStaged(files);
    throw asUploadError(failure);
  }
  return { files, overflow, fields: Buffer.from(fields.toString()) };
}
