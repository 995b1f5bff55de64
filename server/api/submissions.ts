import type { AppContext } from "../context";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { presentSubmission, type SubmissionWire } from "../presenters/submission";
import { AttachmentRejectedError, fileSubmission, SubmissionsClosedError, type ActingFor } from "../services/submissions/file";
import { getSubmission, listRegister, REGISTER_PAGE_SIZE } from "../services/submissions/read";
import { isRegistryNumber } from "../services/submissions/registry";
import { verifyReceipt } from "../services/submissions/verify";
import { apiError, apiJson } from "./respond";

/** The public register's wire shape (absolute-path links). */
function withLinks(s: SubmissionWire) {
  return { ...s, links: { self: `/api/v1/submissions/${s.number}`, html: `/submissions/${s.number}`, receipt: `/submissions/${s.number}/receipt.pdf` } };
}

/** `GET /api/v1/processes/{slug}/submissions?page=&organization=&clause=`: the public register. */
export function listSubmissionsApi(request: Request, app: AppContext, slug: string): Response {
  const params = new URL(request.url).searchParams;
  const rawPage = params.get("page") ?? "1";
  if (!/^[1-9]\d{0,5}$/.test(rawPage)) return apiError(400, "invalid_query", "page must be a positive integer.", { fields: { page: ["must be a positive integer"] } });
  try {
    const register = listRegister(app.db, app.user, slug, { page: Number(rawPage), organization: params.get("organization") || undefined, clause: params.get("clause") || undefined }, app.now());
    if (Number(rawPage) > register.pageCount) return apiError(404, "not_found", "No such page.");
    return apiJson(
      { page: register.page, pages: register.pageCount, pageSize: REGISTER_PAGE_SIZE, total: register.total, submissions: register.rows.map((v) => withLinks(presentSubmission(v))) },
      { personal: app.user !== null },
    );
  } catch (error) {
    if (error instanceof NotFoundError) return apiError(404, "not_found", "No such process.");
    throw error;
  }
}

/** `GET /api/v1/submissions/{number}`. */
export function getSubmissionApi(app: AppContext, number: string): Response {
  if (!isRegistryNumber(number)) return apiError(404, "not_found", "No such submission.");
  try {
    return apiJson(withLinks(presentSubmission(getSubmission(app.db, app.user, number, app.now()))), { personal: app.user !== null });
  } catch (error) {
    if (error instanceof NotFoundError) return apiError(404, "not_found", "No such submission.");
    throw error;
  }
}

/** `GET /api/v1/submissions/{number}/verify?hash=`: public receipt verification. */
export function verifySubmissionApi(request: Request, app: AppContext, number: string): Response {
  const hash = new URL(request.url).searchParams.get("hash") ?? "";
  if (!/^sha256:[0-9a-fA-F]{64}$/.test(hash)) return apiError(400, "invalid_query", "hash must be sha256: followed by 64 hex digits.", { fields: { hash: ["must be sha256:<64 hex>"] } });
  if (!isRegistryNumber(number)) return apiError(404, "not_found", "No such submission.");
  const result = verifyReceipt(app.db, app.registry.key, number, hash);
  if (!result.found) return apiError(404, "not_found", "No such submission.");
  return apiJson(
    {
      number,
      valid: result.valid,
      hashMatches: result.hashMatches,
      intact: result.intact,
      signatureValid: result.signatureValid,
      withdrawn: result.withdrawn,
      filedAt: result.filedAt?.toISOString() ?? null,
      hash: result.hash,
      signature: result.signature,
      keyId: result.keyId,
      publicKey: app.registry.key.publicKeyPem,
    },
    { personal: false },
  );
}

function actingForOf(value: FormDataEntryValue | null): ActingFor | null {
  if (value === null || value === "" || value === "self") return { kind: "self" };
  const match = typeof value === "string" ? /^(?:org:)?([1-9]\d{0,11})$/.exec(value) : null;
  return match ? { kind: "organization", organizationId: Number(match[1]) } : null;
}

/**
 * `POST /api/v1/processes/{slug}/submissions` (multipart: title, body, clauses…, actingFor,
 * signedPublicly, corrects, attachments…): the same service and rules as the form.
 */
export async function fileSubmissionApi(request: Request, app: AppContext, slug: string): Promise<Response> {
  if (!app.user) return apiError(401, "unauthorized", "Sign in or send a bearer token.");
  if (!app.uploads) return apiError(415, "unsupported_media_type", "Send the submission as multipart/form-data.");
  const form = await request.formData();
  const actingFor = actingForOf(form.get("actingFor"));
  if (!actingFor) return apiError(400, "invalid_body", "actingFor must be self or an organization id.", { fields: { actingFor: ["must be self or an organization id"] } });
  try {
    const filed = await fileSubmission(
      { db: app.db, registry: app.registry, mailOrigin: app.mailOrigin },
      app.user,
      slug,
      {
        title: String(form.get("title") ?? ""),
        body: String(form.get("body") ?? ""),
        clauseIds: form.getAll("clauses").map(String),
        actingFor,
        signedPublicly: ["on", "true", "1"].includes(String(form.get("signedPublicly") ?? "")),
        corrects: form.get("corrects") ? String(form.get("corrects")) : null,
        uploads: app.uploads,
      },
      app.now,
    );
    const view = getSubmission(app.db, app.user, filed.number, app.now());
    return apiJson(withLinks(presentSubmission(view)), { status: 201, personal: true, headers: { Location: `/api/v1/submissions/${filed.number}` } });
  } catch (error) {
    if (error instanceof AttachmentRejectedError) {
      return apiError(400, "attachment_rejected", `Attachment "${error.fileName}" refused (${error.reason}).`, { fields: { attachments: [`${error.fileName}: ${error.reason}`] } });
    }
    if (error instanceof ValidationError) return apiError(400, "invalid_body", "The submission fails validation.", { fields: error.fieldErrors });
    if (error instanceof SubmissionsClosedError) {
      return apiError(403, "phase_closed", `Filing is closed${error.endsAt ? ` since ${error.endsAt.toISOString()}` : ""}; nothing was registered and the attachments were discarded.`);
    }
    if (error instanceof ForbiddenError) return apiError(403, "forbidden", error.action === "submission.fileOnBehalf" ? "You do not represent that organization." : "You may not file submissions.");
    if (error instanceof NotFoundError) return apiError(404, "not_found", "No such process.");
    throw error;
  }
}
