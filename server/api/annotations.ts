import { createHash } from "node:crypto";
import { z } from "zod";
import type { AppContext } from "../context";
import { getAnnotation, listAnnotations, type AnnotationView } from "../services/annotations/annotations";
import { loadVersion, parseVersionNumber } from "../services/documents/versions";
import { findVisibleProcess } from "../services/processes";
import { apiError } from "./respond";

/**
 * The annotations API as the W3C Web Annotation Protocol (2017) describes it: per process, one
 * Annotation Container (an LDP Basic Container, `…/annotations/`) whose contents, one version at
 * a time, are paged as AnnotationPages; each annotation at `…/annotations/{id}`. Redacta's own
 * facts (clause id, carry status, the version an annotation was made on, the original quote) are
 * namespaced properties under the `redacta:` prefix declared in an extra context, which keeps
 * every document valid JSON-LD. Writes are in annotation-writes.ts.
 */

/** The W3C annotation context. */
export const ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld";
/** The LDP context, for the container's own description. */
export const LDP_CONTEXT = "http://www.w3.org/ns/ldp.jsonld";
/** The namespace of Redacta's extension properties (an IRI that names, not a page to fetch). */
export const REDACTA_NS = "urn:redacta:annotation:";
/** The media type of every annotation document, as the W3C Web Annotation Protocol names it. */
export const ANNO_TYPE = `application/ld+json; profile="${ANNO_CONTEXT}"`;
/** Annotations per page of a collection. */
export const ANNOTATION_PAGE_SIZE = 100;

/** The Prefer header's container preferences (protocol §4.2.1). */
export const PREFER = {
  minimal: "http://www.w3.org/ns/ldp#PreferMinimalContainer",
  iris: "http://www.w3.org/ns/oa#PreferContainedIRIs",
  descriptions: "http://www.w3.org/ns/oa#PreferContainedDescriptions",
} as const;

/** Link headers: what a container is and what constrains it (§4.1), what an annotation is (§3). */
export const CONTAINER_LINKS = [
  '<http://www.w3.org/ns/ldp#BasicContainer>; rel="type"',
  '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"',
].join(", ");
export const ANNOTATION_LINKS = ['<http://www.w3.org/ns/ldp#Resource>; rel="type"', '<http://www.w3.org/ns/oa#Annotation>; rel="type"'].join(", ");
/** The methods of each resource (the Allow header). */
export const CONTAINER_ALLOW = "GET, HEAD, OPTIONS, POST";
export const ANNOTATION_ALLOW = "GET, HEAD, OPTIONS, PUT, DELETE";
/** What a POST may send (Accept-Post, LDP §5.2.3.14 via protocol §4.1). */
export const ACCEPT_POST = `${ANNO_TYPE}, application/ld+json, application/json`;

const CONTEXT = [ANNO_CONTEXT, { redacta: REDACTA_NS }] as const;
const CONTAINER_CONTEXT = [ANNO_CONTEXT, LDP_CONTEXT, { redacta: REDACTA_NS }] as const;

/** A strong entity tag of a representation: the same bytes, the same tag (RFC 7232 §2.3). */
export function entityTag(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/**
 * A JSON-LD answer with the protocol's headers. Answers depend on who asks (moderators see hidden
 * bodies), so signed-in callers' answers are never stored and every answer varies on credentials,
 * on Accept (the protocol's MUST) and on Prefer (the container's representations).
 */
export function ldJson(data: unknown, status: number, personal: boolean, extraHeaders: Record<string, string> = {}): { response: Response; etag: string } {
  const text = JSON.stringify(data);
  const etag = entityTag(text);
  const headers = new Headers(extraHeaders);
  headers.set("Content-Type", ANNO_TYPE);
  headers.set("ETag", etag);
  headers.set("Cache-Control", personal ? "no-store" : "no-cache");
  headers.set("Vary", "Accept, Prefer, Authorization, Cookie");
  return { response: new Response(text, { status, headers }), etag };
}

/** An API error from the container, still carrying its Link headers (§4.1: "on all responses"). */
export function containerError(status: number, code: string, message: string, extra: Parameters<typeof apiError>[3] = {}): Response {
  return apiError(status, code, message, { ...extra, headers: { Link: CONTAINER_LINKS, Vary: "Accept, Prefer, Authorization, Cookie", ...extra.headers } });
}

/** An API error about one annotation, with its Link and Allow headers. */
export function annotationError(status: number, code: string, message: string, extra: Parameters<typeof apiError>[3] = {}): Response {
  return apiError(status, code, message, { ...extra, headers: { Link: ANNOTATION_LINKS, Allow: ANNOTATION_ALLOW, Vary: "Accept, Authorization, Cookie", ...extra.headers } });
}

/** URLs of one process's annotation resources. The container's IRI ends in "/" (§4). */
export function annotationUrls(app: AppContext, slug: string) {
  const base = `${app.origin}/api/v1/processes/${encodeURIComponent(slug)}`;
  const container = `${base}/annotations/`;
  const query = (n: number, iris: boolean, page?: number) => `${container}?version=${n}${iris ? "&iris=1" : ""}${page === undefined ? "" : `&page=${page}`}`;
  return {
    version: (n: number) => `${base}/versions/${n}`,
    container,
    collection: (n: number, iris = false) => query(n, iris),
    page: (n: number, page: number, iris = false) => query(n, iris, page),
    annotation: (id: number) => `${container}${id}`,
  };
}

/** One annotation as a W3C Annotation (without @context; the enclosing document has it). */
export function annotationToW3c(a: AnnotationView, url: ReturnType<typeof annotationUrls>): Record<string, unknown> {
  const anchored = a.start !== null && a.end !== null;
  return {
    id: url.annotation(a.id),
    type: "Annotation",
    motivation: "commenting",
    created: a.createdAt.toISOString(),
    ...(a.modifiedAt ? { modified: a.modifiedAt.toISOString() } : {}),
    ...(a.canonical ? { canonical: a.canonical } : {}),
    ...(a.via ? { via: a.via } : {}),
    creator: { type: "Person", name: a.author.name },
    // A hidden annotation keeps its place with the public reason and no body.
    ...(a.body === null ? {} : { body: { type: "TextualBody", value: a.body, format: "text/plain" } }),
    target: {
      // The clause is the fragment of the version: the selectors' offsets are relative to it.
      source: anchored ? `${url.version(a.version)}#${encodeURIComponent(a.clauseId)}` : url.version(a.version),
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

/** One annotation as the document its IRI serves (with @context). */
export function annotationDocument(a: AnnotationView, url: ReturnType<typeof annotationUrls>): Record<string, unknown> {
  return { "@context": CONTEXT, ...annotationToW3c(a, url) };
}

/** The headers every representation of an annotation carries (§3). */
export function annotationHeaders(): Record<string, string> {
  return { Link: ANNOTATION_LINKS, Allow: ANNOTATION_ALLOW };
}

/** The container preferences a Prefer header asks for (RFC 7240 `return=representation; include="…"`). */
export function containerPreferences(prefer: string | null): { minimal: boolean; iris: boolean; applied: boolean } {
  if (!prefer) return { minimal: false, iris: false, applied: false };
  const include = /(?:^|[;,\s])include\s*=\s*"([^"]*)"/i.exec(prefer)?.[1] ?? "";
  const wanted = new Set(include.split(/\s+/).filter(Boolean));
  const minimal = wanted.has(PREFER.minimal);
  // §4.2.1: IRIs and descriptions are mutually exclusive; with both, descriptions (the default).
  const iris = wanted.has(PREFER.iris) && !wanted.has(PREFER.descriptions);
  return { minimal, iris, applied: /return\s*=\s*representation/i.test(prefer) && wanted.size > 0 };
}

const ListQuery = z.object({
  version: z.string().regex(/^[1-9]\d{0,8}$/, "A version number.").optional(),
  page: z.string().regex(/^[1-9]\d{0,6}$/, "A page number.").optional(),
  iris: z.enum(["0", "1"], { errorMap: () => ({ message: "0 or 1." }) }).optional(),
});

function fieldsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.filter((p) => typeof p === "string").join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** The container's headers on GET, HEAD and OPTIONS (§4.1). */
function containerHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { Link: CONTAINER_LINKS, Allow: CONTAINER_ALLOW, "Accept-Post": ACCEPT_POST, ...extra };
}

/**
 * `GET|HEAD|OPTIONS /api/v1/processes/{slug}/annotations/?version=N[&page=P][&iris=1]` (with or
 * without the slash). Without `page`, the container: a BasicContainer and AnnotationCollection of
 * the version's annotations (the latest version by default) with its first page embedded, or
 * only links to the first and last pages for `Prefer: …PreferMinimalContainer`, and with IRIs
 * instead of descriptions for `…PreferContainedIRIs` (`iris=1` in the IRIs it then links to).
 * With `page`, that AnnotationPage with `partOf`, `startIndex`, `prev` and `next`. OPTIONS gets
 * the headers of the GET with no body. Content-Location names the representation served.
 */
export function readContainerApi(request: Request, app: AppContext, slug: string): Response {
  const at = app.now();
  const process = findVisibleProcess(app.db, app.user, slug, at);
  if (!process) return containerError(404, "not_found", "No process with this slug.");
  const params = new URL(request.url).searchParams;
  const query = ListQuery.safeParse({ version: params.get("version") ?? undefined, page: params.get("page") ?? undefined, iris: params.get("iris") ?? undefined });
  if (!query.success) return containerError(400, "invalid_request", "The query is invalid; see `fields`.", { fields: fieldsOf(query.error) });
  const number = query.data.version ? parseVersionNumber(query.data.version) : process.latestVersion;
  const version = number === null ? null : loadVersion(app.db, process.id, number);
  if (!version) return containerError(404, "not_found", "No published version with this number.");

  const preferences = containerPreferences(request.headers.get("prefer"));
  // A page's IRI carries the choice made on the container; the Prefer header is for the container.
  const iris = query.data.page ? query.data.iris === "1" : query.data.iris === "1" || preferences.iris;
  const pageNumber = query.data.page ? Number(query.data.page) : 1;
  const offset = (pageNumber - 1) * ANNOTATION_PAGE_SIZE;
  const { total, items } = listAnnotations(app.db, app.user, { id: version.id, number: version.number }, { offset, limit: ANNOTATION_PAGE_SIZE });
  const lastPage = Math.max(1, Math.ceil(total / ANNOTATION_PAGE_SIZE));
  if (pageNumber > lastPage) return containerError(404, "not_found", "No such page.");
  const url = annotationUrls(app, process.slug);
  const collectionId = url.collection(version.number, iris);
  const page = {
    id: url.page(version.number, pageNumber, iris),
    type: "AnnotationPage",
    partOf: collectionId,
    startIndex: offset,
    items: items.map((a) => (iris ? url.annotation(a.id) : annotationToW3c(a, url))),
    ...(pageNumber < lastPage ? { next: url.page(version.number, pageNumber + 1, iris) } : {}),
    ...(pageNumber > 1 ? { prev: url.page(version.number, pageNumber - 1, iris) } : {}),
  };
  const personal = app.user !== null;

  let built: { response: Response; etag: string };
  if (query.data.page) {
    // §4.3: a page is not a container, so no Link type; it is read-only.
    built = ldJson({ "@context": CONTEXT, ...page }, 200, personal, { Allow: "GET, HEAD, OPTIONS", "Content-Location": page.id });
  } else {
    const collection = {
      "@context": CONTAINER_CONTEXT,
      id: collectionId,
      type: ["BasicContainer", "AnnotationCollection"],
      label: `Annotations on version ${version.number} of ${process.title}`,
      total,
      ...(preferences.minimal ? { first: page.id } : { first: page }),
      last: url.page(version.number, lastPage, iris),
    };
    const extra: Record<string, string> = { "Content-Location": collectionId };
    if (preferences.applied) extra["Preference-Applied"] = "return=representation";
    built = ldJson(collection, 200, personal, containerHeaders(extra));
  }
  if (request.method !== "OPTIONS") return built.response;
  const headers = new Headers(built.response.headers);
  headers.delete("Content-Type");
  return new Response(null, { status: 200, headers });
}

/**
 * `GET|HEAD|OPTIONS /api/v1/processes/{slug}/annotations/{id}`: one annotation (its IRI
 * dereferences) as it stands on its current version, with the §3 headers (Link type Resource,
 * ETag, Allow, Vary). A deleted one answers 410 Gone: it existed, and is kept for the audit.
 */
export function readAnnotationApi(request: Request, app: AppContext, slug: string, rawId: string): Response {
  const process = findVisibleProcess(app.db, app.user, slug, app.now());
  if (!process) return annotationError(404, "not_found", "No process with this slug.");
  const id = parseAnnotationId(rawId);
  const found = id === null ? null : getAnnotation(app.db, app.user, process.id, id);
  if (!found) return annotationError(404, "not_found", "No annotation with this id in this process.");
  if (found.deletedAt) return annotationError(410, "gone", `This annotation was deleted on ${found.deletedAt.toISOString()}.`);
  const { response } = ldJson(annotationDocument(found, annotationUrls(app, process.slug)), 200, app.user !== null, annotationHeaders());
  if (request.method !== "OPTIONS") return response;
  const headers = new Headers(response.headers);
  headers.delete("Content-Type");
  return new Response(null, { status: 200, headers });
}

/** The number in an annotation's IRI, or null for anything else. */
export function parseAnnotationId(raw: string): number | null {
  return /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : null;
}

/** The entity tag a caller would have received for this annotation (If-Match compares to it). */
export function annotationEtag(a: AnnotationView, url: ReturnType<typeof annotationUrls>): string {
  return entityTag(JSON.stringify(annotationDocument(a, url)));
}
