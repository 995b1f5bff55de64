import { ANNO_TYPE, ANNOTATION_PAGE_SIZE } from "../annotations";
import { errorResponses, optionalAuth, requiredAuth } from "./common";
import { jsonResponse, ref, type OpenApiFragment, type ResponseObject, type SchemaObject } from "./types";

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
const textPosition: SchemaObject = {
  type: "object",
  required: ["type", "start", "end"],
  properties: {
    type: { type: "string", const: "TextPositionSelector" },
    start: { type: "integer", minimum: 0, description: "Inclusive, in code points of the clause's plain text." },
    end: { type: "integer", minimum: 0, description: "Exclusive." },
  },
};

/** W3C Web Annotation endpoints: a version's AnnotationCollection, and creating an annotation. */
export const annotationsApi: OpenApiFragment = {
  tags: [{ name: "annotations", description: "Comments on exact words of a published version (W3C Web Annotation, JSON-LD)." }],
  paths: {
    "/api/v1/processes/{slug}/annotations": {
      get: {
        operationId: "listAnnotations",
        summary: "The annotations of one version, as a W3C AnnotationCollection",
        description:
          `Annotations anchored (or orphaned) on the version, oldest first, ${ANNOTATION_PAGE_SIZE} per page. Without \`page\`, the ` +
          "collection with its first page embedded; with `page`, that AnnotationPage. Hidden annotations keep their place " +
          "without a body, with `redacta:hiddenReason`. " +
          redactaNote,
        tags: ["annotations"],
        security: optionalAuth,
        parameters: [
          { name: "slug", in: "path", required: true, description: "The process's URL name.", schema: { type: "string" } },
          { name: "version", in: "query", required: false, description: "Version number; the latest by default.", schema: { type: "integer", minimum: 1 } },
          { name: "page", in: "query", required: false, description: "Page number (from 1).", schema: { type: "integer", minimum: 1 } },
        ],
        responses: {
          "200": ldResponse("The AnnotationCollection (or one AnnotationPage).", ref("AnnotationCollection")),
          "400": errorResponses.badRequest,
          "401": errorResponses.unauthorized,
          "404": errorResponses.notFound,
        },
      },
      post: {
        operationId: "createAnnotation",
        summary: "Annotate a passage of the latest version",
        description:
          "During the process's annotation phase (server time; it binds staff too). The selectors must describe the " +
          "clause's text on the latest version: the quote at the position, and the prefix/suffix next to it when sent; the " +
          "stored context is recomputed by the server. The body is plain text, 1–5000 code points (larger bodies up to the " +
          "1 MiB request limit get 400 `body.value: too_long`; beyond it, 413). Cookie callers send X-CSRF-Token. " +
          redactaNote,
        tags: ["annotations"],
        security: requiredAuth,
        parameters: [{ name: "slug", in: "path", required: true, description: "The process's URL name.", schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: { "application/ld+json": { schema: ref("AnnotationRequest") }, "application/json": { schema: ref("AnnotationRequest") } },
        },
        responses: {
          "201": ldResponse("The stored annotation, with the server's selectors.", ref("Annotation"), {
            Location: { description: "The annotation's IRI.", schema: { type: "string", format: "uri" } },
          }),
          "400": jsonResponse(
            "Invalid annotation; `fields` names the field and reason, e.g. `target.selector: exact-mismatch`, `target.source: not_latest_version`, `target.clauseId: unknown_clause`, `body.value: too_long`.",
            ref("Error"),
          ),
          "401": errorResponses.unauthorized,
          "403": jsonResponse("Refused: CSRF, not allowed, or the annotation phase is not open (`phase_closed`).", ref("Error")),
          "404": errorResponses.notFound,
          "413": errorResponses.payloadTooLarge,
          "415": jsonResponse("The body must be application/ld+json or application/json.", ref("Error")),
        },
      },
    },
    "/api/v1/processes/{slug}/annotations/{id}": {
      get: {
        operationId: "getAnnotation",
        summary: "One annotation, as it stands on its current version",
        description: "The `id` IRI of every annotation. Hidden annotations without a body, as in the collection. " + redactaNote,
        tags: ["annotations"],
        security: optionalAuth,
        parameters: [
          { name: "slug", in: "path", required: true, description: "The process's URL name.", schema: { type: "string" } },
          { name: "id", in: "path", required: true, description: "The annotation's number.", schema: { type: "integer", minimum: 1 } },
        ],
        responses: {
          "200": ldResponse("The annotation.", ref("Annotation")),
          "401": errorResponses.unauthorized,
          "404": errorResponses.notFound,
        },
      },
    },
  },
  schemas: {
    AnnotationRequest: {
      type: "object",
      description: 'A W3C Annotation to create. `@context` may be "http://www.w3.org/ns/anno.jsonld".',
      required: ["body", "target"],
      properties: {
        type: { type: "string", const: "Annotation" },
        body: {
          type: "object",
          required: ["type", "value"],
          properties: { type: { type: "string", const: "TextualBody" }, value: { type: "string" }, format: { type: "string", const: "text/plain" } },
        },
        target: {
          type: "object",
          required: ["source", "redacta:clauseId", "selector"],
          properties: {
            source: { type: "string", description: "The version's URL: /api/v1/processes/{slug}/versions/{n} (absolute or not)." },
            "redacta:clauseId": { type: "string", description: "The stable clause id." },
            selector: { type: "array", description: "Exactly one TextQuoteSelector and one TextPositionSelector.", items: { oneOf: [textQuote, textPosition] } },
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
            source: { type: "string", format: "uri" },
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
      required: ["id", "type", "startIndex", "items"],
      properties: {
        id: { type: "string", format: "uri" },
        type: { type: "string", const: "AnnotationPage" },
        startIndex: { type: "integer", minimum: 0 },
        items: { type: "array", items: ref("Annotation") },
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
        type: { type: "string", enum: ["AnnotationCollection", "AnnotationPage"] },
        label: { type: "string" },
        total: { type: "integer", minimum: 0 },
        first: ref("AnnotationPage"),
        last: { type: "string", format: "uri" },
        startIndex: { type: "integer", minimum: 0 },
        items: { type: "array", items: ref("Annotation") },
      },
    },
  },
};
