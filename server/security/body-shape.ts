/**
 * Shape limits for request bodies, checked by one linear scan of the raw bytes before any parser
 * (URLSearchParams, the multipart parser, JSON.parse, conform's form-to-object step) runs.
 *
 * Why: the byte limit alone does not bound the work a body causes. 117 KiB of `a=&a=&…` is 40,000
 * repeated fields, and turning repeated names into arrays was quadratic; 1 MiB of `[[[[…` keeps
 * JSON.parse busy for a second. Every scan here is O(body length) with O(1) work per byte, so a
 * refused body costs no more than reading it did.
 */

/** Fields a form or multipart body may carry. Real forms send fewer than 30. */
export const MAX_FIELDS = 1000;
/** Times one field name may repeat (multi-selects, bulk actions over a page of items). */
export const MAX_REPEATS_PER_NAME = 200;
/** Bytes of one field name, as sent. */
export const MAX_FIELD_NAME_BYTES = 256;
/**
 * Bytes of one field value as sent (percent-encoded for forms). The longest text field accepts
 * 65,535 characters, at most 9 bytes each once percent-encoded (a 3-byte UTF-8 character), so
 * 576 KiB; routes that post whole documents raise it in BODY_LIMIT_EXCEPTIONS.
 */
export const MAX_FIELD_VALUE_BYTES = 576 * 1024;
/**
 * Highest `[n]` index in a field name. The form-to-object step turns `x[99999999]` into a sparse
 * array of that length, which then costs minutes to copy and serialize into the form's reply.
 * Our forms send no index above a page of items.
 */
export const MAX_FIELD_INDEX = 1000;
/** Bytes of the headers of one multipart part. */
export const MAX_PART_HEADER_BYTES = 8 * 1024;
/** Nesting depth of a JSON body. The deepest API document (a W3C annotation) nests 5 levels. */
export const MAX_JSON_DEPTH = 64;
/** Values (array items and object members) in a JSON API body; bounds the validation work. */
export const MAX_JSON_VALUES = 20_000;

/** What was wrong with a body, for a 400 whose message names the limit. */
export type BodyShapeFailure =
  | { reason: "too_many_fields"; limit: number }
  | { reason: "too_many_repeats"; limit: number; field: string }
  | { reason: "field_name_too_long"; limit: number }
  | { reason: "field_index_too_large"; limit: number; field: string }
  | { reason: "field_too_long"; limit: number; field: string }
  | { reason: "part_headers_too_long"; limit: number }
  | { reason: "malformed_multipart"; limit: number }
  | { reason: "json_too_deep"; limit: number }
  | { reason: "json_too_many_values"; limit: number };

/** Limits that apply to one request; routes may raise the field value limit. */
export interface BodyShapeLimits {
  maxFieldValueBytes: number;
}

/** The limits of routes without an exception. */
export const DEFAULT_LIMITS: BodyShapeLimits = { maxFieldValueBytes: MAX_FIELD_VALUE_BYTES };

/** The English sentence for a failure (API clients; pages show the localized 400 page). */
export function describeBodyShapeFailure(failure: BodyShapeFailure): string {
  switch (failure.reason) {
    case "too_many_fields":
      return `The body has more than ${failure.limit} fields.`;
    case "too_many_repeats":
      return `The field "${failure.field}" is repeated more than ${failure.limit} times.`;
    case "field_name_too_long":
      return `A field name is longer than ${failure.limit} bytes.`;
    case "field_index_too_large":
      return `The field "${failure.field}" has an index above ${failure.limit}.`;
    case "field_too_long":
      return `The field "${failure.field}" is longer than ${failure.limit} bytes.`;
    case "part_headers_too_long":
      return `A multipart part has more than ${failure.limit} bytes of headers.`;
    case "malformed_multipart":
      return "The multipart body has no boundary or no closing boundary.";
    case "json_too_deep":
      return `The JSON body nests deeper than ${failure.limit} levels.`;
    case "json_too_many_values":
      return `The JSON body has more than ${failure.limit} values.`;
  }
}

/**
 * Checks a body against the shape limits by its declared media type. A body that starts like JSON
 * is also scanned as JSON whatever it declares, because `request.json()` ignores the header.
 */
export function checkBodyShape(
  contentType: string | undefined,
  body: Buffer,
  limits: BodyShapeLimits = DEFAULT_LIMITS,
): BodyShapeFailure | null {
  const media = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (media === "application/x-www-form-urlencoded") {
    const failure = checkUrlEncoded(body, limits);
    if (failure) return failure;
  } else if (media === "multipart/form-data") {
    const boundary = boundaryOf(contentType ?? "");
    if (!boundary) return { reason: "malformed_multipart", limit: 0 };
    const failure = checkMultipart(body, boundary, limits);
    if (failure) return failure;
  }
  return looksLikeJson(body) ? checkJson(body) : null;
}

/** Counts fields, repeats and lengths of an `a=1&b=2` body in one pass. */
export function checkUrlEncoded(body: Buffer, limits: BodyShapeLimits = DEFAULT_LIMITS): BodyShapeFailure | null {
  const repeats = new Map<string, number>();
  let fields = 0;
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(0x26 /* & */, start);
    if (end === -1) end = body.length;
    if (end > start) {
      fields += 1;
      if (fields > MAX_FIELDS) return { reason: "too_many_fields", limit: MAX_FIELDS };
      let eq = body.indexOf(0x3d /* = */, start);
      if (eq === -1 || eq > end) eq = end;
      if (eq - start > MAX_FIELD_NAME_BYTES) return { reason: "field_name_too_long", limit: MAX_FIELD_NAME_BYTES };
      const name = decodeFormName(body.subarray(start, eq));
      if (end - eq - 1 > limits.maxFieldValueBytes) {
        return { reason: "field_too_long", limit: limits.maxFieldValueBytes, field: name };
      }
      const failure = countName(name, repeats);
      if (failure) return failure;
    }
    start = end + 1;
  }
  return null;
}

const INDEX = /\[(\d+)\]/g;

/** Counts one more field of this name and checks its array indices (names are short, so this is bounded). */
function countName(name: string, repeats: Map<string, number>): BodyShapeFailure | null {
  const seen = (repeats.get(name) ?? 0) + 1;
  if (seen > MAX_REPEATS_PER_NAME) return { reason: "too_many_repeats", limit: MAX_REPEATS_PER_NAME, field: name };
  repeats.set(name, seen);
  if (name.includes("[")) {
    for (const match of name.matchAll(INDEX)) {
      if (Number(match[1]) > MAX_FIELD_INDEX) return { reason: "field_index_too_large", limit: MAX_FIELD_INDEX, field: name };
    }
  }
  return null;
}

/** A field name as URLSearchParams would read it, so `a` and `%61` count as the same name. */
function decodeFormName(raw: Buffer): string {
  // The name is at most MAX_FIELD_NAME_BYTES long, so decoding it is bounded work.
  const [[name] = [""]] = new URLSearchParams(`${raw.toString("latin1")}=`);
  return Buffer.from(name, "latin1").toString("utf8");
}

/** The boundary parameter of a multipart Content-Type, unquoted. */
function boundaryOf(contentType: string): string | null {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/**
 * Walks the parts of a multipart body by its boundary (indexOf is linear), counting parts and
 * names and measuring each part's headers and, for non-file parts, its value.
 */
export function checkMultipart(body: Buffer, boundary: string, limits: BodyShapeLimits = DEFAULT_LIMITS): BodyShapeFailure | null {
  const delimiter = Buffer.from(`--${boundary}`);
  const repeats = new Map<string, number>();
  let parts = 0;
  let at = body.indexOf(delimiter);
  if (at === -1) return { reason: "malformed_multipart", limit: 0 };
  for (;;) {
    const afterDelimiter = at + delimiter.length;
    // "--" after a delimiter closes the body.
    if (body[afterDelimiter] === 0x2d && body[afterDelimiter + 1] === 0x2d) return null;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next === -1) return { reason: "malformed_multipart", limit: 0 };
    parts += 1;
    if (parts > MAX_FIELDS) return { reason: "too_many_fields", limit: MAX_FIELDS };
    const headersEnd = body.indexOf("\r\n\r\n", afterDelimiter);
    if (headersEnd === -1 || headersEnd > next) return { reason: "malformed_multipart", limit: 0 };
    if (headersEnd - afterDelimiter > MAX_PART_HEADER_BYTES) {
      return { reason: "part_headers_too_long", limit: MAX_PART_HEADER_BYTES };
    }
    const headers = body.subarray(afterDelimiter, headersEnd).toString("utf8");
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? "";
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1] ?? "";
    if (Buffer.byteLength(name) > MAX_FIELD_NAME_BYTES) return { reason: "field_name_too_long", limit: MAX_FIELD_NAME_BYTES };
    const isFile = /;\s*filename\*?=/i.test(disposition);
    // A file part is bounded by the route's body limit; a plain field by the field limit.
    const valueBytes = next - (headersEnd + 4) - 2;
    if (!isFile && valueBytes > limits.maxFieldValueBytes) {
      return { reason: "field_too_long", limit: limits.maxFieldValueBytes, field: name };
    }
    const failure = countName(name, repeats);
    if (failure) return failure;
    at = next;
  }
}

/** True when the first non-blank byte opens a JSON object or array. */
function looksLikeJson(body: Buffer): boolean {
  for (const byte of body) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x7b /* { */ || byte === 0x5b /* [ */;
  }
  return false;
}

/**
 * Measures nesting depth and the number of values of a JSON text without parsing it: brackets
 * outside strings open and close levels, commas and openings count values. Malformed JSON is left
 * to the parser (which then fails fast); this only bounds the work a well-formed one can cause.
 */
export function checkJson(body: Buffer | string, maxValues = MAX_JSON_VALUES): BodyShapeFailure | null {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c /* \ */) i += 1;
      else if (byte === 0x22 /* " */) inString = false;
      continue;
    }
    if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      depth += 1;
      values += 1;
      if (depth > MAX_JSON_DEPTH) return { reason: "json_too_deep", limit: MAX_JSON_DEPTH };
    } else if (byte === 0x7d || byte === 0x5d) {
      depth -= 1;
    } else if (byte === 0x2c /* , */) {
      values += 1;
    }
    if (values > maxValues) return { reason: "json_too_many_values", limit: maxValues };
  }
  return null;
}
