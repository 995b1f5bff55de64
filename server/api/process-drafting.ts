import { z } from "zod";
import type { AppContext } from "../context";
import { NotFoundError, ValidationError } from "../errors";
import { serverTranslator } from "../i18n/translate";
import { can } from "../policies/can";
import { saveImportedDraft } from "../services/documents/import-draft";
import { importDocument, MAX_IMPORT_BYTES, type ImportFormat } from "../services/documents/import/import-document";
import { ImportError } from "../services/documents/import/import-error";
import { documentPreview } from "../services/documents/preview";
import { DraftChangedError, PublishError, publishVersion, VersionConflictError } from "../services/documents/publish-version";
import type { ReimportPreview } from "../services/documents/reimport/reimport-preview";
import { getProcessForEditing } from "../services/process-admin";
import { CHANGELOG_MAX } from "../services/process-forms";
import { apiError, apiJson, readJsonBody } from "./respond";

/*
 * The integration API of the staff drafting workflow: councils that draft in another system
 * push the file (`POST …/draft`, answered with the same preview and clause matching as the
 * import page) and publish it (`POST …/versions`). Both call the services the pages call, so
 * the rules, the audit entries and the 409s are the same; this file only speaks HTTP.
 */

/** Media types of the draft body and the importer each selects. */
export const DRAFT_MEDIA_TYPES: Readonly<Record<string, ImportFormat>> = {
  "text/markdown": "markdown",
  "text/plain": "markdown",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
};

/** 401 without credentials, 403 unless a staff member calls with a bearer token. */
function refusal(app: AppContext): Response | null {
  if (!app.user) {
    return apiError(401, "unauthenticated", "Send a staff bearer token (POST /api/v1/session).", { headers: { "WWW-Authenticate": 'Bearer realm="redacta"' } });
  }
  if (!can(app.user, "process.editViaApi", { via: app.authVia })) {
    return apiError(403, "forbidden", "Only editors and admins with a bearer token may import and publish through the API.");
  }
  return null;
}

/** The process being drafted, or the 404 answer. */
function processFor(app: AppContext, slug: string): ReturnType<typeof getProcessForEditing> | Response {
  try {
    return getProcessForEditing(app.db, app.user, slug, app.now());
  } catch (error) {
    if (error instanceof NotFoundError) return apiError(404, "not_found", "No process with this slug.");
    throw error;
  }
}

/** The clause matching as JSON: the page's rows plus the id each clause has in the stored draft. */
function reimportToJson(reimport: ReimportPreview, idMap: ReadonlyMap<string, string>) {
  return {
    versionNumber: reimport.versionNumber,
    summary: reimport.summary,
    dropsAll: reimport.dropsAll,
    clauses: reimport.clauses.map((c) => ({ ...c, draftId: c.newId === null ? null : (idMap.get(c.newId) ?? c.newId) })),
    candidates: reimport.candidates,
  };
}

/**
 * `POST /api/v1/processes/{slug}/draft`: the body is a Markdown (text/markdown, text/plain) or
 * DOCX file. It is parsed, matched against the latest version (kept ids) and stored as the
 * draft, replacing the working copy; audited as "document.import". The answer is the preview:
 * structure, clause matching per clause, `dropsAll`, and the draft revision `updatedAt` that
 * `POST …/versions` must name. Every problem with the file is a 400 naming the line or
 * paragraph, and nothing is stored.
 */
export async function postDraftApi(request: Request, app: AppContext, slug: string): Promise<Response> {
  const refused = refusal(app);
  if (refused) return refused;
  const process = processFor(app, slug);
  if (process instanceof Response) return process;
  const media = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const format = DRAFT_MEDIA_TYPES[media];
  if (!format) return apiError(415, "unsupported_media_type", `Send the draft as one of: ${Object.keys(DRAFT_MEDIA_TYPES).join(", ")}.`);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > MAX_IMPORT_BYTES) return apiError(413, "payload_too_large", `The file is larger than ${MAX_IMPORT_BYTES} bytes.`);
  if (bytes.length === 0) return apiError(400, "invalid_request", "The body is empty; send the file.", { fields: { body: ["Required."] } });
  const fileName = `api-draft.${format === "docx" ? "docx" : "md"}`;
  let saved: ReturnType<typeof saveImportedDraft>;
  try {
    const doc = await importDocument({ kind: process.kind, fileName, bytes });
    saved = saveImportedDraft(app.db, app.user, { slug: process.slug, content: JSON.stringify(doc.toJSON()), fileName, fields: [], basedOn: null }, app.now());
  } catch (error) {
    if (error instanceof ImportError) return importErrorResponse(error);
    if (error instanceof ValidationError) return apiError(400, "invalid_document", "The imported document breaks a rule of drafts.", { fields: { body: Object.values(error.fieldErrors).flat() } });
    throw error;
  }
  const reimport = saved.reimport ? reimportToJson(saved.reimport, saved.idMap) : null;
  return apiJson(
    {
      draft: { updatedAt: saved.updatedAt.toISOString(), basedOn: reimport?.versionNumber ?? null },
      preview: documentPreview(saved.doc),
      reimport,
      warnings: reimport?.dropsAll ? ["drops_all"] : [],
    },
    { personal: true },
  );
}

/** An importer failure as a 400 with the English message, the location and the budget mismatches. */
function importErrorResponse(error: ImportError): Response {
  const t = serverTranslator("en");
  const where = error.location ? `${error.location.unit} ${error.location.number}: ` : "";
  const body = {
    error: {
      status: 400,
      code: error.code,
      message: `${where}${t(`processAdmin.importError.${error.code}`, error.params)}`,
      fields: { body: [error.code] },
      location: error.location,
      mismatches: error.mismatches,
    },
  };
  return new Response(JSON.stringify(body), { status: 400, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });
}

/** The body of `POST …/versions`. */
export const PublishRequestSchema = z.object({
  changelog: z.string({ required_error: "Required." }).trim().min(1, "Required.").max(CHANGELOG_MAX, `At most ${CHANGELOG_MAX} characters.`),
  /** The latest version number the caller saw (0 before the first); another one is a 409. */
  baseVersion: z.number({ required_error: "Required." }).int().min(0),
  /** The draft's `updatedAt` from `POST …/draft`; a draft that moved on since is a 409. */
  draftUpdatedAt: z.string({ required_error: "Required." }).datetime({ message: "An ISO 8601 date-time (UTC), as `draft.updatedAt` answered." }),
  /** Needed when the draft keeps no article, budget line or preamble paragraph of the latest version. */
  confirmDropAll: z.boolean().optional(),
});

function fieldsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) (fields[issue.path.join(".") || "_"] ??= []).push(issue.message);
  return fields;
}

/**
 * `POST /api/v1/processes/{slug}/versions`: publishes the stored draft as the next version
 * (audited as "version.publish"), answered 201 with Location. 409 when another version was
 * published since `baseVersion`, or the draft changed since `draftUpdatedAt`; 400 with
 * `fields.confirmDropAll` when the draft drops every clause of the latest version and the body
 * does not confirm it. Nothing is stored on any refusal.
 */
export async function publishVersionApi(request: Request, app: AppContext, slug: string): Promise<Response> {
  const refused = refusal(app);
  if (refused) return refused;
  const process = processFor(app, slug);
  if (process instanceof Response) return process;
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = PublishRequestSchema.safeParse(body.value);
  if (!parsed.success) return apiError(400, "invalid_request", "The body is invalid; see `fields`.", { fields: fieldsOf(parsed.error) });
  const input = { ...parsed.data, slug: process.slug, draftUpdatedAt: new Date(parsed.data.draftUpdatedAt) };
  let published: ReturnType<typeof publishVersion>;
  try {
    published = publishVersion(app.db, app.user, input, app.now());
  } catch (error) {
    if (error instanceof VersionConflictError) return apiError(409, "stale_version", "Another version was published since `baseVersion`; read the versions and the draft again.");
    if (error instanceof DraftChangedError) return apiError(409, "stale_draft", `The draft changed since it was read (now ${error.currentUpdatedAt.toISOString()}); review it again.`);
    if (error instanceof PublishError) return publishErrorResponse(error);
    throw error;
  }
  const location = `/api/v1/processes/${process.slug}/versions/${published.number}`;
  return apiJson(
    { version: { number: published.number, contentHash: published.contentHash, reassignedIds: published.reassignedIds, annotations: published.annotations, links: { self: location, html: `/processes/${process.slug}/v/${published.number}` } } },
    { personal: true, status: 201, headers: { Location: location } },
  );
}

function publishErrorResponse(error: PublishError): Response {
  switch (error.code) {
    case "no_draft":
      return apiError(409, "no_draft", "This process has no draft; POST the file to …/draft first.");
    case "drops_all":
      return apiError(400, "drops_all", "The draft keeps no article, budget line or preamble paragraph of the latest version; send `confirmDropAll: true` to publish it anyway.", {
        fields: { confirmDropAll: ["Required to publish a draft that removes every clause of the latest version."] },
      });
    case "unchanged":
      return apiError(409, "unchanged", "The draft is identical to the latest version.");
    case "budget_mismatch":
      return apiError(400, "budget_mismatch", "The draft budget does not add up.");
    case "invalid_document":
      return apiError(400, "invalid_document", "The stored draft is not a valid document; import it again.");
  }
}
