import { z } from "zod";
import type { AppContext } from "../context";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { createAnnotation, getAnnotation, listAnnotations, PhaseClosedError, type AnnotationView } from "../services/annotations/annotations";
import { loadVersion, parseVersionNumber } from "../services/documents/versions";
import { findVisibleProcess } from "../services/processes";
import { apiError } from "./respond";

/**
 * The annotations API in the W3C Web Annotation model (JSON-LD): an AnnotationCollection per
 * version, and creating one annotation. Redacta's own facts (clause id, carry status, the version
 * an annotation was made on, the original quote) are namespaced properties under the `redacta:`
 * prefix declared in a second context, which keeps every document valid JSON-LD.
 */

/** The W3C annotation context. */
export const ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld";
/** The namespace of Redacta's extension properties (an IRI that names, not a page to fetch). */
export const REDACTA_NS = "urn:redacta:annotation:";
/** The media type of every annotation document, as the W3C Web Annotation Protocol names it. */
export const ANNO_TYPE = `application/ld+json; profile="${ANNO_CONTEXT}"`;
/** Annotations per page of a collection. */
export const ANNOTATION_PAGE_SIZE = 100;

const CONTEXT = [ANNO_CONTEXT, { redacta: REDACTA_NS }] as const;

function ldJson(data: unknown, status: number, personal: boolean, extraHeaders: Record<string, string> = {}): Response {
  const headers = new Headers(extraHeaders);
  headers.set("Content-Type", ANNO_TYPE);
  // Hidden bodies are shown to moderators: an answer to a signed-in caller is theirs alone.
  headers.set("Cache-Control", personal ? "no-store" : "no-cache");
  headers.set("Vary", "Authorization, Cookie");
  return new Response(JSON.stringify(data), { status, headers });
}

function unauthenticated(): Response {
  return apiError(401, "unauthenticated", "Sign in: send a bearer token or the session cookie.", { headers: { "WWW-Authenticate": 'Bearer realm="redacta"' } });
}

/** URLs of one process's annotation resources. */
function urls(app: AppContext, slug: string) {
  const base = `${app.origin}/api/v1/processes/${encodeURIComponent(slug)}`;
  return {
    version: (n: number) => `${base}/versions/${n}`,
    collection: (n: number) => `${base}/annotations?version=${n}`,
    page: (n: number, page: number) => `${base}/annotations?version=${n}&page=${page}`,
    annotation: (id: number) => `${base}/annotations/${id}`,
  };
}

/** One annotation as a W3C Annotation (without @context; the enclosing document has it). */
export function annotationToW3c(a: AnnotationView, url: ReturnType<typeof urls>): Record<string, unknown> {
  const anchored = a.start !== null && a.end !== null;
  return {
    id: url.annotation(a.id),
    type: "Annotation",
    motivation: "commenting",
    created: a.createdAt.toISOString(),
    creator: { type: "Person", name: a.author.name },
    // A hidden annotation keeps its place with the public reason and no body.
    ...(a.body === null ? {} : { body: { type: "TextualBody", value: a.body, format: "text/plain" } }),
    target: {
      source: url.version(a.version),
      ...(anchored
        ? {
            "redacta:clauseId": a.clauseId,
            selector: [
              { type: "TextQuoteSelector", exact: a.exact, prefix: a.prefix ?? "", suffix: a.suffix ?? "" },
              { type: "TextPositionSelector", start: a.start, end: a.end },
            ],
          }
        : {}),
    },
    "redacta:madeOnVersion": a.madeOnVersion,
    "redacta:carryStatus": a.carryStatus,
    "redacta:originalQuote": a.originalExact,
    ...(anchored ? {} : { "redacta:orphanReason": a.orphanReason, "redacta:lastClauseId": a.clauseId, "redacta:lastQuote": a.exact }),
    ...(a.resolution ? { "redacta:resolution": a.resolution } : {}),
    ...(a.hidden ? { "redacta:hiddenReason": a.hidden.reason } : {}),
  };
}

const ListQuery = z.object({
  version: z.string().regex(/^[1-9]\d{0,8}$/, "A version number.").optional(),
  page: z.string().regex(/^[1-9]\d{0,6}$/, "A page number.").optional(),
});

/**
 * `GET /api/v1/processes/{slug}/annotations?version=N[&page=P]`: without `page`, the
 * AnnotationCollection with its first page embedded; with it, that AnnotationPage. `version`
 * defaults to the latest published one.
 */
export function listAnnotationsApi(request: Request, app: AppContext, slug: string): Response {
  const at = app.now();
  const process = findVisibleProcess(app.db, app.user, slug, at);
  if (!process) return apiError(404, "not_found", "No process with this slug.");
  const params = new URL(request.url).searchParams;
  const query = ListQuery.safeParse({ version: params.get("version") ?? undefined, page: params.get("page") ?? undefined });
  if (!query.success) return apiError(400, "invalid_request", "The query is invalid; see `fields`.", { fields: fieldsOf(query.error) });
  const number = query.data.version ? parseVersionNumber(query.data.version) : process.latestVersion;
  const version = number === null ? null : loadVersion(app.db, process.id, number);
  if (!version) return apiError(404, "not_found", "No published version with this number.");

  const pageNumber = query.data.page ? Number(query.data.page) : 1;
  const offset = (pageNumber - 1) * ANNOTATION_PAGE_SIZE;
  const { total, items } = listAnnotations(app.db, app.user, { id: version.id, number: version.number }, { offset, limit: ANNOTATION_PAGE_SIZE });
  const lastPage = Math.max(1, Math.ceil(total / ANNOTATION_PAGE_SIZE));
  if (pageNumber > lastPage) return apiError(404, "not_found", "No such page.");
  const url = urls(app, process.slug);
  const page = {
    id: url.page(version.number, pageNumber),
    type: "AnnotationPage",
    startIndex: offset,
    items: items.map((a) => annotationToW3c(a, url)),
    ...(pageNumber < lastPage ? { next: url.page(version.number, pageNumber + 1) } : {}),
    ...(pageNumber > 1 ? { prev: url.page(version.number, pageNumber - 1) } : {}),
  };
  const personal = app.user !== null;
  if (query.data.page) return ldJson({ "@context": CONTEXT, ...page, partOf: url.collection(version.number) }, 200, personal);
  return ldJson(
    {
      "@context": CONTEXT,
      id: url.collection(version.number),
      type: "AnnotationCollection",
      label: `Annotations on version ${version.number} of ${process.title}`,
      total,
      first: page,
      last: url.page(version.number, lastPage),
    },
    200,
    personal,
  );
}

/**
 * `GET /api/v1/processes/{slug}/annotations/{id}`: one annotation (its IRI dereferences) as it
 * stands on its current version.
 */
export function getAnnotationApi(app: AppContext, slug: string, rawId: string): Response {
  const process = findVisibleProcess(app.db, app.user, slug, app.now());
  if (!process) return apiError(404, "not_found", "No process with this slug.");
  const id = /^[1-9]\d{0,14}$/.test(rawId) ? Number(rawId) : null;
  const found = id === null ? null : getAnnotation(app.db, app.user, process.id, id);
  if (!found) return apiError(404, "not_found", "No annotation with this id in this process.");
  return ldJson({ "@context": CONTEXT, ...annotationToW3c(found, urls(app, process.slug)) }, 200, app.user !== null);
}

const TextQuote = z.object({
  type: z.literal("TextQuoteSelector"),
  exact: z.string({ required_error: "Required." }).min(1, "Required."),
  prefix: z.string().optional(),
  suffix: z.string().optional(),
});
const TextPosition = z.object({
  type: z.literal("TextPositionSelector"),
  start: z.number({ required_error: "Required." }).int().nonnegative(),
  end: z.number({ required_error: "Required." }).int().nonnegative(),
});

/**
 * The body of `POST …/annotations`: a W3C Annotation with a plain-text TextualBody and a target
 * naming the version (`source`), the clause (`redacta:clauseId`) and both selectors. Lengths are
 * left to the service, which counts code points and answers with the field and reason.
 */
export const AnnotationRequestSchema = z.object({
  "@context": z.union([z.string(), z.array(z.unknown())]).optional(),
  type: z.literal("Annotation").optional(),
  motivation: z.string().optional(),
  body: z.object(
    {
      type: z.literal("TextualBody"),
      value: z.string({ required_error: "Required." }),
      format: z.literal("text/plain", { errorMap: () => ({ message: "Only text/plain." }) }).optional(),
    },
    { required_error: "Required." },
  ),
  target: z.object(
    {
      source: z.string({ required_error: "Required." }).max(2048),
      "redacta:clauseId": z.string({ required_error: "Required." }).min(1, "Required.").max(64),
      selector: z
        .array(z.discriminatedUnion("type", [TextQuote, TextPosition]), { required_error: "Required." })
        .max(4)
        .refine((list) => list.filter((s) => s.type === "TextQuoteSelector").length === 1 && list.filter((s) => s.type === "TextPositionSelector").length === 1, {
          message: "Exactly one TextQuoteSelector and one TextPositionSelector.",
        }),
    },
    { required_error: "Required." },
  ),
});

function fieldsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.filter((p) => typeof p === "string").join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** The version number a target's source names: `…/processes/{slug}/versions/{n}` (absolute or not). */
function versionOfSource(source: string, slug: string): number | null {
  const match = /\/api\/v1\/processes\/([^/?#]+)\/versions\/([1-9]\d{0,8})$/.exec(source);
  if (!match?.[1] || !match[2] || decodeURIComponent(match[1]) !== slug) return null;
  return Number(match[2]);
}

async function readBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json" && type !== "application/ld+json") {
    return { ok: false, response: apiError(415, "unsupported_media_type", "Send the annotation as application/ld+json or application/json.") };
  }
  const text = await request.text();
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : "unreadable body";
    return { ok: false, response: apiError(400, "invalid_json", `The body is not valid JSON (${detail}).`) };
  }
}

/**
 * `POST /api/v1/processes/{slug}/annotations`: creates an annotation (cookie + X-CSRF-Token, the
 * pipeline checks the token, or a bearer token). 201 with the stored annotation, whose selectors
 * are the server's; 400 with `fields` for a bad body or a selector that does not match the text;
 * 401 anonymous; 403 blocked or phase closed (`phase_closed`); 404 unknown process or version.
 */
export async function createAnnotationApi(request: Request, app: AppContext, slug: string): Promise<Response> {
  if (!app.user) return unauthenticated();
  // A missing process is 404 whatever the body says (the service checks again, in its order).
  if (!findVisibleProcess(app.db, app.user, slug, app.now())) return apiError(404, "not_found", "No process with this slug.");
  const body = await readBody(request);
  if (!body.ok) return body.response;
  const parsed = AnnotationRequestSchema.safeParse(body.value);
  if (!parsed.success) return apiError(400, "invalid_request", "The annotation is invalid; see `fields`.", { fields: fieldsOf(parsed.error) });
  const { target } = parsed.data;
  const version = versionOfSource(target.source, slug);
  if (version === null) {
    return apiError(400, "invalid_request", "The annotation is invalid; see `fields`.", {
      fields: { "target.source": ["Must be the URL of a version of this process: /api/v1/processes/{slug}/versions/{n}."] },
    });
  }
  const quote = target.selector.find((s) => s.type === "TextQuoteSelector");
  const position = target.selector.find((s) => s.type === "TextPositionSelector");
  if (!quote || !position) return apiError(400, "invalid_request", "Both selectors are required.", { fields: { "target.selector": ["Required."] } });

  try {
    const made = createAnnotation(
      app.db,
      app.user,
      { slug, version, clauseId: target["redacta:clauseId"], quote, position: { start: position.start, end: position.end }, body: parsed.data.body.value },
      app.now(),
    );
    const url = urls(app, slug);
    return ldJson({ "@context": CONTEXT, ...annotationToW3c(made, url) }, 201, true, { Location: url.annotation(made.id) });
  } catch (error) {
    if (error instanceof PhaseClosedError) return apiError(403, "phase_closed", "The annotation phase of this process is not open.");
    if (error instanceof ForbiddenError) return apiError(403, "forbidden", "You may not annotate.");
    if (error instanceof NotFoundError) return apiError(404, "not_found", `No ${error.entity} ${String(error.key)}.`);
    if (error instanceof ValidationError) return apiError(400, "invalid_request", "The annotation is invalid; see `fields`.", { fields: error.fieldErrors });
    throw error;
  }
}
