import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ValidationError } from "../../server/errors";
import { saveImportedDraft } from "../../server/services/documents/import-draft";
import { importDocument, MAX_IMPORT_BYTES } from "../../server/services/documents/import/import-document";
import { ImportError } from "../../server/services/documents/import/import-error";
import { documentPreview } from "../../server/services/documents/preview";
import { latestVersionDoc, matchAgainstLatest, ReimportStaleError } from "../../server/services/documents/reimport/reimport-preview";
import { parseDraftContent } from "../../server/services/documents/save-draft";
import { getProcessForEditing } from "../../server/services/process-admin";
import { CsrfInput } from "../components/CsrfInput";
import { DocumentPreviewView } from "../components/process-admin/DocumentPreviewView";
import { MismatchList, useImportProblemText, type ImportProblem } from "../components/process-admin/ProblemList";
import { ProcessAdminNav } from "../components/process-admin/ProcessAdminNav";
import { ReimportMatchView } from "../components/process-admin/ReimportMatchView";
import { useT } from "../i18n/i18n";
import { requirePermission } from "../utils/guards.server";
import { runService } from "../utils/service-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.process.title} · Importar · Redacta` : "Redacta" }];

export function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "process.edit", null);
  const { db, now } = context.app;
  const p = runService(() => getProcessForEditing(db, user, params.slug ?? "", now()));
  return {
    process: { slug: p.slug, title: p.title, kind: p.kind, hasDraft: p.draftUpdatedAt !== null, latestVersion: p.latestVersion?.number ?? null },
    maxMiB: MAX_IMPORT_BYTES / (1024 * 1024),
  };
}

function problemOf(error: ImportError): ImportProblem {
  return { code: error.code, location: error.location, params: error.params, mismatches: error.mismatches };
}

function failed(problem: ImportProblem, status = 400) {
  return data({ step: "error" as const, problem }, { status });
}

/** The `match.*` pairing fields of the confirm form, as strings. */
function matchFields(formData: FormData): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, value] of formData.entries()) if (name.startsWith("match.") && typeof value === "string") out.push([name, value]);
  return out;
}

function basedOnOf(formData: FormData): number | null {
  const raw = formData.get("basedOn");
  return typeof raw === "string" && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
}

/**
 * Two steps. "preview": parse the uploaded file (nothing stored) and show the structure with
 * the parsed JSON in a hidden field. "save": validate that JSON again through the schema and
 * store it as the draft. Every problem is a 400 (413 for a file over the limit) naming the
 * line or paragraph, and nothing is stored.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requirePermission(context, request, "process.edit", null);
  const { db, now } = context.app;
  const process = runService(() => getProcessForEditing(db, actor, params.slug ?? "", now()));
  const formData = await request.formData();
  const intent = formData.get("intent");

  /** The preview answer: structure, and the clause matching when the process has versions. */
  const previewOf = (doc: ReturnType<typeof parseDraftContent>, fileName: string, fields: Array<[string, string]>, basedOn: number | null) => {
    const latest = latestVersionDoc(db, process.id);
    const reimport = latest ? matchAgainstLatest(latest, doc, fields, basedOn).preview : null;
    return data({ step: "preview" as const, fileName, content: JSON.stringify(doc.toJSON()), preview: documentPreview(doc), reimport });
  };
  const handled = (error: unknown) => {
    if (error instanceof ImportError) return failed(problemOf(error));
    if (error instanceof ReimportStaleError) return failed({ code: "stale_preview", location: null, params: {}, mismatches: [] }, 409);
    if (error instanceof ValidationError) {
      const corrections = error.fieldErrors.corrections?.[0];
      return failed({ code: corrections ? "invalid_corrections" : "invalid_preview", location: null, params: {}, mismatches: [] });
    }
    throw error;
  };

  if (intent === "save" || intent === "rematch") {
    const content = formData.get("content");
    const rawName = formData.get("fileName");
    const fileName = typeof rawName === "string" ? rawName : "";
    if (typeof content !== "string" || content === "") return failed({ code: "missing_preview", location: null, params: {}, mismatches: [] });
    const fields = matchFields(formData);
    const basedOn = basedOnOf(formData);
    try {
      if (intent === "rematch") return previewOf(parseDraftContent(content, process.kind), fileName, fields, basedOn);
      runService(() => saveImportedDraft(db, actor, { slug: process.slug, content, fileName, fields, basedOn }, now()));
    } catch (error) {
      return handled(error);
    }
    return redirect(`/admin/processes/${process.slug}/publish?done=imported`, { status: 303 });
  }

  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0 || file.name === "") return failed({ code: "file_required", location: null, params: {}, mismatches: [] });
  if (file.size > MAX_IMPORT_BYTES) {
    return failed({ code: "file_too_large", location: null, params: { max: String(MAX_IMPORT_BYTES / (1024 * 1024)) }, mismatches: [] }, 413);
  }
  try {
    const doc = await importDocument({ kind: process.kind, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    return previewOf(doc, file.name, [], null);
  } catch (error) {
    return handled(error);
  }
}

export default function ImportPage() {
  const { process, maxMiB } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const problemText = useImportProblemText();
  const busy = navigation.state === "submitting";
  return (
    <div className="process-admin">
      <ProcessAdminNav slug={process.slug} title={process.title} />
      <section className="card import-upload" aria-labelledby="upload-title">
        <h2 id="upload-title">{t("processAdmin.import.title")}</h2>
        <p id="import-help">{t(process.kind === "budget" ? "processAdmin.import.helpBudget" : "processAdmin.import.helpRegulation")}</p>
        {process.kind === "budget" ? (
          <pre className="import-example" aria-label={t("processAdmin.import.exampleLabel")}>
            {"# Presupuestos Participativos 2027\nCódigo | Programa | Distrito | Descripción | Importe\nC-01 | 1532 | Centro | Pavimentación calle Mayor | 120.000,00 €\nTotal distrito | Centro | 120.000,00 €\nTotal | 120.000,00 €"}
          </pre>
        ) : (
          <pre className="import-example" aria-label={t("processAdmin.import.exampleLabel")}>
            {"# Ordenanza de Movilidad\n## Exposición de motivos\n…\n## Capítulo I. Disposiciones generales\n### Artículo 1. Objeto\n1. Esta ordenanza regula…\na) …\n## Disposición final única. Entrada en vigor"}
          </pre>
        )}
        <Form method="post" encType="multipart/form-data" className="form" aria-describedby="import-help">
          <CsrfInput />
          <input type="hidden" name="intent" value="preview" />
          <div className="field">
            <label htmlFor="import-file">{t("processAdmin.import.file")}</label>
            <input
              id="import-file"
              type="file"
              name="file"
              required
              accept=".md,.markdown,.txt,.docx,text/markdown,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
              aria-describedby="import-file-hint"
            />
            <p id="import-file-hint" className="field__hint">
              {t("processAdmin.import.fileHint", { max: String(maxMiB) })}
            </p>
          </div>
          <div>
            <button type="submit" disabled={busy}>
              {t("processAdmin.import.previewSubmit")}
            </button>
          </div>
        </Form>
      </section>

      {actionData?.step === "error" ? (
        <div className="form-error import-error" role="alert">
          <p>{problemText(actionData.problem)}</p>
          <MismatchList mismatches={actionData.problem.mismatches} />
          <p>{t("processAdmin.import.nothingSaved")}</p>
        </div>
      ) : null}

      {actionData?.step === "preview" ? (
        <>
          <section className="card import-confirm" aria-labelledby="confirm-title">
            <h2 id="confirm-title">{t("processAdmin.import.confirmTitle")}</h2>
            <p>{t("processAdmin.import.confirmFile", { file: actionData.fileName })}</p>
            {process.hasDraft ? (
              <p className="import-confirm__warning">{t(actionData.reimport ? "processAdmin.import.replaceWarningKept" : "processAdmin.import.replaceWarning")}</p>
            ) : null}
            {actionData.reimport?.dropsAll ? (
              <p className="import-confirm__warning" role="alert">
                {t("processAdmin.import.dropAllWarning", { number: String(actionData.reimport.versionNumber) })}
              </p>
            ) : null}
            <Form method="post" encType="multipart/form-data" key={actionData.content.length + JSON.stringify(actionData.reimport?.summary ?? null)}>
              <CsrfInput />
              <input type="hidden" name="fileName" value={actionData.fileName} />
              <input type="hidden" name="content" value={actionData.content} />
              {actionData.reimport ? (
                <>
                  <input type="hidden" name="basedOn" value={actionData.reimport.versionNumber} />
                  <ReimportMatchView reimport={actionData.reimport} />
                </>
              ) : null}
              <div className="import-confirm__actions">
                {actionData.reimport ? (
                  <button type="submit" name="intent" value="rematch" className="button--secondary" disabled={busy}>
                    {t("processAdmin.import.match.rematchSubmit")}
                  </button>
                ) : null}
                <button type="submit" name="intent" value="save" disabled={busy}>
                  {t("processAdmin.import.saveSubmit")}
                </button>
              </div>
            </Form>
          </section>
          <DocumentPreviewView preview={actionData.preview} headingId="preview-title" />
        </>
      ) : null}
    </div>
  );
}
