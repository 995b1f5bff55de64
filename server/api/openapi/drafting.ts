import { CLAUSE_KINDS } from "../../../collab/schema/clauses";
import { CHANGELOG_MAX } from "../../services/process-forms";
import { errorResponses } from "./common";
import { jsonResponse, ref, type OpenApiFragment, type ParameterObject, type SchemaObject } from "./types";

const slug: ParameterObject = { name: "slug", in: "path", required: true, description: "The process's URL name.", schema: { type: "string" } };

/** Only a staff member's bearer token: the pages serve people with a browser session. */
const staffToken = [{ bearerAuth: [] }];

const textParts: SchemaObject = {
  type: "array",
  description: "Word-level diff of the old and the imported text.",
  items: { type: "object", required: ["type", "text"], properties: { type: { type: "string", enum: ["equal", "insert", "delete"] }, text: { type: "string" } } },
};

const nullableString: SchemaObject = { type: ["string", "null"] };
const staffOnly = jsonResponse("Signed in, but not an editor or admin calling with a bearer token.", ref("Error"));

/** Staff import and publish for integrations (server/api/process-drafting.ts). */
export const draftingApi: OpenApiFragment = {
  tags: [{ name: "drafting", description: "Staff integrations: replace a process's draft from a file and publish it as a version." }],
  paths: {
    "/api/v1/processes/{slug}/draft": {
      post: {
        operationId: "importDraft",
        summary: "Import a Markdown or DOCX file as the draft",
        description:
          "The body is the file itself (at most 5 MiB). It is parsed like the import page's upload, matched against the latest version " +
          "(paired clauses keep their ids; only new ones get new ids) and stored as the draft, replacing the working copy; audited. " +
          "The answer is the page's preview: the structure and, per clause, unchanged / modified / moved / new / removed with the word diff. " +
          "`reimport.dropsAll` (and the warning `drops_all`) says the file keeps no article, budget line or preamble paragraph of the latest " +
          "version; publishing it then needs `confirmDropAll`. Any problem with the file is a 400 naming the line or paragraph, and nothing is stored.",
        tags: ["drafting"],
        security: staffToken,
        parameters: [slug],
        requestBody: {
          required: true,
          content: {
            "text/markdown": { schema: { type: "string" } },
            "text/plain": { schema: { type: "string" } },
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { schema: { type: "string", format: "binary" } },
          },
        },
        responses: {
          "200": jsonResponse("Stored as the draft; the preview.", ref("DraftImport")),
          "400": jsonResponse("The file cannot be imported; `code` is the reason, `location` the line or paragraph.", ref("Error")),
          "401": errorResponses.unauthorized,
          "403": staffOnly,
          "404": errorResponses.notFound,
          "413": jsonResponse("The file is larger than 5 MiB.", ref("Error")),
          "415": jsonResponse("The body is not text/markdown, text/plain or DOCX.", ref("Error")),
        },
      },
    },
    "/api/v1/processes/{slug}/versions": {
      post: {
        operationId: "publishVersion",
        summary: "Publish the draft as the next version",
        description:
          "Publishes the stored draft with a changelog; audited, and the previous version's annotations are carried over. " +
          "409 `stale_version` when a version was published after `baseVersion`, 409 `stale_draft` when the draft changed after " +
          "`draftUpdatedAt` (another import or edit: one of two concurrent editors wins, the other gets 409). 400 `drops_all` when the " +
          "draft keeps no clause of the latest version and `confirmDropAll` is not true. Nothing is stored on any refusal.",
        tags: ["drafting"],
        security: staffToken,
        parameters: [slug],
        requestBody: { required: true, content: { "application/json": { schema: ref("PublishRequest") } } },
        responses: {
          "201": jsonResponse(
            "Published.",
            ref("PublishedVersion"),
            { Location: { description: "The new version's API URL.", schema: { type: "string" } } },
          ),
          "400": errorResponses.badRequest,
          "401": errorResponses.unauthorized,
          "403": staffOnly,
          "404": errorResponses.notFound,
          "409": jsonResponse("`stale_version`, `stale_draft`, `no_draft` or `unchanged`.", ref("Error")),
          "413": errorResponses.payloadTooLarge,
          "415": errorResponses.unsupportedMediaType,
        },
      },
    },
  },
  schemas: {
    DraftImport: {
      type: "object",
      required: ["draft", "preview", "reimport", "warnings"],
      properties: {
        draft: {
          type: "object",
          required: ["updatedAt", "basedOn"],
          properties: {
            updatedAt: { type: "string", format: "date-time", description: "The draft revision; send it back as `draftUpdatedAt` to publish." },
            basedOn: { type: ["integer", "null"], description: "The version the file was matched against (null before the first)." },
          },
        },
        preview: {
          type: "object",
          required: ["title", "preambleParagraphs", "nodes", "counts", "budgetTotalCents"],
          properties: {
            title: { type: "string" },
            preambleParagraphs: { type: "integer" },
            nodes: {
              type: "array",
              items: {
                type: "object",
                required: ["id", "kind", "label", "heading", "children"],
                properties: { id: { type: "string" }, kind: { type: "string" }, label: { type: "string" }, heading: { type: "string" }, children: { type: "array" } },
              },
            },
            counts: { type: "object", additionalProperties: { type: "integer" } },
            budgetTotalCents: { type: ["integer", "null"] },
          },
        },
        reimport: {
          oneOf: [{ type: "null" }, ref("ClauseMatching")],
        },
        warnings: { type: "array", items: { type: "string", enum: ["drops_all"] } },
      },
    },
    ClauseMatching: {
      type: "object",
      description: "How each clause of the file was matched against the latest version.",
      required: ["versionNumber", "summary", "dropsAll", "clauses", "candidates"],
      properties: {
        versionNumber: { type: "integer" },
        summary: {
          type: "object",
          required: ["unchanged", "modified", "moved", "new", "removed"],
          properties: { unchanged: { type: "integer" }, modified: { type: "integer" }, moved: { type: "integer" }, new: { type: "integer" }, removed: { type: "integer" } },
        },
        dropsAll: { type: "boolean" },
        clauses: {
          type: "array",
          items: {
            type: "object",
            required: ["kind", "status", "oldId", "newId", "draftId", "oldLabel", "newLabel", "heading", "score", "reason"],
            properties: {
              kind: { type: "string", enum: [...CLAUSE_KINDS] },
              status: { type: "string", enum: ["unchanged", "modified", "moved", "new", "removed"] },
              oldId: { ...nullableString, description: "The clause's id in the latest version (null when new)." },
              newId: { ...nullableString, description: "The id the parser gave it (null when removed)." },
              draftId: { ...nullableString, description: "The id it has in the stored draft and will keep when published (null when removed)." },
              oldLabel: nullableString,
              newLabel: nullableString,
              heading: { type: "string" },
              score: { type: ["number", "null"] },
              reason: { type: ["string", "null"], enum: ["aligned", "moved", "manual", null] },
              splitFrom: { type: "string" },
              mergedInto: { type: "string", description: "For a removed clause whose text went into another: that clause's id as parsed." },
              mergedIntoId: { type: "string", description: "The id that clause keeps in the draft (its page once published)." },
              mergedIntoLabel: { type: "string", description: "That clause's label in the file." },
              headingParts: textParts,
              textParts,
              oldAmountCents: { type: "integer" },
              newAmountCents: { type: "integer" },
            },
          },
        },
        candidates: {
          type: "array",
          description: "Units of the latest version a clause may be paired with.",
          items: {
            type: "object",
            required: ["id", "kind", "label", "heading"],
            properties: { id: { type: "string" }, kind: { type: "string" }, label: { type: "string" }, heading: { type: "string" } },
          },
        },
      },
    },
    PublishRequest: {
      type: "object",
      required: ["changelog", "baseVersion", "draftUpdatedAt"],
      properties: {
        changelog: { type: "string", minLength: 1, maxLength: CHANGELOG_MAX },
        baseVersion: { type: "integer", minimum: 0, description: "The latest version number you saw (0 before the first)." },
        draftUpdatedAt: { type: "string", format: "date-time", description: "`draft.updatedAt` from the import you reviewed." },
        confirmDropAll: { type: "boolean", description: "Required (true) to publish a draft that keeps no clause of the latest version." },
      },
    },
    PublishedVersion: {
      type: "object",
      required: ["version"],
      properties: {
        version: {
          type: "object",
          required: ["number", "contentHash", "reassignedIds", "annotations", "links"],
          properties: {
            number: { type: "integer" },
            contentHash: { type: "string" },
            reassignedIds: { type: "integer" },
            annotations: {
              type: "object",
              required: ["carried", "moved", "orphaned"],
              properties: { carried: { type: "integer" }, moved: { type: "integer" }, orphaned: { type: "integer" } },
            },
            links: { type: "object", required: ["self", "html"], properties: { self: { type: "string" }, html: { type: "string" } } },
          },
        },
      },
    },
  },
};
