import { z } from "zod";
import type { AppContext } from "../context";
import {
  ConflictError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from "../errors";
import {
  createAnnotation,
  PhaseClosedError,
} from "../services/annotations/annotations";
import type { QuoteCandidate } from "../services/annotations/locate";
import {
  deleteAnnotation,
  updateAnnotation,
  type Precondition,
} from "../services/annotations/revise";
import { findVisibleProcess } from "../services/processes";
import { normaliseTarget, TargetSchema } from "./annotation-target";
import {
  annotationDocument,
  annotationError,
  annotationEtag,
  annotationHeaders,
  annotationUrls,
  CONTAINER_LINKS,
  containerError,
  ldJson,
  parseAnnotationId,
} from "./annotations";

/**
 * Writing annotations through the W3C Web Annotation Protocol (§5): POST to the container
 * creates (201, Location = the new id), PUT on an annotation replaces it (200 with the new state;
 * If-Match → 412 when stale), DELETE removes it (204). Cookie callers send X-CSRF-Token (the
 * pipeline checks it); bearer-token callers do not.
 */

/**
 * The body of `POST …/annotations/` and `PUT …/annotations/{id}`: a W3C Annotation with a
 * plain-text TextualBody and a standard target (see annotation-target.ts). Lengths are left to
 * the service, which counts code points and answers with the field and reason.
 */
export const AnnotationRequestSchema = z.object({
  "@context": z.union([z.string(), z.array(z.unknown())]).optional(),
  id: z.string().max(2048).optional(),
  type: z.literal("Annotation").optional(),
  motivation: z.string().optional(),
  canonical: z.string().min(1).max(2048).optional(),
  via: z.string().max(2048).optional(),
  body: z.object(
    {
      type: z.literal("TextualBody"),
      value: z.string({ required_error: "Required." }),
      format: z
        .literal("text/plain", {
          errorMap: () => ({ message: "Only text/plain." }),
        })
        .optional(),
    },
    { required_error: "Required." }
  ),
  target: TargetSchema,
});

function fieldsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key =
      issue.path.length > 0
        ? issue.path.filter((p) => typeof p === "string").join(".")
        : "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

type Refusal = (
  status: number,
  code: string,
  message: string,
  extra?: Parameters<typeof containerError>[3]
) => Response;

function unauthenticated(refuse: Refusal): Response {
  return refuse(
    401,
    "unauthenticated",
    "Sign in: send a bearer token or the session cookie.",
    { headers: { "WWW-Authenticate": 'Bearer realm="redacta"' } }
  );
}

async function readBody(
  request: Request,
  refuse: Refusal
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const type = (request.headers.get("content-type") ?? "")
    .split(";")[0]
    ?.trim()
    .toLowerCase();
  if (type !== "application/json" && type !== "application/ld+json") {
    return {
      ok: false,
      response: refuse(
        415,
        "unsupported_media_type",
        "Send the annotation as application/ld+json or application/json."
      ),
    };
  }
  const text = await request.text();
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail =
      error instanceof SyntaxError ? error.message : "unreadable body";
    return {
      ok: false,
      response: refuse(
        400,
        "invalid_json",
        `The body is not valid JSON (${detail}).`
      ),
    };
  }
}

/** The W3C targets a client can send back to pick one of the places an ambiguous quote matches. */
function candidateTargets(
  app: AppContext,
  slug: string,
  version: number,
  candidates: QuoteCandidate[]
) {
  const url = annotationUrls(app, slug);
  return candidates.map((c) => ({
    source: `${url.version(version)}#${encodeURIComponent(c.clauseId)}`,
    selector: [
      {
        type: "TextQuoteSelector",
        exact: c.exact,
        prefix: c.prefix,
        suffix: c.suffix,
      },
      { type: "TextPositionSelector", start: c.start, end: c.end },
    ],
  }));
}

/** Maps a service error to the protocol's answer (§6 error conditions); rethrows the unknown. */
function answerError(
  error: unknown,
  refuse: Refusal,
  app: AppContext,
  slug: string,
  version: number | null
): Response {
  if (error instanceof PhaseClosedError)
    return refuse(
      403,
      "phase_closed",
      "The annotation phase of this process is not open."
    );
  if (error instanceof ForbiddenError)
    return refuse(403, "forbidden", "You may not do this to this annotation.");
  if (error instanceof NotFoundError)
    return refuse(404, "not_found", `No ${error.entity} ${String(error.key)}.`);
  if (error instanceof GoneError)
    return refuse(410, "gone", "This annotation was deleted.");
  if (error instanceof PreconditionFailedError)
    return refuse(
      412,
      "precondition_failed",
      "If-Match does not match the annotation's current ETag: fetch it again."
    );
  if (error instanceof ValidationError)
    return refuse(
      400,
      "invalid_request",
      "The annotation is invalid; see `fields`.",
      { fields: error.fieldErrors }
    );
  if (error instanceof ConflictError) {
    if (error.code === "ambiguous_quote" && version !== null) {
      const detail = error.detail as {
        total: number;
        candidates: QuoteCandidate[];
      };
      const body = {
        error: {
          status: 409,
          code: "ambiguous_quote",
          message: `The quote appears ${detail.total} times in version ${version}; send one of the candidate targets (or a TextPositionSelector).`,
          total: detail.total,
          candidates: candidateTargets(app, slug, version, detail.candidates),
        },
      };
      const response = refuse(409, "ambiguous_quote", "");
      return new Response(JSON.stringify(body), {
        status: 409,
        headers: response.headers,
      });
    }
    return refuse(
      409,
      error.code,
      String(error.detail.reason ?? "This value cannot be changed."),
      { fields: { [String(error.detail.field ?? "_")]: [error.code] } }
    );
  }
  throw error;
}

/**
 * `POST /api/v1/processes/{slug}/annotations/`: creates an annotation (§5.1). 201 with the
 * stored annotation (selectors recomputed by the server, `canonical` kept, a client `id` kept as
 * `via`), `Location` equal to its new `id`, and its ETag; 400 with `fields`; 401 anonymous; 403
 * blocked or phase closed; 404 unknown process or version; 409 `ambiguous_quote` with candidate
 * targets for a quote alone that matches several places; 415 another media type.
 */
export async function createAnnotationApi(
  request: Request,
  app: AppContext,
  slug: string
): Promise<Response> {
  if (!app.user) return unauthenticated(containerError);
  // A missing process is 404 whatever the body says (the service checks again, in its order).
  if (!findVisibleProcess(app.db, app.user, slug, app.now()))
    return containerError(404, "not_found", "No process with this slug.");
  const body = await readBody(request, containerError);
  if (!body.ok) return body.response;
  const parsed = AnnotationRequestSchema.safeParse(body.value);
  if (!parsed.success)
    return containerError(
      400,
      "invalid_request",
      "The annotation is invalid; see `fields`.",
      { fields: fieldsOf(parsed.error) }
    );
  const target = normaliseTarget(parsed.data.target, slug);
  if (!target.ok)
    return containerError(
      400,
      "invalid_request",
      "The annotation is invalid; see `fields`.",
      { fields: target.fields }
    );
  try {
    const made = createAnnotation(
      app.db,
      app.user,
      {
        slug,
        target: target.spec,
        body: parsed.data.body.value,
        canonical: parsed.data.canonical ?? null,
        via: parsed.data.id ?? parsed.data.via ?? null,
      },
      app.now()
    );
    const url = annotationUrls(app, slug);
    return ldJson(annotationDocument(made, url), 201, true, {
      ...annotationHeaders(),
      Link: CONTAINER_LINKS,
      Location: url.annotation(made.id),
    }).response;
  } catch (error) {
    return answerError(error, containerError, app, slug, target.spec.version);
  }
}

/** The If-Match precondition (RFC 7232 §3.1, strong comparison); absent = no condition. */
function ifMatch(
  request: Request,
  app: AppContext,
  slug: string
): Precondition {
  const header = request.headers.get("if-match");
  if (header === null) return () => true;
  const tags = header.split(",").map((t) => t.trim());
  if (tags.includes("*")) return () => true;
  const url = annotationUrls(app, slug);
  return (current) => tags.includes(annotationEtag(current, url));
}

/**
 * `PUT /api/v1/processes/{slug}/annotations/{id}`: replaces the annotation (§5.3) — its author,
 * while the annotation phase is open. Only the body may change; a target, `canonical` or `via`
 * other than the stored one is 409 (values the client may not modify). 200 with the new state
 * and ETag; 401 anonymous; 403 another person's or phase closed; 404; 410 deleted; 412 stale If-Match.
 */
export async function updateAnnotationApi(
  request: Request,
  app: AppContext,
  slug: string,
  rawId: string
): Promise<Response> {
  if (!app.user) return unauthenticated(annotationError);
  const id = parseAnnotationId(rawId);
  if (id === null)
    return annotationError(
      404,
      "not_found",
      "No annotation with this id in this process."
    );
  const body = await readBody(request, annotationError);
  if (!body.ok) return body.response;
  const parsed = AnnotationRequestSchema.safeParse(body.value);
  if (!parsed.success)
    return annotationError(
      400,
      "invalid_request",
      "The annotation is invalid; see `fields`.",
      { fields: fieldsOf(parsed.error) }
    );
  const url = annotationUrls(app, slug);
  if (parsed.data.id !== undefined && parsed.data.id !== url.annotation(id)) {
    return annotationError(
      409,
      "id_immutable",
      "`id` must be this annotation's IRI.",
      { fields: { id: ["id_immutable"] } }
    );
  }
  const target = normaliseTarget(parsed.data.target, slug);
  if (!target.ok)
    return annotationError(
      400,
      "invalid_request",
      "The annotation is invalid; see `fields`.",
      { fields: target.fields }
    );
  try {
    const updated = updateAnnotation(
      app.db,
      app.user,
      slug,
      id,
      {
        body: parsed.data.body.value,
        target: target.spec,
        canonical: parsed.data.canonical ?? null,
        via: parsed.data.via ?? null,
      },
      ifMatch(request, app, slug),
      app.now()
    );
    return ldJson(
      annotationDocument(updated, url),
      200,
      true,
      annotationHeaders()
    ).response;
  } catch (error) {
    return answerError(error, annotationError, app, slug, null);
  }
}

/**
 * `DELETE /api/v1/processes/{slug}/annotations/{id}` (§5.4): its author or a moderator; 204, and
 * the annotation leaves the container (its row stays, audited). 401 anonymous; 403 someone
 * else's; 404; 410 already deleted; 412 stale If-Match.
 */
export function deleteAnnotationApi(
  request: Request,
  app: AppContext,
  slug: string,
  rawId: string
): Response {
  if (!app.user) return unauthenticated(annotationError);
  const id = parseAnnotationId(rawId);
  if (id === null)
    return annotationError(
      404,
      "not_found",
      "No annotation with this id in this process."
    );
  try {
    deleteAnnotation(
      app.db,
      app.user,
      slug,
      id,
      ifMatch(request, app, slug),
      app.now()
    );
    return new Response(null, {
      status: 204,
      headers: { "Cache-Control": "no-store" },
    });
  } catch (error) {
    return answerError(error, annotationError, app, slug, null);
  }
}
