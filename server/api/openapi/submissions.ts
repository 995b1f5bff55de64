import { REGISTER_PAGE_SIZE } from "../../services/submissions/read";
import { MAX_ATTACHMENTS } from "../../services/submissions/uploads";
import { errorResponses, optionalAuth, requiredAuth } from "./common";
import { jsonResponse, ref, type OpenApiFragment, type SchemaObject } from "./types";

/** Formal submissions (allegations): the public register, filing, and receipt verification (ADR 0016). */

const slugParam = { name: "slug", in: "path" as const, required: true, description: "The process's URL name.", schema: { type: "string" as const } };
const numberParam = { name: "number", in: "path" as const, required: true, description: "The registry number, e.g. VRI-2027-000123.", schema: { type: "string" as const } };
const nullableString: SchemaObject = { type: ["string", "null"] };

const submissionProperties = {
  number: { type: "string", examples: ["VRI-2027-000123"], description: "Gap-free per council and year." },
  process: { type: "string" },
  processTitle: { type: "string" },
  version: { type: "integer", description: "The published version it was filed against." },
  channel: { type: "string", enum: ["online", "paper"] },
  filedAt: { type: "string", format: "date-time", description: "Server time of registration." },
  receivedAt: { ...nullableString, format: "date-time", description: "Paper: when the town hall received it." },
  organization: { type: ["object", "null"], required: ["slug", "name"], properties: { slug: { type: "string" }, name: { type: "string" } } },
  filerName: { ...nullableString, description: "Null for a resident who did not sign publicly (except to the filer and staff)." },
  public: { type: "boolean", description: "An organization's, or signed publicly." },
  title: { type: "string" },
  body: { type: "string", description: "Plain text; paragraphs separated by blank lines." },
  clauses: { type: "array", items: { type: "string" }, description: "Stable clause ids." },
  attachments: {
    type: ["array", "null"],
    description: "Null when the viewer may not see them (a resident's private submission).",
    items: {
      type: "object",
      required: ["position", "fileName", "mediaType", "size", "sha256", "url"],
      properties: {
        position: { type: "integer" },
        fileName: { type: "string" },
        mediaType: { type: "string" },
        size: { type: "integer" },
        sha256: { type: "string" },
        url: { type: "string", description: "Permission-checked download (Content-Disposition: attachment)." },
      },
    },
  },
  attachmentCount: { type: "integer" },
  hash: {
    ...nullableString,
    description:
      "`sha256:` + hex SHA-256 of the canonical content (ADR 0016), attachment hashes included. Null, like filerName, when the viewer may not see who filed it: the canonical content holds the name, so the hash would let anyone test guesses.",
  },
  signature: { ...nullableString, description: "Base64 Ed25519 signature over `redacta-receipt-v1\\nnumber=…\\nfiledAt=…\\nhash=…\\n`. Null when hash is." },
  keyId: { type: "string" },
  corrects: nullableString,
  correctedBy: { type: "array", items: { type: "string" } },
  withdrawn: { type: ["object", "null"], required: ["at", "reason"], properties: { at: { type: "string", format: "date-time" }, reason: { type: "string" } } },
  abilities: { type: "object", required: ["viewPrivate", "amend"], properties: { viewPrivate: { type: "boolean" }, amend: { type: "boolean" } } },
  links: {
    type: "object",
    required: ["self", "html", "receipt"],
    properties: { self: { type: "string" }, html: { type: "string" }, receipt: { type: "string", description: "The sealed PDF receipt." } },
  },
} satisfies Record<string, SchemaObject>;

/** The submissions endpoints and their schemas. */
export const submissionsApi: OpenApiFragment = {
  tags: [{ name: "submissions", description: "Formal submissions with registry numbers and signed receipts." }],
  paths: {
    "/api/v1/processes/{slug}/submissions": {
      get: {
        operationId: "listSubmissions",
        summary: "The public register of a process",
        description: `${REGISTER_PAGE_SIZE} per page, newest first. Residents' submissions appear without their name unless signed publicly.`,
        tags: ["submissions"],
        security: optionalAuth,
        parameters: [
          slugParam,
          { name: "page", in: "query", required: false, description: "Page number (from 1).", schema: { type: "integer", minimum: 1 } },
          { name: "organization", in: "query", required: false, description: "Only this organization's (slug).", schema: { type: "string" } },
          { name: "clause", in: "query", required: false, description: "Only those concerning this clause id.", schema: { type: "string" } },
        ],
        responses: {
          "200": jsonResponse("The page.", ref("SubmissionPage")),
          "400": errorResponses.badRequest,
          "404": errorResponses.notFound,
        },
      },
      post: {
        operationId: "fileSubmission",
        summary: "File a formal submission",
        description:
          `multipart/form-data, the same rules as the form: only while the annotation (allegations) phase is open by server time; ` +
          `up to ${MAX_ATTACHMENTS} attachments (PDF, ODT, DOCX, PNG, JPEG by content; 10 MB each).`,
        tags: ["submissions"],
        security: requiredAuth,
        parameters: [slugParam],
        requestBody: {
          required: true,
          content: {
            "multipart/form-data": {
              schema: {
                type: "object",
                required: ["title", "body"],
                properties: {
                  title: { type: "string", maxLength: 200 },
                  body: { type: "string", maxLength: 20000 },
                  clauses: { type: "array", items: { type: "string" } },
                  actingFor: { type: "string", description: "`self` (default) or the id of a verified organization you represent." },
                  signedPublicly: { type: "boolean" },
                  corrects: { type: "string", description: "Registry number of your own submission this corrects." },
                  attachments: { type: "array", items: { type: "string", format: "binary" }, description: `At most ${MAX_ATTACHMENTS} files.` },
                },
              },
            },
          },
        },
        responses: {
          "201": jsonResponse("Registered.", ref("Submission")),
          "400": errorResponses.badRequest,
          "401": errorResponses.unauthorized,
          "403": jsonResponse("Not allowed, not a representative of that organization, or filing closed (code phase_closed).", ref("Error")),
          "404": errorResponses.notFound,
          "413": jsonResponse("An attachment is larger than 10 MB or the body larger than the upload limit; nothing was stored.", ref("Error")),
          "415": jsonResponse("The body must be multipart/form-data.", ref("Error")),
        },
      },
    },
    "/api/v1/submissions/{number}": {
      get: {
        operationId: "getSubmission",
        summary: "One submission by registry number",
        tags: ["submissions"],
        security: optionalAuth,
        parameters: [numberParam],
        responses: { "200": jsonResponse("The submission.", ref("Submission")), "404": errorResponses.notFound },
      },
    },
    "/api/v1/submissions/{number}/verify": {
      get: {
        operationId: "verifySubmission",
        summary: "Verify a receipt",
        description: "Valid when the hash equals the filed one, the stored content still hashes to it and the registry signature holds.",
        tags: ["submissions"],
        security: [{}],
        parameters: [numberParam, { name: "hash", in: "query", required: true, description: "The receipt's hash (`sha256:` + 64 hex).", schema: { type: "string" } }],
        responses: { "200": jsonResponse("The verdict.", ref("SubmissionVerification")), "400": errorResponses.badRequest, "404": errorResponses.notFound },
      },
    },
  },
  schemas: {
    Submission: { type: "object", required: Object.keys(submissionProperties), properties: submissionProperties },
    SubmissionPage: {
      type: "object",
      required: ["page", "pages", "pageSize", "total", "submissions"],
      properties: { page: { type: "integer" }, pages: { type: "integer" }, pageSize: { type: "integer" }, total: { type: "integer" }, submissions: { type: "array", items: ref("Submission") } },
    },
    SubmissionVerification: {
      type: "object",
      required: ["number", "valid", "hashMatches", "intact", "signatureValid", "withdrawn", "filedAt", "hash", "signature", "keyId", "publicKey"],
      properties: {
        number: { type: "string" },
        valid: { type: "boolean" },
        hashMatches: { type: "boolean" },
        intact: { type: "boolean" },
        signatureValid: { type: "boolean" },
        withdrawn: { type: "boolean" },
        filedAt: { ...nullableString, format: "date-time" },
        hash: nullableString,
        signature: nullableString,
        keyId: { type: "string" },
        publicKey: { type: "string", description: "SPKI PEM; also at /.well-known/redacta-registry-key." },
      },
    },
  },
};
