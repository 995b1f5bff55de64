import { ANNO_TYPE, ANNOTATION_PAGE_SIZE } from "../annotations";
import { errorResponses, optionalAuth, requiredAuth } from "./common";
import { jsonResponse, ref, type OpenApiFragment, type OperationObject, type ParameterObject, type ResponseObject, type SchemaObject } from "./types";

const ldResponse = (description: string, schema: SchemaObject, headers?: ResponseObject["headers"]): ResponseObject => ({
  description,
  ...(headers ? { headers } : {}),
  content: { [ANNO_TYPE]: { schema } },
});

const redactaNote =
  "Redacta's own properties use the `redacta:` prefix declared in the second `@context` entry " +
  "(`urn:redacta:annotation:`): `redacta:clauseId` on the target, and on the annotation `redacta:madeOnVersion`, " +
  "`redacta:carryStatus` (made_here, carried, moved, orphaned), `redacta:originalQuote`, and for orphans " +
  "`redacta:orphanReason`, `redacta:lastClauseId`, `redacta:lastQuote`. Selectors count Unicode code points.";

const textQuote: SchemaObject = {
  type: "object",
  required: ["type", "exact"],
  properties: {
    type: { type: "string", const: "TextQuoteSelector" },
    exact: { type: "string" },
    prefix: { type: "string", description: "Up to 32 code points before the quote." },
    suffix: { type: "string", description: "Up to 32 code points after the quote." },
  },
};
const fragment: SchemaObject = {
  type: "object",
  required: ["type", "value"],
  properties: {
    type: { type: "string", const: "FragmentSelector" },
    value: { type: "string", description: "The clause id." },
    conformsTo: { type: "string" },
    refinedBy: { description: "The TextQuoteSelector and/or TextPositionSelector within the clause." },
  },
};
const textPosition: SchemaObject = {
  type: "object",
  required: ["type", "start", "end"],
  properties: {
    type: { type: "string", const: "TextPositionSelector" },
    start: { type: "integer", minimum: 0, description: "Inclusive, in code points of the clause's plain text." },
    end: { type: "integer", minimum: 0, description: "Exclusive." },
  },
};

const slugParam: ParameterObject = { name: "slug", in: "path", required: true, description: "The process's URL name.", schema: { type: "string" } };
const idParam: ParameterObject = { name: "id", in: "path", required: true, description: "The annotation's number.", schema: { type: "integer", minimum: 1 } };
const containerQuery: ParameterObject[] = [
  slugParam,
  { name: "version", in: "query", required: false, description: "Version number; the latest by default.", schema: { type: "integer", minimum: 1 } },
  { name: "page", in: "query", required: false, description: "Page number (from 1).", schema: { type: "integer", minimum: 1 } },
  { name: "iris", in: "query", required: false, description: "1: pages list annotation IRIs only (what `Prefer: …PreferContainedIRIs` links to).", schema: { type: "string", enum: ["0", "1"] } },
  {
    name: "Prefer",
    in: "header" as const,
    required: false,
    description:
      'RFC 7240 container preferences (protocol §4.2.1): `return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"` ' +
      "links to the first page instead of embedding it; `…oa#PreferContainedIRIs` lists IRIs; `…oa#PreferContainedDescriptions` (the default) full annotations.",
    schema: { type: "string" },
  },
];
const containerHeaders: ResponseObject["headers"] = {
  Link: { description: 'The container\'s type and constraints: `<http://www.w3.org/ns/ldp#BasicContainer>; rel="type"` and `<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"`.', schema: { type: "string" } },
  ETag: { description: "Strong entity tag of this representation.", schema: { type: "string" } },
  Allow: { description: "GET, HEAD, OPTIONS, POST.", schema: { type: "string" } },
  Vary: { description: "Accept, Prefer, Authorization, Cookie.", schema: { type: "string" } },
  "Accept-Post": { description: "The media types a POST may send.", schema: { type: "string" } },
  "Content-Location": { description: "The IRI of the representation served (the `id` of the body).", schema: { type: "string", format: "uri" } },
};
const annotationHeaders: ResponseObject["headers"] = {
  Link: { description: '`<http://www.w3.org/ns/ldp#Resource>; rel="type"` and `<http://www.w3.org/ns/oa#Annotation>; rel="type"`.', schema: { type: "string" } },
  ETag: { description: "Strong entity tag; send it back in If-Match on PUT and DELETE.", schema: { type: "string" } },
  Allow: { description: "GET, HEAD, OPTIONS, PUT, DELETE.", schema: { type: "string" } },
  Vary: { description: "Accept, Prefer, Authorization, Cookie.", schema: { type: "string" } },
};
const ifMatch: ParameterObject = { name: "If-Match", in: "header", required: false, description: "The ETag last received; a stale one gets 412 and changes nothing.", schema: { type: "string" } };
const containerGet: Omit<OperationObject, "operationId" | "responses"> = {
  summary: "The process's W3C Annotation Container: a version's annotations as a BasicContainer / AnnotationCollection",
  description:
    "W3C Web Annotation Protocol §4: one container per process at `…/annotations/` (the same without the slash). " +
    `Annotations anchored (or orphaned) on the version, oldest first, ${ANNOTATION_PAGE_SIZE} per AnnotationPage. Without \`page\`, the ` +
    "container with its first page embedded (or linked, for PreferMinimalContainer); with `page`, that AnnotationPage with " +
    "`partOf`, `startIndex`, `prev`, `next`. Deleted annotations are not listed. Hidden annotations keep their place " +
    "without a body, with `redacta:hiddenReason`. " +
    redactaNote,
  tags: ["annotations"],
  security: optionalAuth,
  parameters: containerQuery,
};

/** W3C Web Annotation Protocol endpoints: the container of a process and each annotation. */
export const annotationsApi: OpenApiFragment = {
  tags: [{ name: "annotations", description: "Comments on exact words of a published version (W3C Web Annotation Protocol, JSON-LD)." }],
  paths: {
    "/api/v1/processes/{slug}/annotations/": {
      get: {
        operationId: "listAnnotations",
        ...containerGet,
        responses: {
          "200": ldResponse("The container (or one AnnotationPage).", ref("AnnotationCollection"), containerHeaders),
          "400": errorResponses.badRequest,
          "401": errorResponses.unauthorized,
          "404": errorResponses.notFound,
        },
      },
      head: {
        operationId: "headAnnotationContainer",
        ...containerGet,
        summary: "The container's headers, without a body",
        responses: { "200": { description: "The headers of the GET.", headers: containerHeaders }, "404": { description: "No such process or version." } },
      },
      options: {
        operationId: "optionsAnnotationContainer",
        ...containerGet,
        summary: "The container's headers (Allow, Link, Accept-Post, ETag), without a body",
        responses: { "200": { description: "The headers of the GET.", headers: containerHeaders }, "404": { description: "No such process or version." } },
      },
      post: {
        operationId: "createAnnotation",
        summary: "Annotate a passage of the latest version",
        description:
          "W3C Web Annotation Protocol §5.1. During the process's annotation phase (server time; it binds staff too). The target " +
          "is standard: `source` is the version's IRI, with the clause id as its fragment (`…/versions/1#<clauseId>`) or a " +
          "FragmentSelector whose value is the clause id (refined by the text selectors), plus a TextQuoteSelector and/or a " +
          "TextPositionSelector (code points of the clause's text). A TextQuoteSelector alone, with no clause, is looked for in " +
          "the whole version: found once, it is used; found several times, 409 `ambiguous_quote` lists candidate targets; found " +
          "nowhere, 400 `target.selector: quote-not-found`. `redacta:clauseId` is still read. The stored context is recomputed " +
          "by the server; `canonical` is kept unchanged and a client `id` is kept as `via`. The body is plain text, 1–5000 code " +
          "points (larger bodies up to the 1 MiB request limit get 400 `body.value: too_long`; beyond it, 413). Cookie callers " +
          "send X-CSRF-Token. " +
          redactaNote,
        tags: ["annotations"],
        security: requiredAuth,
        parameters: [slugParam],
        requestBody: {
          required: true,
          content: { [ANNO_TYPE]: { schema: ref("AnnotationRequest") }, "application/ld+json": { schema: ref("AnnotationRequest") }, "application/json": { schema: ref("AnnotationRequest") } },
        },
        responses: {
          "201": ldResponse("The stored annotation, with the server's selectors.", ref("Annotation"), {
            ...annotationHeaders,
            Location: { description: "The annotation's IRI, equal to its `id`.", schema: { type: "string", format: "uri" } },
          }),
          "400": jsonResponse(
            "Invalid annotation; `fields` names the field and reason, e.g. `target.selector: exact-mismatch`, `target.selector: quote-not-found`, `target.source: not_latest_version`, `target.source: unknown_clause`, `body.value: too_long`.",
            ref("Error"),
          ),
          "401": errorResponses.unauthorized,
          "403": jsonResponse("Refused: CSRF, not allowed, or the annotation phase is not open (`phase_closed`).", ref("Error")),
          "404": errorResponses.notFound,
          "409": jsonResponse("`ambiguous_quote`: the quote alone matches several places; `candidates` are targets to send back.", ref("AmbiguousQuoteError")),
          "413": errorResponses.payloadTooLarge,
          "415": jsonResponse("The body must be application/ld+json or application/json.", ref("Error")),
        },
      },
    },
    "/api/v1/processes/{slug}/annotations/{id}": {
      get: {
        operationId: "getAnnotation",
        summary: "One annotation, as it stands on its current version",
        description: "W3C Web Annotation Protocol §3. The `id` IRI of every annotation. Hidden annotations without a body, as in the collection; deleted ones answer 410. " + redactaNote,
        tags: ["annotations"],
        security: optionalAuth,
        parameters: [slugParam, idParam],
        responses: {
          "200": ldResponse("The annotation.", ref("Annotation"), annotationHeaders),
          "401": errorResponses.unauthorized,
          "404": errorResponses.notFound,
          "410": jsonResponse("The annotation was deleted (kept for the audit, no longer served).", ref("Error")),
        },
      },
      head: {
        operationId: "headAnnotation",
        summary: "One annotation's headers, without a body",
        tags: ["annotations"],
        security: optionalAuth,
        parameters: [slugParam, idParam],
        responses: { "200": { description: "The headers of the GET.", headers: annotationHeaders }, "404": { description: "No such annotation." }, "410": { description: "Deleted." } },
      },
      options: {
        operationId: "optionsAnnotation",
        summary: "One annotation's headers (Allow, Link, ETag), without a body",
        tags: ["annotations"],
        security: optionalAuth,
        parameters: [slugParam, idParam],
        responses: { "200": { description: "The headers of the GET.", headers: annotationHeaders }, "404": { description: "No such annotation." }, "410": { description: "Deleted." } },
      },
      put: {
        operationId: "updateAnnotation",
        summary: "Replace an annotation (its author, while the annotation phase is open)",
        description:
          "W3C Web Annotation Protocol §5.3. The body is the whole new annotation; only `body.value` may change. A target that " +
          "names other words, or a changed `id`, `canonical` or `via`, is 409. Send the ETag in If-Match to avoid overwriting " +
          "someone's change: a stale one is 412. Cookie callers send X-CSRF-Token.",
        tags: ["annotations"],
        security: requiredAuth,
        parameters: [slugParam, idParam, ifMatch],
        requestBody: {
          required: true,
          content: { [ANNO_TYPE]: { schema: ref("AnnotationRequest") }, "application/ld+json": { schema: ref("AnnotationRequest") }, "application/json": { schema: ref("AnnotationRequest") } },
        },
        responses: {
          "200": ldResponse("The annotation's new state.", ref("Annotation"), annotationHeaders),
          "400": errorResponses.badRequest,
          "401": errorResponses.unauthorized,
          "403": jsonResponse("Not the author, CSRF, or the annotation phase is not open (`phase_closed`).", ref("Error")),
          "404": errorResponses.notFound,
          "409": jsonResponse("A value the client may not change: `target_immutable`, `id_immutable`, `canonical_immutable`, `via_immutable`.", ref("Error")),
          "410": jsonResponse("The annotation was deleted.", ref("Error")),
          "412": jsonResponse("If-Match does not match the current ETag; nothing changed.", ref("Error")),
          "413": errorResponses.payloadTooLarge,
          "415": jsonResponse("The body must be application/ld+json or application/json.", ref("Error")),
        },
      },
      delete: {
        operationId: "deleteAnnotation",
        summary: "Delete an annotation (its author, or a moderator)",
        description:
          "W3C Web Annotation Protocol §5.4. The annotation leaves the container and its IRI answers 410; its record is kept " +
          "for the audit and the deletion is written to the audit log. If-Match as for PUT. Cookie callers send X-CSRF-Token.",
        tags: ["annotations"],
        security: requiredAuth,
        parameters: [slugParam, idParam, ifMatch],
        responses: {
          "204": { description: "Deleted." },
          "401": errorResponses.unauthorized,
          "403": jsonResponse("Not the author nor a moderator, or CSRF.", ref("Error")),
          "404": errorResponses.notFound,
          "410": jsonResponse("Already deleted.", ref("Error")),
          "412": jsonResponse("If-Match does not match the current ETag; nothing changed.", ref("Error")),
        },
      },
    },
  },
  schemas: {
    AnnotationRequest: {
      type: "object",
      description: 'A W3C Annotation to create or to replace. `@context` may be "http://www.w3.org/ns/anno.jsonld".',
      required: ["body", "target"],
      properties: {
        id: { type: "string", description: "On POST, kept as `via` (the server assigns the id); on PUT, must be the annotation's IRI." },
        type: { type: "string", const: "Annotation" },
        canonical: { type: "string", description: "Kept unchanged." },
        via: { type: "string" },
        body: {
          type: "object",
          required: ["type", "value"],
          properties: { type: { type: "string", const: "TextualBody" }, value: { type: "string" }, format: { type: "string", const: "text/plain" } },
        },
        target: {
          oneOf: [
            { type: "string", description: "A version IRI (with `#clauseId`); it needs selectors to name words, so alone it is refused." },
            {
              type: "object",
              required: ["source"],
              properties: {
                type: { type: "string", const: "SpecificResource" },
                source: { type: "string", description: "The version's IRI: /api/v1/processes/{slug}/versions/{n}, optionally `#<clauseId>` (absolute or not)." },
                "redacta:clauseId": { type: "string", description: "The stable clause id (older clients; the fragment or a FragmentSelector say the same)." },
                selector: {
                  description: "TextQuoteSelector and/or TextPositionSelector, directly or as `refinedBy` of a FragmentSelector naming the clause.",
                  oneOf: [
                    { oneOf: [textQuote, textPosition, fragment] },
                    { type: "array", items: { oneOf: [textQuote, textPosition, fragment] } },
                  ],
                },
              },
            },
          ],
        },
      },
    },
    AmbiguousQuoteError: {
      type: "object",
      required: ["error"],
      properties: {
        error: {
          type: "object",
          required: ["status", "code", "message", "total", "candidates"],
          properties: {
            status: { type: "integer", const: 409 },
            code: { type: "string", const: "ambiguous_quote" },
            message: { type: "string" },
            total: { type: "integer", description: "How many places the quote matches." },
            candidates: {
              type: "array",
              description: "Up to 20 targets, each naming one place; POST the annotation again with one of them.",
              items: {
                type: "object",
                required: ["source", "selector"],
                properties: { source: { type: "string", format: "uri" }, selector: { type: "array", items: { oneOf: [textQuote, textPosition] } } },
              },
            },
          },
        },
      },
    },
    Annotation: {
      type: "object",
      required: ["id", "type", "created", "creator", "target", "redacta:madeOnVersion", "redacta:carryStatus", "redacta:originalQuote"],
      properties: {
        "@context": { type: "array", description: "Present at the top level of a document." },
        id: { type: "string", format: "uri" },
        type: { type: "string", const: "Annotation" },
        motivation: { type: "string", const: "commenting" },
        created: { type: "string", format: "date-time" },
        modified: { type: "string", format: "date-time", description: "When its author last replaced it." },
        canonical: { type: "string" },
        via: { type: "string" },
        creator: { type: "object", required: ["type", "name"], properties: { type: { type: "string", const: "Person" }, name: { type: "string" } } },
        body: {
          type: "object",
          description: "Absent when the annotation is hidden by moderation (see `redacta:hiddenReason`).",
          required: ["type", "value", "format"],
          properties: { type: { type: "string", const: "TextualBody" }, value: { type: "string" }, format: { type: "string", const: "text/plain" } },
        },
        target: {
          type: "object",
          required: ["source"],
          description: "Orphans have no selector on this version.",
          properties: {
            source: { type: "string", format: "uri", description: "The version's IRI; anchored annotations add the clause id as fragment." },
            "redacta:clauseId": { type: "string" },
            selector: { type: "array", items: { oneOf: [textQuote, textPosition] } },
          },
        },
        "redacta:madeOnVersion": { type: "integer" },
        "redacta:carryStatus": { type: "string", enum: ["made_here", "carried", "moved", "orphaned"] },
        "redacta:originalQuote": { type: "string" },
        "redacta:orphanReason": { type: "string", enum: ["clause-removed", "quote-deleted", "ambiguous", "no-confident-match"] },
        "redacta:lastClauseId": { type: "string" },
        "redacta:lastQuote": { type: "string" },
        "redacta:resolution": { type: "string", enum: ["reattached", "closed"] },
        "redacta:hiddenReason": { type: "string" },
      },
    },
    AnnotationPage: {
      type: "object",
      required: ["id", "type", "partOf", "startIndex", "items"],
      properties: {
        "@context": { type: "array", description: "Present when the page is served on its own." },
        id: { type: "string", format: "uri" },
        type: { type: "string", const: "AnnotationPage" },
        startIndex: { type: "integer", minimum: 0 },
        items: { type: "array", description: "Annotations, or their IRIs for PreferContainedIRIs.", items: { oneOf: [ref("Annotation"), { type: "string", format: "uri" }] } },
        next: { type: "string", format: "uri" },
        prev: { type: "string", format: "uri" },
        partOf: { type: "string", format: "uri" },
      },
    },
    AnnotationCollection: {
      type: "object",
      required: ["@context", "id", "type"],
      properties: {
        "@context": { type: "array" },
        id: { type: "string", format: "uri" },
        type: {
          description: 'The container: ["BasicContainer", "AnnotationCollection"]; a page served on its own: "AnnotationPage".',
          oneOf: [{ type: "string", const: "AnnotationPage" }, { type: "array", items: { type: "string", enum: ["BasicContainer", "AnnotationCollection"] } }],
        },
        label: { type: "string" },
        total: { type: "integer", minimum: 0 },
        first: { description: "The first page, embedded, or its IRI (PreferMinimalContainer).", oneOf: [ref("AnnotationPage"), { type: "string", format: "uri" }] },
        last: { type: "string", format: "uri" },
        partOf: { type: "string", format: "uri" },
        next: { type: "string", format: "uri" },
        prev: { type: "string", format: "uri" },
        startIndex: { type: "integer", minimum: 0 },
        items: { type: "array", items: { oneOf: [ref("Annotation"), { type: "string", format: "uri" }] } },
      },
    },
  },
};
